import type { App } from 'supertest/types';
import request from 'supertest';
import type { Response } from 'supertest';
import { signedSessionId } from '../../support/signed-session-id';

type Method = 'get' | 'head' | 'post' | 'put' | 'patch' | 'delete' | 'options';

/**
 * A browser (or an attacker's script) talking to the app: keeps its own cookie
 * (the `sid` session cookie only, as the app sets it), can forge any header or
 * cookie, and writes every response to a shared transcript for the egress checks.
 */
export class AttackClient {
  /** The session cookie as sent back, `sid=s%3A...`. */
  cookie?: string;
  /** Headers of every request (e.g. those a TLS-terminating proxy adds). */
  defaultHeaders: Record<string, string> = {};

  constructor(
    private readonly server: App,
    private readonly transcript: string[],
  ) {}

  /** Session id inside the signed cookie value (see {@link signedSessionId}). */
  get sessionId(): string | undefined {
    if (!this.cookie) return undefined;
    const value = decodeURIComponent(this.cookie.slice(this.cookie.indexOf('=') + 1));
    return signedSessionId(value);
  }

  get(path: string, headers: Record<string, string> = {}): Promise<Response> {
    return this.send('get', path, undefined, headers);
  }

  post(path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Response> {
    return this.send('post', path, body, headers);
  }

  /**
   * One request with this client's cookie (plus any `extraCookie`); a string body is
   * sent raw (as JSON unless `headers` name a Content-Type), so malformed JSON and
   * prototype keys reach the parser as written.
   */
  async send(
    method: Method,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
    extraCookie?: string,
  ): Promise<Response> {
    let pending = request(this.server)[method](path);
    const cookies = [this.cookie, extraCookie].filter((c): c is string => !!c);
    if (cookies.length) pending = pending.set('Cookie', cookies.join('; '));
    if (typeof body === 'string' && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) {
      pending = pending.type('json');
    }
    pending = pending.set({ ...this.defaultHeaders, ...headers });
    if (body !== undefined) pending = pending.send(body as object);
    const res = await pending;
    this.record(res);
    return res;
  }

  /** Sends these headers with every request from now on. */
  withHeaders(headers: Record<string, string>): this {
    this.defaultHeaders = { ...this.defaultHeaders, ...headers };
    return this;
  }

  /** Forgets the cookie, or takes another one (a planted or stolen session). */
  useCookie(cookie: string | undefined): this {
    this.cookie = cookie;
    return this;
  }

  /** Records a response this client did not send (e.g. a raw request). */
  record(res: Response): void {
    this.transcript.push(`${res.status} ${JSON.stringify(res.headers)} ${res.text ?? ''}`);
    const set = ([] as string[])
      .concat(res.headers['set-cookie'] ?? [])
      .find((c) => /^(__Host-)?sid=/.test(c));
    if (set === undefined) return;
    const value = set.split(';')[0];
    // A cleared cookie (logout) has an empty value.
    this.cookie = value.endsWith('=') ? undefined : value;
  }
}
