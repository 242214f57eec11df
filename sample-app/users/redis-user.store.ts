import type { RedisClient } from 'nestjs-infobip-2fa/redis';
import type { User } from './user';
import type { UserStore, UserStoreClock } from './user-store.interface';

// Every script touches one key, so the store works on a cluster, where an account's hash and its
// username index live in different slots.

// Takes a username over from the account that holds it, only if that is still the holder.
// KEYS: username key. ARGV: expected holder id, new id, ttl (ms, 0: none).
const TAKE_OVER = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
if tonumber(ARGV[3]) > 0 then
  redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
else
  redis.call('SET', KEYS[1], ARGV[2])
end
return 1
`;

// Only a live account gets the flag (never a half-written hash), and keeps its hash for good.
// KEYS: account key. ARGV: now.
const MARK_VERIFIED = `
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
local expires = redis.call('HGET', KEYS[1], 'expiresAt')
if expires and tonumber(expires) <= tonumber(ARGV[1]) then return 0 end
redis.call('HSET', KEYS[1], 'verified', '1')
redis.call('HDEL', KEYS[1], 'expiresAt')
redis.call('PERSIST', KEYS[1])
return 1
`;

// Deletes an account taken over, unless it was confirmed meanwhile (another instance's clock).
// KEYS: account key.
const DROP_UNCONFIRMED = `
if redis.call('HGET', KEYS[1], 'verified') == '1' then return 0 end
return redis.call('DEL', KEYS[1])
`;

// Keeps the username index of a confirmed account for good (it may have expired meanwhile).
// KEYS: username key. ARGV: id.
const KEEP_USERNAME = `
local holder = redis.call('GET', KEYS[1])
if holder == ARGV[1] then redis.call('PERSIST', KEYS[1]) return 1 end
if not holder then redis.call('SET', KEYS[1], ARGV[1]) return 1 end
return 0
`;

/**
 * Accounts in Redis, shared by every instance: a hash per account (`{prefix}user:{id}`, password
 * hash and salt in base64) and the username index (`{prefix}username:{name}` -> id). Each is one
 * key, so on a cluster accounts spread over the slots. Confirmed accounts are kept without
 * expiry, like any user database; unconfirmed ones carry `expiresAt` (checked on the 2FA module's
 * clock) and expire in Redis at the same time, username included.
 */
export class RedisUserStore implements UserStore {
  constructor(
    private readonly client: RedisClient,
    private readonly prefix: string,
    private readonly now: UserStoreClock = Date.now,
  ) {}

  /**
   * Writes the account under its new random id, then claims the username with `SET NX`: of two
   * instances registering one name at once, exactly one claims it; the other deletes its hash,
   * which no index pointed to. A name held by an expired unconfirmed account is taken over with a
   * compare-and-set on the index, so two takeovers can't both win either.
   */
  async insert(user: User): Promise<boolean> {
    const now = this.now();
    const ttl = user.expiresAt === undefined ? 0 : Math.max(1, user.expiresAt - now);
    const userKey = this.userKey(user.id);
    await this.client.hset(userKey, {
      id: user.id,
      username: user.username,
      phone: user.phone,
      salt: user.password.salt.toString('base64'),
      hash: user.password.hash.toString('base64'),
      verified: user.verified ? '1' : '0',
      ...(user.expiresAt !== undefined ? { expiresAt: String(user.expiresAt) } : {}),
    });
    if (ttl > 0) await this.client.pexpire(userKey, ttl);
    const usernameKey = this.usernameKey(user.username);
    const claimed =
      ttl > 0
        ? await this.client.set(usernameKey, user.id, 'PX', ttl, 'NX')
        : await this.client.set(usernameKey, user.id, 'NX');
    if (claimed === 'OK') return true;
    const holder = await this.client.get(usernameKey);
    if (holder !== null && (await this.findById(holder)) === undefined) {
      const taken = await this.client.eval(TAKE_OVER, 1, usernameKey, holder, user.id, String(ttl));
      if (taken === 1) {
        await this.client.eval(DROP_UNCONFIRMED, 1, this.userKey(holder));
        return true;
      }
    }
    await this.client.del(userKey);
    return false;
  }

  async findById(id: string): Promise<User | undefined> {
    const fields = await this.client.hgetall(this.userKey(id));
    if (!fields.id || !fields.username || !fields.phone || !fields.salt || !fields.hash) return undefined;
    const expiresAt = fields.expiresAt === undefined ? undefined : Number(fields.expiresAt);
    if (expiresAt !== undefined && expiresAt <= this.now()) return undefined;
    return {
      id: fields.id,
      username: fields.username,
      phone: fields.phone,
      password: { salt: Buffer.from(fields.salt, 'base64'), hash: Buffer.from(fields.hash, 'base64') },
      verified: fields.verified === '1',
      ...(expiresAt !== undefined ? { expiresAt } : {}),
    };
  }

  async findByUsername(username: string): Promise<User | undefined> {
    const id = await this.client.get(this.usernameKey(username));
    return id === null ? undefined : this.findById(id);
  }

  /**
   * Pins the username first, then marks the account: a failure between the two leaves an
   * unconfirmed account holding its name for good, never a confirmed one whose name expires.
   */
  async markVerified(id: string): Promise<void> {
    const username = await this.client.hget(this.userKey(id), 'username');
    if (username === null) return;
    if ((await this.client.eval(KEEP_USERNAME, 1, this.usernameKey(username), id)) !== 1) return;
    await this.client.eval(MARK_VERIFIED, 1, this.userKey(id), String(this.now()));
  }

  private userKey(id: string): string {
    return `${this.prefix}user:${id}`;
  }

  private usernameKey(username: string): string {
    return `${this.prefix}username:${username}`;
  }
}
