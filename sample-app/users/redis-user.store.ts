import type { Redis } from 'ioredis';
import type { User } from './user';
import type { UserStore, UserStoreClock } from './user-store.interface';

// Claims the username and writes the account in one step: two instances registering the same
// name at once cannot both succeed. A name held by an expired unconfirmed account is taken over.
// KEYS: username key, new account key. ARGV: id, now, expiry (ms, 0: none), account key prefix,
// then the account's fields.
const INSERT = `
local holder = redis.call('GET', KEYS[1])
if holder then
  local old = ARGV[4] .. holder
  local expires = redis.call('HGET', old, 'expiresAt')
  if redis.call('EXISTS', old) == 1 and (not expires or tonumber(expires) > tonumber(ARGV[2])) then
    return 0
  end
  redis.call('DEL', old)
end
redis.call('SET', KEYS[1], ARGV[1])
redis.call('HSET', KEYS[2], unpack(ARGV, 5))
local ttl = tonumber(ARGV[3])
if ttl > 0 then
  redis.call('PEXPIRE', KEYS[1], ttl)
  redis.call('PEXPIRE', KEYS[2], ttl)
end
return 1
`;

// Only a live account gets the flag (never a half-written hash), and keeps its keys for good.
// KEYS: account key. ARGV: now, username key prefix.
const MARK_VERIFIED = `
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
local expires = redis.call('HGET', KEYS[1], 'expiresAt')
if expires and tonumber(expires) <= tonumber(ARGV[1]) then return 0 end
redis.call('HSET', KEYS[1], 'verified', '1')
redis.call('HDEL', KEYS[1], 'expiresAt')
redis.call('PERSIST', KEYS[1])
redis.call('PERSIST', ARGV[2] .. redis.call('HGET', KEYS[1], 'username'))
return 1
`;

/**
 * Accounts in Redis, shared by every instance: a hash per account (`{prefix}user:{id}`, password
 * hash and salt in base64) and the username index (`{prefix}username:{name}` -> id). Confirmed
 * accounts are kept without expiry, like any user database; unconfirmed ones carry `expiresAt`
 * (checked on the 2FA module's clock) and expire in Redis at the same time.
 */
export class RedisUserStore implements UserStore {
  constructor(
    private readonly client: Redis,
    private readonly prefix: string,
    private readonly now: UserStoreClock = Date.now,
  ) {}

  async insert(user: User): Promise<boolean> {
    const now = this.now();
    const fields = [
      'id',
      user.id,
      'username',
      user.username,
      'phone',
      user.phone,
      'salt',
      user.password.salt.toString('base64'),
      'hash',
      user.password.hash.toString('base64'),
      'verified',
      user.verified ? '1' : '0',
      ...(user.expiresAt !== undefined ? ['expiresAt', String(user.expiresAt)] : []),
    ];
    const ttl = user.expiresAt === undefined ? 0 : Math.max(1, user.expiresAt - now);
    const added = await this.client.eval(
      INSERT,
      2,
      this.usernameKey(user.username),
      this.userKey(user.id),
      user.id,
      String(now),
      String(ttl),
      this.userKey(''),
      ...fields,
    );
    return added === 1;
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

  async markVerified(id: string): Promise<void> {
    await this.client.eval(MARK_VERIFIED, 1, this.userKey(id), String(this.now()), this.usernameKey(''));
  }

  private userKey(id: string): string {
    return `${this.prefix}user:${id}`;
  }

  private usernameKey(username: string): string {
    return `${this.prefix}username:${username}`;
  }
}
