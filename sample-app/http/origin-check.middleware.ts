import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { ErrorBody } from './error-body';

const SAFE_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Options of {@link originCheck}. */
export interface OriginCheckOptions {
  /** Other origins allowed to make state-changing requests, e.g. a front end on its own host. Default none. */
  allowedOrigins?: readonly string[];
}

/**
 * Refuses cross-site state-changing requests (POST, PUT, PATCH, DELETE) with 403
 * `cross_site_request`: when `Sec-Fetch-Site` is `cross-site`, or when `Origin` is present and is
 * neither this app's own origin (scheme and `Host` of the request) nor an allowed one. Browsers
 * send these headers on every such request; clients that send neither (curl, servers) are served.
 * With a JSON-only API this replaces CSRF tokens; SameSite=Lax cookies are the second line.
 */
export function originCheck(options: OriginCheckOptions = {}): RequestHandler {
  const allowed = new Set(options.allowedOrigins ?? []);
  return (req: Request, res: Response, next: NextFunction) => {
    if (SAFE_METHODS.has(req.method) || isSameSite(req, allowed)) return next();
    const body: ErrorBody = {
      statusCode: 403,
      code: 'cross_site_request',
      message: 'Cross-site request refused',
    };
    res.status(403).json(body);
  };
}

function isSameSite(req: Request, allowed: ReadonlySet<string>): boolean {
  if (req.get('sec-fetch-site') === 'cross-site') return false;
  const origin = req.get('origin');
  if (origin === undefined) return true;
  const claimed = originOf(origin);
  if (claimed === undefined) return false; // e.g. `Origin: null` from a sandboxed frame
  const host = req.get('host');
  // `req.protocol` follows X-Forwarded-Proto only when 'trust proxy' is set (production).
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
