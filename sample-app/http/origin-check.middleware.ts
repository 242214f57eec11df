import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { CROSS_SITE_REQUEST } from '../core/error-bodies';
import { isAllowedOrigin } from '../core/origin-check';

/** Options of {@link originCheck}. */
export interface OriginCheckOptions {
  /** Other origins allowed to make state-changing requests, e.g. a front end on its own host. Default none. */
  allowedOrigins?: readonly string[];
}

/**
 * Refuses cross-site state-changing requests with 403 `cross_site_request` (see
 * {@link isAllowedOrigin}). With a JSON-only API this replaces CSRF tokens; SameSite=Lax cookies
 * are the second line.
 */
export function originCheck(options: OriginCheckOptions = {}): RequestHandler {
  const allowed = new Set(options.allowedOrigins ?? []);
  return (req: Request, res: Response, next: NextFunction) => {
    // `req.protocol` follows X-Forwarded-Proto only when 'trust proxy' is set (production).
    const request = { method: req.method, protocol: req.protocol, header: (name: string) => req.get(name) };
    if (isAllowedOrigin(request, allowed)) return next();
    res.status(403).json(CROSS_SITE_REQUEST);
  };
}
