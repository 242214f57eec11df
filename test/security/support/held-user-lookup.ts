import type { INestApplication } from '@nestjs/common';
import { USER_STORE, type UserStore } from '../../../sample-app/users/user-store.interface';
import type { HeldCall } from './gated-engine';

/**
 * Holds the sample app's next account lookup by username (a slow user database) until
 * released: a sign-in form post then stays in flight, its session loaded, while the test
 * does something else (signs out). Restore with `jest.restoreAllMocks()`.
 */
export function holdNextUserLookup(app: INestApplication): HeldCall {
  const store = app.get<UserStore>(USER_STORE, { strict: false });
  const lookUp = store.findByUsername.bind(store);
  let reached!: () => void;
  let release!: () => void;
  const held = new Promise<void>((resolve) => (reached = resolve));
  const opened = new Promise<void>((resolve) => (release = resolve));
  jest.spyOn(store, 'findByUsername').mockImplementationOnce(async (username) => {
    reached();
    await opened;
    return lookUp(username);
  });
  return { held, release };
}
