import { Inject, Injectable } from '@nestjs/common';
import { randomBytes, randomUUID } from 'node:crypto';
import { hashPassword, verifyPassword, type PasswordHash } from './password';
import type { User } from './user';
import type { Credentials, Registration } from './user-input';
import { USER_STORE, type UserStore } from './user-store.interface';

/** What {@link UsersService.register} did; callers must answer the same way in both cases. */
export type RegistrationOutcome = { created: true; user: User } | { created: false };

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
   * Creates an unverified account, unless the username is taken: then nothing is created and
   * the caller must not reveal it. The password is hashed in both cases (same cost either way).
   */
  async register(input: Registration): Promise<RegistrationOutcome> {
    const password = await hashPassword(input.password);
    const user: User = {
      id: randomUUID(),
      username: input.username,
      phone: input.phone,
      password,
      verified: false,
    };
    // The store checks and inserts in one step: two concurrent registrations of one name
    // cannot both succeed.
    return (await this.store.insert(user)) ? { created: true, user } : { created: false };
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
