import type { App } from 'supertest/types';
import request from 'supertest';
import type { Response } from 'supertest';
import { signedSessionId } from '../support/signed-session-id';

type Method = 'get' | 'head' | 'post' | 'put' | 'patch' | 'delete';

/**
 * A browser-like client of the sample app: keeps cookies (supertest agent), remembers the
 * current session id, and writes every response (status line, headers, body) to a shared
 * transcript so a test can check what the app ever showed.
 */
export class SampleClient {
  private readonly agent: ReturnType<typeof request.agent>;
  /** Session id of the last `sid` cookie the app set; undefined once cleared. */
  sessionId?: string;
  /** That cookie as sent back (`sid=...`), to replay it from another client. */
  sessionCookie?: string;

  constructor(
    server: App,
    private readonly transcript: string[],
  ) {
    this.agent = request.agent(server);
  }

  get(path: string, headers: Record<string, string> = {}): Promise<Response> {
    return this.send('get', path, undefined, headers);
  }

  post(path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Response> {
    return this.send('post', path, body, headers);
  }

  async send(
    method: Method,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Response> {
    let pending = (this.agent as any)[method](path).set(headers);
    if (body !== undefined)
      pending = typeof body === 'string' ? pending.type('json').send(body) : pending.send(body);
    const res: Response = await pending;
    this.transcript.push(`${res.status} ${JSON.stringify(res.headers)} ${res.text ?? ''}`);
    this.trackSession(res);
    return res;
  }

  private trackSession(res: Response): void {
    const cookies = ([] as string[]).concat(res.headers['set-cookie'] ?? []);
    const sid = cookies.find((cookie) => cookie.startsWith('sid='));
    if (sid === undefined) return;
    this.sessionCookie = sid.split(';')[0];
    const value = decodeURIComponent(this.sessionCookie.slice('sid='.length));
    this.sessionId = signedSessionId(value);
  }
}
