import { parseJsonKeepingInt64, toJson } from '../infobip/int64-json';
import { pinFromHash, pinToHash } from './redis-pin-hash';
import {
  ReplicaConfirmation,
  type RedisClient,
  type ReplicaConfirmationOptions,
} from './redis/replica-confirmation';
import { withTwoFactorScripts, type ScriptClient, type TwoFactorScript } from './redis/two-factor.commands';
import { TwoFactorKeys } from './redis/two-factor.keys';
import type {
  ApplicationRecord,
  CreatePinOutcome,
  PinRecord,
  ResendPinOutcome,
  SendLimits,
  TemplateRecord,
  TwoFactorStore,
  VerifyPinOutcome,
} from './two-factor-store.interface';

/** Options of {@link RedisTwoFactorStore}. */
export interface RedisTwoFactorStoreOptions {
  /**
   * An ioredis client the application owns; the store never closes it: a `Redis`
   * (one server, or the primary found through Sentinel) or a `Cluster`. For the
   * engine to fail fast (and the module to answer 503) while Redis is down, give
   * it `enableOfflineQueue: false` or a `commandTimeout`, and a small
   * `maxRetriesPerRequest`.
   */
  client: RedisClient;
  /**
   * Prefix of every key (apart from `RedisCounterStore`'s default `2fa:counter:`).
   * Without braces: the store tags its keys itself, one hash tag per destination, so
   * that on Redis Cluster each script finds its keys in one slot while destinations
   * spread over the shards (a tag in the prefix would put everything in one slot).
   * @default '2fa:'
   */
  prefix?: string;
  /**
   * Replica confirmation of every PIN write (sends counted, attempts used, single use), so
   * that a failover can't hand out attempts or a second use; `false` turns it off. See
   * {@link ReplicaConfirmationOptions}.
   * @default { replicas: 'auto', timeoutMs: 1000 }
   */
  confirmWrites?: ReplicaConfirmationOptions | false;
}

/**
 * {@link TwoFactorStore} on Redis, shared by every instance of the application
 * (give their engines the same secret). Runs on one server, behind Sentinel and on
 * Redis Cluster (key layout: `TwoFactorKeys`).
 *
 * Every check-and-update is a Lua script on the keys of one slot, so parallel
 * requests on any number of instances behave as if they ran one after another:
 * a verify finds the PIN's destination (`ref:` key, written once) and then
 * checks the destination's verify window and the PIN's attempts in one script;
 * a send or resend counts in its application's window and, in one script with
 * the PIN, in its destination's window, and takes the first count back when the
 * second refuses.
 *
 * Time is the caller's `now` only. Every PIN, destination list and rate-limit
 * window gets a TTL relative to that `now`, for garbage collection only: the
 * engine's clock never runs slower than real time, so Redis can't drop a live PIN
 * or window early, and records the engine's clock has left behind are ignored
 * until Redis drops them. Applications and templates have no TTL: Infobip's API
 * has no delete, so they live until removed by hand.
 *
 * A method rejects when Redis can't be reached, or a replica did not confirm a
 * write (`confirmWrites`): the engine then fails, and the module answers 503;
 * once Redis is back, calls work again.
 *
 * @example
 * const engine = new LocalTwoFactorEngine({
 *   store: new RedisTwoFactorStore({ client: new Redis(process.env.REDIS_URL) }),
 *   secret: process.env.TWO_FACTOR_SECRET,
 * });
 */
export class RedisTwoFactorStore implements TwoFactorStore {
  /** The key prefix in use. */
  readonly prefix: string;
  private readonly client: ScriptClient;
  private readonly keys: TwoFactorKeys;
  private readonly writes: ReplicaConfirmation;

  constructor(options: RedisTwoFactorStoreOptions) {
    if (!options?.client)
      throw new TypeError('RedisTwoFactorStore: options.client must be an ioredis client');
    const prefix = options.prefix ?? '2fa:';
    if (typeof prefix !== 'string' || /[{}]/.test(prefix))
      throw new TypeError(
        "RedisTwoFactorStore: options.prefix must be a string without '{' or '}'. Fix: drop the hash tag (e.g. '2fa:'); the store tags its keys per destination",
      );
    this.prefix = prefix;
    this.keys = new TwoFactorKeys(prefix);
    this.client = withTwoFactorScripts(options.client);
    this.writes = new ReplicaConfirmation(options.client, options.confirmWrites, 'RedisTwoFactorStore');
  }

  async getApplication(applicationId: string): Promise<ApplicationRecord | undefined> {
    const json = await this.client.hget(this.keys.records('apps')[0], applicationId);
    return json === null ? undefined : (JSON.parse(json) as ApplicationRecord);
  }

  async listApplications(): Promise<ApplicationRecord[]> {
    return this.listRecords<ApplicationRecord>(this.keys.records('apps'));
  }

  async putApplication(application: ApplicationRecord): Promise<void> {
    await this.putRecord(this.keys.records('apps'), application.applicationId, application);
  }

  async getTemplate(applicationId: string, messageId: string): Promise<TemplateRecord | undefined> {
    const json = await this.client.hget(this.keys.records('tpl', applicationId)[0], messageId);
    return json === null ? undefined : (parseJsonKeepingInt64(json) as TemplateRecord);
  }

  async listTemplates(applicationId: string): Promise<TemplateRecord[]> {
    return this.listRecords<TemplateRecord>(this.keys.records('tpl', applicationId));
  }

  async putTemplate(template: TemplateRecord): Promise<void> {
    const { applicationId, messageId } = template.message;
    await this.putRecord(this.keys.records('tpl', applicationId), messageId, template);
  }

