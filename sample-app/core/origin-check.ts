const SAFE_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS']);

/** What {@link isAllowedOrigin} reads of a request, whatever framework received it. */
export interface OriginCheckRequest {
  method: string;
  /** `http` or `https`, following X-Forwarded-Proto only from a trusted proxy. */
  protocol: string;
  /** A request header by lower-case name. */
  header(name: string): string | undefined;
}

/**
 * Whether a request may go on: safe methods always; state-changing ones (POST, PUT, PATCH,
 * DELETE) unless `Sec-Fetch-Site` is `cross-site`, or `Origin` is present and is neither this
 * app's own origin (scheme and `Host` of the request) nor one of `allowed`. Browsers send these
 * headers on every such request; clients that send neither (curl, servers) are served.
 */
export function isAllowedOrigin(req: OriginCheckRequest, allowed: ReadonlySet<string>): boolean {
  return SAFE_METHODS.has(req.method) || isSameSite(req, allowed);
}

function isSameSite(req: OriginCheckRequest, allowed: ReadonlySet<string>): boolean {
  if (req.header('sec-fetch-site') === 'cross-site') return false;
  const origin = req.header('origin');
  if (origin === undefined) return true;
  const claimed = originOf(origin);
  if (claimed === undefined) return false; // e.g. `Origin: null` from a sandboxed frame
  const host = req.header('host');
  return (host !== undefined && claimed === originOf(`${req.protocol}://${host}`)) || allowed.has(claimed);
}

// Normalised scheme://host[:port] (lower case, default port dropped), undefined if not a URL.
function originOf(value: string): string | undefined {
  try {
    const { origin } = new URL(value);
    return origin === 'null' ? undefined : origin;
  } catch {
    return undefined;
  }
}
