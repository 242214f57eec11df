import type { RedisClient } from 'nestjs-infobip-2fa';
import type { User } from './user';
import type { UserStore } from './user-store.interface';

// Only an account that exists gets the flag (never a half-written hash).
const MARK_VERIFIED = `
if redis.call('EXISTS', KEYS[1]) == 1 then redis.call('HSET', KEYS[1], 'verified', '1') end
return 0
`;

/**
 * Accounts in Redis, shared by every instance: a hash per account (`{prefix}user:{id}`, password
 * hash and salt in base64) and the username index (`{prefix}username:{name}` -> id). Each is one
 * key, so on a cluster accounts spread over the slots. Accounts are kept without expiry, like
 * any user database.
 */
export class RedisUserStore implements UserStore {
  constructor(
    private readonly client: RedisClient,
    private readonly prefix: string,
  ) {}

  /**
   * Writes the account under its new random id, then claims the username with `SET NX`: of two
   * instances registering one name at once, exactly one claims it; the other deletes its hash,
   * which no index pointed to (nor will: a hash left by a failure here is unreachable garbage).
   */
  async insert(user: User): Promise<boolean> {
    const userKey = this.userKey(user.id);
    await this.client.hset(userKey, {
      id: user.id,
      username: user.username,
      phone: user.phone,
      salt: user.password.salt.toString('base64'),
      hash: user.password.hash.toString('base64'),
      verified: user.verified ? '1' : '0',
    });
    if ((await this.client.set(this.usernameKey(user.username), user.id, 'NX')) === 'OK') return true;
    await this.client.del(userKey);
    return false;
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
