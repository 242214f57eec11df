import { expectStatus, JsonClient, type JsonResponse } from './http-client';

/** A registered, verified account of the sample app. */
export interface FlowUser {
  username: string;
  password: string;
  phone: string;
  /** Loopback address its requests come from: the app limits PINs per client IP. */
  address: string;
  logins: number;
  /** `Date.now()` from which its next verification is admitted (the provider's `verifyPinLimit`). */
  readyAt: number;
}

/** The module's `verifyPinLimit` is one verification per 3 s per number; a margin for the clocks. */
const VERIFY_SPACING_MS = 3_200;

/** Reads the latest PIN sent to a destination (E.164 digits without `+`). */
export type PinReader = (destination: string) => Promise<string | undefined>;

/** What a timed run of flows achieved. */
export interface FlowRun {
  flowsPerSecond: number;
  flows: number;
  /** Why the run stopped before its time: every account used up, or the app refused a PIN (429). */
  stoppedBy?: string;
  /** Milliseconds a flow waited because every account with logins left had verified less than 3 s ago. */
  waitedMs: number;
}

/** The app refused to send a PIN: one of its send limits is reached. */
class SendLimitReached extends Error {}

/** The sample app's routes, driven as a browser would: one session cookie per flow. */
export class SampleAppDriver {
  private readonly client: JsonClient;
  private next = 0;

  constructor(
    baseUrl: string,
    private readonly readPin: PinReader,
    concurrency: number,
  ) {
    this.client = new JsonClient(baseUrl, concurrency);
  }

  /** Registers the account and confirms its phone with the registration PIN. */
  async register(user: FlowUser): Promise<void> {
    const { username, password, phone } = user;
    const registered = expectStatus(
      await this.client.send(
        'POST',
        '/auth/register',
        { username, password, phone },
        undefined,
        user.address,
      ),
      201,
      'register',
    );
    await this.verify(user, registered.cookie, 'registration verify');
  }

  /** One login -> PIN -> verify -> GET /account flow. */
  async flow(user: FlowUser): Promise<void> {
    const credentials = { username: user.username, password: user.password };
    const login = await this.client.send('POST', '/auth/login', credentials, undefined, user.address);
    if (login.status === 429) throw new SendLimitReached(describeRefusal(login));
    expectStatus(login, 200, 'login');
    const cookie = await this.verify(user, login.cookie, 'verify');
    const account = expectStatus(
      await this.client.send('GET', '/account', undefined, cookie, user.address),
      200,
      'account',
    );
    if ((account.body as { username?: string }).username !== user.username) {
      throw new Error('account of another user');
    }
  }

  /**
   * Runs flows with `concurrency` in flight for about `ms` milliseconds, each with the next
   * account that has logins left (`maxLogins` per account and day) and whose last verification
   * is more than 3 s old (the provider admits one verification per 3 s per number).
   */
  async run(users: FlowUser[], ms: number, concurrency: number, maxLogins: number): Promise<FlowRun> {
    const start = performance.now();
    const deadline = start + ms;
    let flows = 0;
    let waitedMs = 0;
    let stoppedBy: string | undefined;
    // The next account with logins left whose last verification is old enough; else how long to wait.
    const pick = (): FlowUser | number | undefined => {
      let soonest: number | undefined;
      for (let tried = 0; tried < users.length; tried++) {
        const user = users[this.next];
        this.next = (this.next + 1) % users.length;
        if (user.logins >= maxLogins) continue;
        const wait = user.readyAt - Date.now();
        if (wait <= 0) {
          user.logins++;
          user.readyAt = Number.POSITIVE_INFINITY;
          return user;
        }
        soonest = Math.min(soonest ?? wait, wait);
      }
      return soonest;
    };
    const worker = async (): Promise<void> => {
      while (stoppedBy === undefined && performance.now() < deadline) {
        const user = pick();
        if (user === undefined) {
          stoppedBy = `every account used its ${maxLogins} logins`;
          return;
        }
        if (typeof user === 'number') {
          const waitMs = Math.min(Number.isFinite(user) ? user : 50, 50);
          waitedMs += waitMs;
          await new Promise((resolve) => setTimeout(resolve, waitMs));
          continue;
        }
        try {
          await this.flow(user);
          flows++;
        } catch (error) {
          if (!(error instanceof SendLimitReached)) throw error;
          stoppedBy = error.message;
        }
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    return { flowsPerSecond: flows / ((performance.now() - start) / 1000), flows, stoppedBy, waitedMs };
  }

  close(): void {
    this.client.close();
  }

  private async verify(user: FlowUser, cookie: string | undefined, what: string): Promise<string> {
    const pin = await this.readPin(user.phone.slice(1));
    if (!pin || !cookie) throw new Error(`${what}: no PIN was sent or no session cookie set`);
    user.readyAt = Date.now() + VERIFY_SPACING_MS;
    const verified = expectStatus(
      await this.client.send('POST', '/2fa/verify', { pin }, cookie, user.address),
      200,
      what,
    );
    return verified.cookie ?? cookie;
  }
}

function describeRefusal(response: JsonResponse): string {
  const body = response.body as { code?: string; message?: string };
  return `the app refused a PIN: 429 ${body.code ?? ''} "${body.message ?? ''}"`;
}
