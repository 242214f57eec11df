// Ids go into key names and hash tags: escape what would end a field or a tag.
const ESCAPES: Record<string, string> = { '%': '%25', ':': '%3A', '{': '%7B', '}': '%7D' };
const escape = (id: string): string => id.replace(/[%:{}]/g, (char) => ESCAPES[char]);

/**
 * Key names of the Redis two-factor store, laid out for Redis Cluster: the keys one script
 * touches share a hash tag, hence a slot, and different destinations (and applications) get
 * different tags, so they spread over the cluster's shards.
 *
 * Under the prefix (ids escaped: `%` `:` `{` `}` as `%25` `%3A` `%7B` `%7D`):
 * - `{app:to}:pin:{pinId}` hash, the PIN record; TTL until `keepUntil`;
 * - `{app:to}:pins` list of the destination's pinIds, oldest first;
 * - `{app:to}:win:dest`, `{app:to}:win:verify` the destination's send and verify windows;
 * - `ref:{pinId}` string `app:to`, the destination group of a PIN (its tag); TTL until `keepUntil`;
 * - `win:app:{app}` the application's send window (hashes `{c: count, r: resetAt}`);
 * - `{apps}` / `{apps}:order`, `{tpl:app}` / `{tpl:app}:order`: applications and templates.
 */
export class TwoFactorKeys {
  constructor(private readonly prefix: string) {}

  /** The destination group of `applicationId` and `to`, as `ref:` keys hold it. */
  group(applicationId: string, to: string): string {
    return `${escape(applicationId)}:${escape(to)}`;
  }

  pin(group: string, pinId: string): string {
    return `${this.prefix}{${group}}:pin:${pinId}`;
  }

  pins(group: string): string {
    return `${this.prefix}{${group}}:pins`;
  }

  destinationWindow(group: string): string {
    return `${this.prefix}{${group}}:win:dest`;
  }

  verifyWindow(group: string): string {
    return `${this.prefix}{${group}}:win:verify`;
  }

  ref(pinId: string): string {
    return `${this.prefix}ref:${pinId}`;
  }

  applicationWindow(applicationId: string): string {
    return `${this.prefix}win:app:${escape(applicationId)}`;
  }

  /** A hash of records and the list of their ids in creation order, in one slot. */
  records(name: 'apps' | 'tpl', applicationId?: string): [hash: string, order: string] {
    const tag = applicationId === undefined ? name : `${name}:${escape(applicationId)}`;
    return [`${this.prefix}{${tag}}`, `${this.prefix}{${tag}}:order`];
  }
}
