import request from 'supertest';
import type { SampleInstance } from './sample-instance';

/**
 * One browser: its session cookie goes to whichever instance it calls, as behind a load
 * balancer without sticky sessions.
 */
export class Browser {
  /** `sid=...` as last set by any instance. */
  cookie?: string;

  get(instance: SampleInstance, path: string): Promise<request.Response> {
    return this.send(instance, 'get', path);
  }

  post(instance: SampleInstance, path: string, body?: object): Promise<request.Response> {
    return this.send(instance, 'post', path, body);
  }

  private async send(
    instance: SampleInstance,
    method: 'get' | 'post',
    path: string,
    body?: object,
  ): Promise<request.Response> {
    let pending = request(instance.url)[method](path);
    if (this.cookie) pending = pending.set('Cookie', this.cookie);
    if (body !== undefined) pending = pending.send(body);
    const res = await pending;
    const cookies = ([] as string[]).concat(res.headers['set-cookie'] ?? []);
    const sid = cookies.find((cookie) => cookie.startsWith('sid='));
    if (sid) this.cookie = sid.split(';')[0];
    return res;
  }
}
