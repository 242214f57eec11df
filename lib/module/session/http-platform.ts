/**
 * The few things the module reads and writes of a request and a response that differ between
 * Express (with express-session) and Fastify (with @fastify/session), each written for both.
 * Nest hands either to guards, interceptors, filters and controllers.
 */

import { createHash } from 'node:crypto';

/** A response of Express (`setHeader`, `headersSent`, `json`) or a reply of Fastify (`header`, `sent`, `send`). */
export interface PlatformResponse {
  setHeader?(name: string, value: string): unknown;
  header?(name: string, value: string): unknown;
  headersSent?: boolean;
  sent?: boolean;
  status(code: number): PlatformResponse;
  json?(body: unknown): unknown;
  send?(body: unknown): unknown;
}

/** The session id of a request: express-session's `req.sessionID`, @fastify/session's `req.session.sessionId`. */
export function sessionIdOf(req: unknown): string | undefined {
  const candidate = req as { sessionID?: unknown; session?: { sessionId?: unknown } | null } | undefined;
  const id = candidate?.sessionID ?? candidate?.session?.sessionId;
  return typeof id === 'string' && id !== '' ? id : undefined;
}

/** Whether the response has started, so that no header or status can be set any more. */
export function responseStarted(res: PlatformResponse): boolean {
  return res.headersSent === true || res.sent === true;
}

/** Sets a header on an Express response or a Fastify reply. */
export function setResponseHeader(res: PlatformResponse, name: string, value: string): void {
  if (typeof res.setHeader === 'function') res.setHeader(name, value);
  else if (typeof res.header === 'function') res.header(name, value);
}

/** Sends `body` as JSON with `status`. */
export function sendJson(res: PlatformResponse, status: number, body: unknown): void {
  const sending = res.status(status);
  if (typeof sending.json === 'function') sending.json(body);
  else sending.send?.(body);
}

/** First 16 hex characters of the SHA-256 of the session id, for correlating events. */
export function sessionIdHash(req: unknown): string | undefined {
  const id = sessionIdOf(req);
  return id ? createHash('sha256').update(id).digest('hex').slice(0, 16) : undefined;
}

/** Attributes of a cookie the module sets. */
export interface PlatformCookieOptions {
  httpOnly: boolean;
  sameSite: 'lax' | 'strict';
  secure: boolean;
  path: string;
  /** Lifetime in milliseconds; absent: a cookie for the browser session. */
  maxAgeMs?: number;
}

/** A response that can set cookies: Express's `res.cookie` (ms), @fastify/cookie's `reply.setCookie` (s). */
interface CookieResponse {
  cookie?(name: string, value: string, options: object): unknown;
  setCookie?(name: string, value: string, options: object): unknown;
  clearCookie?(name: string, options: object): unknown;
}

// Fastify hands guards and controllers the request alone: the module's routes link its reply here.
const responses = new WeakMap<object, CookieResponse>();

/** Links the response of a request, for requests that don't carry it (Fastify's). */
export function linkResponse(req: object, res: unknown): void {
  if (res && typeof res === 'object') responses.set(req, res as CookieResponse);
}

function responseOf(req: object): CookieResponse | undefined {
  return responses.get(req) ?? (req as { res?: CookieResponse }).res;
}

/** Sets a cookie on the response of `req` (Express, or Fastify with @fastify/cookie); false when it can't. */
export function setResponseCookie(
  req: object,
  name: string,
  value: string,
  options: PlatformCookieOptions,
): boolean {
  const res = responseOf(req);
  const { maxAgeMs, ...attributes } = options;
  if (typeof res?.setCookie === 'function') {
    // @fastify/cookie takes maxAge in seconds, as the Set-Cookie header does; Expires beside it, as
    // Express writes both (clients that know only Expires keep the cookie too).
    res.setCookie(name, value, {
      ...attributes,
      ...(maxAgeMs !== undefined
        ? { maxAge: Math.floor(maxAgeMs / 1000), expires: new Date(Date.now() + maxAgeMs) }
        : {}),
    });
    return true;
  }
  if (typeof res?.cookie === 'function') {
    res.cookie(name, value, { ...attributes, ...(maxAgeMs !== undefined ? { maxAge: maxAgeMs } : {}) });
    return true;
  }
  return false;
}

/** Clears a cookie on the response of `req`. */
export function clearResponseCookie(req: object, name: string, options: PlatformCookieOptions): void {
  responseOf(req)?.clearCookie?.(name, options);
}
