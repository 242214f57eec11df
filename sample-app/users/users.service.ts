import { Injectable } from '@nestjs/common';
import { randomBytes, randomUUID } from 'node:crypto';
import { hashPassword, verifyPassword, type PasswordHash } from './password';
import type { User } from './user';
import type { Credentials, Registration } from './user-input';

/** What {@link UsersService.register} did; callers must answer the same way in both cases. */
export type RegistrationOutcome = { created: true; user: User } | { created: false };

/**
 * In-memory accounts: fine for a sample, gone on restart. Usernames are unique ignoring case
 * (they are stored in lower case); passwords are kept as salted scrypt hashes.
 */
@Injectable()
export class UsersService {
  private readonly byId = new Map<string, User>();
  private readonly byName = new Map<string, User>();
  // Unknown usernames are checked against this hash, so a login takes as long either way.
  private dummy?: Promise<PasswordHash>;

  /**
   * Creates an unverified account, unless the username is taken: then nothing is created and
   * the caller must not reveal it. The password is hashed in both cases (same cost either way).
   */
  async register(input: Registration): Promise<RegistrationOutcome> {
    const password = await hashPassword(input.password);
    // No await between this check and the insert: two concurrent registrations of one name
    // cannot both succeed.
    if (this.byName.has(input.username)) return { created: false };
    const user: User = {
      id: randomUUID(),
      username: input.username,
      phone: input.phone,
      password,
      verified: false,
    };
    this.byId.set(user.id, user);
    this.byName.set(user.username, user);
    return { created: true, user };
  }

  /** The account these credentials open, verified or not; undefined for a wrong password or unknown user. */
  async checkCredentials(credentials: Credentials): Promise<User | undefined> {
    const user = this.byName.get(credentials.username.toLowerCase());
    const matches = await verifyPassword(credentials.password, user?.password ?? (await this.dummyHash()));
    return user !== undefined && matches ? user : undefined;
  }

  /** The account with this id, if it still exists. */
  findById(id: string): User | undefined {
    return this.byId.get(id);
  }

  /** Marks the account's phone number as confirmed: the account becomes usable. */
  markVerified(id: string): void {
    const user = this.byId.get(id);
    if (user) user.verified = true;
  }

  private dummyHash(): Promise<PasswordHash> {
    this.dummy ??= hashPassword(randomBytes(16).toString('hex'));
    return this.dummy;
  }
}
