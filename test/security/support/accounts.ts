import type { OutboxMessage } from 'nestjs-infobip-2fa';
import type { AttackClient } from './attack-client';
import type { PlatformTarget } from './sample-target';

/** A sample-app account. */
export interface Account {
  username: string;
  password: string;
  /** E.164 with `+`. */
  phone: string;
}

/** The module's defaults the attacks lean on (DESIGN §4). */
export const DEFAULTS = {
  verifyIntervalMs: 3_000,
  resendCooldownMs: 30_000,
  pinTtlMs: 5 * 60_000,
  pinAttempts: 5,
  maxConsecutiveFailures: 10,
  /** Longer than the per-IP window (1h): a test that waits this long starts with fresh IP budgets. */
  hourAndMore: 61 * 60_000,
} as const;

/** Accounts with distinct names and Swiss mobile numbers (+41 79 ...). */
export class Accounts {
  private serial = 0;

  constructor(
    private readonly target: PlatformTarget,
    private readonly prefix: string,
    /** Headers every client of these accounts sends (e.g. a proxy's `X-Forwarded-Proto`). */
    private readonly headers: Record<string, string> = {},
  ) {}

  /** A new client of the target, with the accounts' headers. */
  client(): AttackClient {
    return this.target.client().withHeaders(this.headers);
  }

  /** A fresh account, not registered yet. */
  next(name = 'user'): Account {
    this.serial += 1;
    const n = this.serial;
    return {
      username: `${this.prefix}-${name}-${n}`.toLowerCase().slice(0, 32),
      password: `pass-${name}-${n}-long-enough`,
      phone: `+4179${String(n).padStart(7, '0')}`,
    };
  }

  /** The last PIN message sent to the account's phone. */
  latest(account: Account): OutboxMessage {
    const message = this.target.messages(account.phone).at(-1);
    if (!message) throw new Error(`no message sent to ${account.username}`);
    return message;
  }

  /** Registers and confirms an account; answers it. */
  async registered(name = 'user'): Promise<Account> {
    const account = this.next(name);
    const client = this.client();
    expect((await client.post('/auth/register', account)).status).toBe(201);
    expect((await this.verify(client, this.latest(account).pin)).status).toBe(200);
    return account;
  }

  /** Signs in with the password: a pending session. */
  async pending(account: Account, client = this.client()): Promise<AttackClient> {
    const res = await client.post('/auth/login', { username: account.username, password: account.password });
    expect(res.status).toBe(200);
    return client;
  }

  /** Signs in with password and PIN: a verified session. */
  async verified(account: Account, client = this.client()): Promise<AttackClient> {
    await this.pending(account, client);
    expect((await this.verify(client, this.latest(account).pin)).status).toBe(200);
    return client;
  }

  /** POST /2fa/verify after the provider's verify interval. */
  verify(client: AttackClient, pin: unknown): ReturnType<AttackClient['post']> {
    this.target.advance(DEFAULTS.verifyIntervalMs);
    return client.post('/2fa/verify', { pin });
  }
}

/** A PIN of the same shape that is certainly not `pin`. */
export function wrongPin(pin: string): string {
  return pin === '000000' ? '111111' : '000000';
}
