import request from 'supertest';
import { PASSWORD } from '../module/two-factor-test-app';

/** An application instance as a browser reaches it. */
export interface BrowsedInstance {
  app: { getHttpServer(): unknown };
}

/** A browser whose session cookie (`sid`) goes to either instance of an application. */
export class Browser {
  cookie?: string;

  async send(instance: BrowsedInstance, method: 'get' | 'post', path: string, body?: object) {
    let pending = request(instance.app.getHttpServer() as never)[method](path);
    if (this.cookie) pending = pending.set('Cookie', this.cookie);
    const res = await (body ? pending.send(body) : pending);
    const sid = ([] as string[]).concat(res.headers['set-cookie'] ?? []).find((c) => c.startsWith('sid='));
    if (sid) this.cookie = sid.split(';')[0];
    return res;
  }

  /** Signs in through the test app's login route. */
  login(instance: BrowsedInstance, username: string, phone: string) {
    return this.send(instance, 'post', '/login', { username, password: PASSWORD, phone });
  }

  verify(instance: BrowsedInstance, pin: string) {
    return this.send(instance, 'post', '/2fa/verify', { pin });
  }
}
