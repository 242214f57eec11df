import type { User } from './user';
import type { UserStore, UserStoreClock } from './user-store.interface';

/** Accounts in this process: one instance only, gone on restart. */
export class InMemoryUserStore implements UserStore {
  private readonly byId = new Map<string, User>();
  private readonly byName = new Map<string, User>();
  // Unconfirmed accounts, oldest first (they all live as long): swept at each insert, so
  // accounts nobody looks up again don't stay in memory.
  private readonly unconfirmed: User[] = [];

  constructor(private readonly now: UserStoreClock = Date.now) {}

  async insert(user: User): Promise<boolean> {
    this.sweep();
    if (this.live(this.byName.get(user.username))) return false;
    this.byId.set(user.id, user);
    this.byName.set(user.username, user);
    if (user.expiresAt !== undefined) this.unconfirmed.push(user);
    return true;
  }

  async findById(id: string): Promise<User | undefined> {
    return this.live(this.byId.get(id));
  }

  async findByUsername(username: string): Promise<User | undefined> {
    return this.live(this.byName.get(username));
  }

  async markVerified(id: string): Promise<void> {
    const user = this.live(this.byId.get(id));
    if (!user) return;
    user.verified = true;
    delete user.expiresAt;
  }

  private sweep(): void {
    const now = this.now();
    while (this.unconfirmed.length > 0) {
      const oldest = this.unconfirmed[0];
      if (oldest.expiresAt !== undefined && oldest.expiresAt > now) return;
      this.unconfirmed.shift();
      this.live(oldest);
    }
  }

  /** The account unless it expired unconfirmed; an expired one is forgotten. */
  private live(user: User | undefined): User | undefined {
    if (!user || user.expiresAt === undefined || user.expiresAt > this.now()) return user;
    this.byId.delete(user.id);
    if (this.byName.get(user.username) === user) this.byName.delete(user.username);
    return undefined;
  }
}
