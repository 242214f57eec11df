import { Inject, Injectable } from '@nestjs/common';
import { randomBytes, randomUUID } from 'node:crypto';
import { hashPassword, verifyPassword, type PasswordHash } from './password';
import type { User } from './user';
import type { Credentials, Registration } from './user-input';
import { USER_STORE, type UserStore } from './user-store.interface';

/**
 * How long an account whose phone number was never confirmed lives: the registration PIN's
 * lifetime (5 minutes) plus a margin for resends and a second try. Then it is gone, username
 * included, so names can't be squatted by registering without ever confirming.
 */
export const UNCONFIRMED_ACCOUNT_LIFETIME_MS = 15 * 60_000;

/**
 * Accounts, kept in a {@link UserStore}: this process by default, Redis with `REDIS_URL`.
 * Usernames are unique ignoring case (they are stored in lower case); passwords are kept as
 * salted scrypt hashes.
 */
@Injectable()
export class UsersService {
  // Unknown usernames are checked against this hash, so a login takes as long either way.
  private dummy?: Promise<PasswordHash>;

  constructor(@Inject(USER_STORE) private readonly store: UserStore) {}

  /**
   * An unverified account for this registration, not stored yet (see {@link insert}): the
   * password is hashed whether or not the name is free (same cost either way).
   * @param now the 2FA module's time: the account expires {@link UNCONFIRMED_ACCOUNT_LIFETIME_MS} later.
   */
  async newAccount(input: Registration, now: number): Promise<User> {
    return {
      id: randomUUID(),
      username: input.username,
      phone: input.phone,
      password: await hashPassword(input.password),
      verified: false,
      expiresAt: now + UNCONFIRMED_ACCOUNT_LIFETIME_MS,
    };
  }

  /** Whether a live account holds this (lower-case) username; the caller must not reveal it. */
  async isTaken(username: string): Promise<boolean> {
    return (await this.store.findByUsername(username)) !== undefined;
  }

  /**
   * Stores a {@link newAccount}, unless the username was taken meanwhile (the store checks and
   * inserts in one step: two concurrent registrations of one name cannot both succeed).
   */
  insert(user: User): Promise<boolean> {
    return this.store.insert(user);
  }

  /** The account these credentials open, verified or not; undefined for a wrong password or unknown user. */
  async checkCredentials(credentials: Credentials): Promise<User | undefined> {
    const user = await this.store.findByUsername(credentials.username.toLowerCase());
    const matches = await verifyPassword(credentials.password, user?.password ?? (await this.dummyHash()));
    return user !== undefined && matches ? user : undefined;
  }

  /** The account with this id, if it still exists. */
  findById(id: string): Promise<User | undefined> {
    return this.store.findById(id);
  }

  /** Marks the account's phone number as confirmed: the account becomes usable. */
  markVerified(id: string): Promise<void> {
    return this.store.markVerified(id);
  }

  private dummyHash(): Promise<PasswordHash> {
    this.dummy ??= hashPassword(randomBytes(16).toString('hex'));
    return this.dummy;
  }
}
