import type { User } from './user';

/** What a {@link UserStore} reads the time from (the 2FA module's clock): epoch milliseconds. */
export type UserStoreClock = () => number;

/**
 * Where the accounts live: this process ({@link InMemoryUserStore}) or Redis
 * ({@link RedisUserStore}), so that every instance of the app knows every account.
 */
export interface UserStore {
  /**
   * Adds `user` unless its username is taken by an account that has not expired; answers whether
   * it was added (atomic). An expired unconfirmed account holding the name is replaced.
   */
  insert(user: User): Promise<boolean>;
  /** The account, unless there is none or it expired unconfirmed (`expiresAt` passed). */
  findById(id: string): Promise<User | undefined>;
  /** By lower-case username, like {@link findById}. */
  findByUsername(username: string): Promise<User | undefined>;
  /** Sets `verified` and drops `expiresAt` on an account that has not expired; nothing otherwise. */
  markVerified(id: string): Promise<void>;
}

/** Injection token of the {@link UserStore}. */
export const USER_STORE = Symbol('UserStore');
