/**
 * The few things the sample app does to a response, written for an Express response and for a
 * Fastify reply (with @fastify/cookie), so that its filters and controllers serve both platforms.
 */

/** An Express response or a Fastify reply, as far as this file uses them. */
interface AnyReply {
  headersSent?: boolean;
  sent?: boolean;
  getHeader(name: string): unknown;
  setHeader?(name: string, value: string): unknown;
  header?(name: string, value: string): unknown;
  status(code: number): AnyReply;
  json?(body: unknown): unknown;
  send?(body: unknown): unknown;
  cookie?(name: string, value: string, options: object): unknown;
  setCookie?(name: string, value: string, options: object): unknown;
}

// Fastify hands guards and controllers the request alone: its reply is linked here.
const REPLY = Symbol('reply of this request');

/** Links a Fastify reply to its request (an `onRequest` hook does it for every request). */
export function linkReply(request: object, reply: object): void {
  Object.defineProperty(request, REPLY, { value: reply, enumerable: false });
}

/** The response of a request: Express's `req.res`, or the Fastify reply linked to it. */
export function replyOf(req: object): unknown {
  return (req as { [REPLY]?: unknown })[REPLY] ?? (req as { res?: unknown }).res;
}

/** Whether the response has started, so that no header or status can be set any more. */
export function replyStarted(res: unknown): boolean {
  const reply = res as AnyReply;
  return reply.headersSent === true || reply.sent === true;
}

/** Sets a header unless the response already has one of that name. */
export function setHeaderOnce(res: unknown, name: string, value: string): void {
  const reply = res as AnyReply;
  if (reply.getHeader(name) !== undefined) return;
  if (typeof reply.setHeader === 'function') reply.setHeader(name, value);
  else reply.header?.(name, value);
}

/** Sends `body` as JSON with `status`. */
export function sendJson(res: unknown, status: number, body: unknown): void {
  const sending = (res as AnyReply).status(status);
  if (typeof sending.json === 'function') sending.json(body);
  else sending.send?.(body);
}

/** Whether the request came over HTTPS (as its platform's proxy trust sees it). */
export function isSecureRequest(req: object): boolean {
  const { secure, protocol } = req as { secure?: boolean; protocol?: string };
  return secure ?? protocol === 'https';
}

/** Attributes of a cookie the sample app sets. */
export interface ReplyCookieOptions {
  httpOnly: boolean;
  sameSite: 'lax';
  secure: boolean;
  path: string;
  /** Lifetime in milliseconds. */
  maxAgeMs: number;
}

/** Sets a cookie on the response of `req`: Express's `res.cookie` (ms), @fastify/cookie's `setCookie` (s). */
export function setReplyCookie(req: object, name: string, value: string, options: ReplyCookieOptions): void {
  const reply = replyOf(req) as AnyReply | undefined;
  const { maxAgeMs, ...attributes } = options;
  if (typeof reply?.setCookie === 'function') {
    // Expires beside Max-Age, as Express writes them: clients that know only Expires keep it too.
    reply.setCookie(name, value, {
      ...attributes,
      maxAge: Math.floor(maxAgeMs / 1000),
      expires: new Date(Date.now() + maxAgeMs),
    });
  } else {
    reply?.cookie?.(name, value, { ...attributes, maxAge: maxAgeMs });
  }
}
