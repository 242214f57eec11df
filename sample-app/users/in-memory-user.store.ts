import type { User } from './user';
import type { UserStore } from './user-store.interface';

/** Accounts in this process: one instance only, gone on restart. */
export class InMemoryUserStore implements UserStore {
  private readonly byId = new Map<string, User>();
  private readonly byName = new Map<string, User>();

  async insert(user: User): Promise<boolean> {
    if (this.byName.has(user.username)) return false;
    this.byId.set(user.id, user);
    this.byName.set(user.username, user);
    return true;
  }

  async findById(id: string): Promise<User | undefined> {
    return this.byId.get(id);
  }

  async findByUsername(username: string): Promise<User | undefined> {
    return this.byName.get(username);
  }

  async markVerified(id: string): Promise<void> {
    const user = this.byId.get(id);
    if (user) user.verified = true;
  }
}
