import type { User } from './user';
import type { UserStore, UserStoreClock } from './user-store.interface';

/** Accounts in this process: one instance only, gone on restart. */
export class InMemoryUserStore implements UserStore {
  private readonly byId = new Map<string, User>();
  private readonly byName = new Map<string, User>();

  constructor(private readonly now: UserStoreClock = Date.now) {}

  async insert(user: User): Promise<boolean> {
    if (this.live(this.byName.get(user.username))) return false;
    this.byId.set(user.id, user);
    this.byName.set(user.username, user);
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

  /** The account unless it expired unconfirmed; an expired one is forgotten. */
  private live(user: User | undefined): User | undefined {
    if (!user || user.expiresAt === undefined || user.expiresAt > this.now()) return user;
    this.byId.delete(user.id);
    if (this.byName.get(user.username) === user) this.byName.delete(user.username);
    return undefined;
  }
}
