import type { User } from './user';

/**
 * Where the accounts live: this process ({@link InMemoryUserStore}) or Redis
 * ({@link RedisUserStore}), so that every instance of the app knows every account.
 */
export interface UserStore {
  /** Adds `user` unless its username is taken; answers whether it was added (atomic). */
  insert(user: User): Promise<boolean>;
  findById(id: string): Promise<User | undefined>;
  /** By lower-case username. */
  findByUsername(username: string): Promise<User | undefined>;
  /** Sets `verified` on an existing account; nothing when there is none. */
  markVerified(id: string): Promise<void>;
}

/** Injection token of the {@link UserStore}. */
export const USER_STORE = Symbol('UserStore');
