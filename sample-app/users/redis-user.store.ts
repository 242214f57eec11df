import type { Redis } from 'ioredis';
import type { User } from './user';
import type { UserStore } from './user-store.interface';

// Claims the username and writes the account in one step: two instances registering the same
// name at once cannot both succeed.
const INSERT = `
if redis.call('SET', KEYS[1], ARGV[1], 'NX') then
  redis.call('HSET', KEYS[2], unpack(ARGV, 2))
  return 1
end
return 0
`;

// Only an account that exists gets the flag (never a half-written hash).
const MARK_VERIFIED = `
if redis.call('EXISTS', KEYS[1]) == 1 then redis.call('HSET', KEYS[1], 'verified', '1') end
return 0
`;

/**
 * Accounts in Redis, shared by every instance: a hash per account (`{prefix}user:{id}`, password
 * hash and salt in base64) and the username index (`{prefix}username:{name}` -> id). Accounts are
 * kept without expiry, like any user database.
 */
export class RedisUserStore implements UserStore {
  constructor(
    private readonly client: Redis,
    private readonly prefix: string,
  ) {}

  async insert(user: User): Promise<boolean> {
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
    ];
    const added = await this.client.eval(
      INSERT,
      2,
      this.usernameKey(user.username),
      this.userKey(user.id),
      user.id,
      ...fields,
    );
    return added === 1;
  }

  async findById(id: string): Promise<User | undefined> {
    const fields = await this.client.hgetall(this.userKey(id));
    if (!fields.id || !fields.username || !fields.phone || !fields.salt || !fields.hash) return undefined;
    return {
      id: fields.id,
      username: fields.username,
      phone: fields.phone,
      password: { salt: Buffer.from(fields.salt, 'base64'), hash: Buffer.from(fields.hash, 'base64') },
      verified: fields.verified === '1',
    };
  }

  async findByUsername(username: string): Promise<User | undefined> {
    const id = await this.client.get(this.usernameKey(username));
    return id === null ? undefined : this.findById(id);
  }

  async markVerified(id: string): Promise<void> {
    await this.client.eval(MARK_VERIFIED, 1, this.userKey(id));
  }

  private userKey(id: string): string {
    return `${this.prefix}user:${id}`;
  }

  private usernameKey(username: string): string {
    return `${this.prefix}username:${username}`;
  }
}