  async createPin(pin: PinRecord, limits: SendLimits, now: number): Promise<CreatePinOutcome> {
    const group = this.keys.group(pin.applicationId, pin.to);
    const appWindow = this.keys.applicationWindow(pin.applicationId);
    const { perApplication: app, perDestination: dest } = limits;
    const admitted = await this.run<number[]>(
      'nestjsInfobip2faAdmit',
      appWindow,
      now,
      app.count,
      app.windowMs,
    );
    if (admitted[0] > 0) return { status: 'rate_limited', retryAfterMs: Number(admitted[0]) };
    const [retryAfterMs] = await this.run<number[]>(
      'nestjsInfobip2faCreatePin',
      this.keys.pin(group, pin.pinId),
      this.keys.pins(group),
      this.keys.destinationWindow(group),
      now,
      dest.count,
      dest.windowMs,
      ...pinToHash(pin),
    );
    if (retryAfterMs > 0) {
      await this.client.nestjsInfobip2faRefund(appWindow, String(admitted[1]));
      return { status: 'rate_limited', retryAfterMs: Number(retryAfterMs) };
    }
    const ttl = pin.keepUntil - now;
    if (ttl > 0) await this.client.set(this.keys.ref(pin.pinId), group, 'PX', ttl);
    return { status: 'created' };
  }

  async getPin(pinId: string, now: number): Promise<PinRecord | undefined> {
    const group = await this.client.get(this.keys.ref(pinId));
    if (group === null) return undefined;
    const pin = pinFromHash(await this.client.hgetall(this.keys.pin(group, pinId)));
    return pin && now < pin.keepUntil ? pin : undefined;
  }

  async resendPin(pinId: string, limits: SendLimits, now: number): Promise<ResendPinOutcome> {
    const group = await this.client.get(this.keys.ref(pinId));
    if (group === null) return { status: 'not_found' };
    const { perApplication: app, perDestination: dest } = limits;
    const destWindow = this.keys.destinationWindow(group);
    const [status, detail, resetAt] = await this.run<[string, unknown, unknown]>(
      'nestjsInfobip2faResendPin',
      this.keys.pin(group, pinId),
      destWindow,
      now,
      dest.count,
      dest.windowMs,
    );
    switch (status) {
      case 'resent': {
        const pin = pinFromHash(detail as string[]);
        if (!pin) return { status: 'not_found' };
        const appWindow = this.keys.applicationWindow(pin.applicationId);
        const [retryAfterMs] = await this.run<number[]>(
          'nestjsInfobip2faAdmit',
          appWindow,
          now,
          app.count,
          app.windowMs,
        );
        if (retryAfterMs === 0) return { status, pin };
        await this.client.nestjsInfobip2faRefund(destWindow, String(resetAt));
        return { status: 'rate_limited', retryAfterMs: Number(retryAfterMs) };
      }
      case 'rate_limited':
        return { status, retryAfterMs: Number(detail) };
      case 'not_found':
      case 'expired':
      case 'verified':
      case 'locked':
        return { status };
      default:
        throw new Error(`RedisTwoFactorStore: unexpected resend outcome ${status}`);
    }
  }

  async verifyPin(pinId: string, correct: boolean, now: number): Promise<VerifyPinOutcome> {
    const group = await this.client.get(this.keys.ref(pinId));
    if (group === null) return { status: 'not_found' };
    const [status, to, attempts] = await this.run<[string, unknown, unknown]>(
      'nestjsInfobip2faVerifyPin',
      this.keys.pin(group, pinId),
      this.keys.verifyWindow(group),
      correct ? 1 : 0,
      now,
    );
    switch (status) {
      case 'not_found':
        return { status };
      case 'rate_limited':
        return { status, retryAfterMs: Number(to) };
      case 'expired':
      case 'no_attempts':
      case 'wrong':
      case 'verified':
        return { status, to: String(to), attemptsRemaining: Number(attempts) };
      default:
        throw new Error(`RedisTwoFactorStore: unexpected verify outcome ${status}`);
    }
  }

  /**
   * The destination's live PINs, oldest first: its list, then each record (one
   * round trip for all); ids whose record Redis has already dropped leave the list.
   */
  async listPins(applicationId: string, to: string, now: number): Promise<PinRecord[]> {
    const group = this.keys.group(applicationId, to);
    const list = this.keys.pins(group);
    const pinIds = await this.client.lrange(list, 0, -1);
    if (pinIds.length === 0) return [];
    const hashes = await Promise.all(pinIds.map((pinId) => this.client.hgetall(this.keys.pin(group, pinId))));
    const gone = pinIds.filter((_, i) => Object.keys(hashes[i]).length === 0);
    if (gone.length > 0) await Promise.all(gone.map((pinId) => this.client.lrem(list, 1, pinId)));
    return hashes.flatMap((hash) => {
      const pin = pinFromHash(hash);
      return pin && now < pin.keepUntil ? [pin] : [];
    });
  }

  /** Nothing to release: the client belongs to the application, which closes it. */
  async close(): Promise<void> {}

  /** A script that changes security-relevant state: confirmed by replicas (`confirmWrites`). */
  private run<T>(script: TwoFactorScript, ...args: (string | number)[]): Promise<T> {
    return this.writes.run<T>(script, ...args);
  }

  private async putRecord([hash, order]: [string, string], id: string, record: object): Promise<void> {
    await this.run('nestjsInfobip2faPutRecord', hash, order, id, toJson(record));
  }

  private async listRecords<T>([hash, order]: [string, string]): Promise<T[]> {
    const records = await this.client.nestjsInfobip2faListRecords(hash, order);
    return records.flatMap((json) => (json === null ? [] : [parseJsonKeepingInt64(json) as T]));
  }
}
