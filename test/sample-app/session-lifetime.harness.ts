import session, { type SessionData } from 'express-session';
import { ManualClock } from 'nestjs-infobip-2fa/testing';
import type { SamplePlatform } from '../../sample-app/config/sample-config';
import { createSampleServer, type SampleServer } from '../../sample-app/sample-server';
import { SampleClient } from './sample-app.client';

export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;
// The engine accepts one verification per 3 s.
const VERIFY_INTERVAL_MS = 3_000;

/** An account of the sample app, with what it signs in with. */
export interface LifetimeAccount {
  username: string;
  password: string;
  phone: string;
}

/**
 * The sample app on the embedded engine, on a clock that stands still until moved and an
 * inspectable session store. The absolute session timeout runs on that clock; the idle timeout
 * is the cookie's maxAge, on real time, so moving the clock leaves it alone. One per test file:
 * passport's strategies and serializers are process-wide, the last or first app's win.
 */
export class SessionLifetimeHarness {
  readonly clock = new ManualClock();
  readonly store = new session.MemoryStore();
  private readonly transcript: string[] = [];
  private serial = 0;
  private app?: SampleServer;

  constructor(private readonly platform: SamplePlatform = 'nest-express') {}

  async start(env: Record<string, string> = {}): Promise<void> {
    this.app = await createSampleServer(
      { SAMPLE_PLATFORM: this.platform, TWO_FACTOR_PROVIDER: 'local', ...env },
      { logger: false, printPins: false, clock: this.clock, sessionStore: this.store },
    );
  }

  async close(): Promise<void> {
    await this.app?.close();
  }

  client(): SampleClient {
    if (!this.app) throw new Error('start() first');
    return new SampleClient(this.app.server, this.transcript);
  }

  /** Moves the app's clock forward to `time` (epoch ms). */
  moveTo(time: number): void {
    this.clock.advance(time - this.clock.now());
  }

  /** The stored session of this id; undefined or null once destroyed. */
  stored(sid: string | undefined): Promise<SessionData | null | undefined> {
    return new Promise((resolve, reject) => {
      if (sid === undefined) return reject(new Error('no session cookie was set'));
      this.store.get(sid, (error, data) => (error ? reject(error) : resolve(data)));
    });
  }

  /** Overwrites the stored session of this id. */
  overwrite(sid: string, data: SessionData): Promise<void> {
    return new Promise((resolve, reject) =>
      this.store.set(sid, data, (error) => (error ? reject(error) : resolve())),
    );
  }

  /** Registers a new account and verifies its PIN: the returned client is signed in. */
  async register(): Promise<{ account: LifetimeAccount; client: SampleClient }> {
    this.serial += 1;
    const account = {
      username: `lifetime-${this.serial}`,
      password: `pass-lifetime-${this.serial}`,
      phone: `+41792${String(this.serial).padStart(6, '0')}`,
    };
    const client = this.client();
    expect((await client.post('/auth/register', account)).status).toBe(201);
    await this.verifyLatest(client, account.phone);
    return { account, client };
  }

  /**
   * Password sign-in from a new client, and its PIN four minutes later. Returns the client
   * and the time of the password (epoch ms, the app's clock).
   */
  async signIn(account: LifetimeAccount): Promise<{ client: SampleClient; signedInAt: number }> {
    const client = this.client();
    const signedInAt = this.clock.now();
    const res = await client.post('/auth/login', { username: account.username, password: account.password });
    expect(res.status).toBe(200);
    this.clock.advance(4 * MINUTE_MS);
    await this.verifyLatest(client, account.phone);
    return { client, signedInAt };
  }

  /** Enters the latest PIN sent to `phone` (E.164), a verification interval later. */
  async verifyLatest(client: SampleClient, phone: string): Promise<void> {
    if (!this.app?.outbox) throw new Error('start() first');
    const message = this.app.outbox.list(phone.slice(1)).at(-1);
    if (!message) throw new Error(`no message sent to ${phone}`);
    this.clock.advance(VERIFY_INTERVAL_MS);
    expect((await client.post('/2fa/verify', { pin: message.pin })).status).toBe(200);
  }
}

/** Asserts that this client is anonymous: `GET /account` answers 401 two_factor_required. */
export async function expectSignedOut(client: SampleClient): Promise<void> {
  const res = await client.get('/account');
  expect({ status: res.status, code: res.body.code }).toEqual({ status: 401, code: 'two_factor_required' });
}
