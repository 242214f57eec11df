import type { User } from '../users/user';
import type { UsersService } from '../users/users.service';

/** What passport keeps in the session for a signed-in user: only the account's id. */
export function serializeSessionUser(user: User): string {
  return user.id;
}

/**
 * The account a session's stored id names, looked up again on each request; `false` when the
 * account is gone (passport then signs the session out instead of failing the request).
 */
export async function deserializeSessionUser(users: UsersService, id: unknown): Promise<User | false> {
  if (typeof id !== 'string') return false;
  return (await users.findById(id)) ?? false;
}
