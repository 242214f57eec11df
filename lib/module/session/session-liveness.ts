import { Logger } from '@nestjs/common';
import type { TwoFactorRequest } from './two-factor-request';
import type { SessionStore } from './session-store';
import { sessionIdOf } from './http-platform';
import { TwoFactorException } from '../errors/two-factor.exception';

const logger = new Logger('TwoFactorModule');

/**
 * Whether the request's session is still in the store. A request loads its session
 * once, at the start; if the session is destroyed meanwhile (sign-out in another
 * request while a PIN check waited on the provider), writing to it at the end would
 * store it again under its old id, bringing a signed-out session back. Checked just
 * before the module changes a session after a provider call. Without a store to ask
 * (neither express-session nor @fastify/session), the session counts as alive.
 * @throws TwoFactorException `provider_unavailable` when the store fails.
 */
export async function sessionStillStored(req: TwoFactorRequest): Promise<boolean> {
  const store = (req as { sessionStore?: SessionStore }).sessionStore;
  const id = sessionIdOf(req);
  if (!store || typeof store.get !== 'function' || id === undefined) return true;
  try {
    return await new Promise<boolean>((resolve, reject) =>
      store.get(id, (error, session) => (error ? reject(error) : resolve(!!session))),
    );
  } catch (error) {
    const reason = error instanceof Error ? error.name : typeof error;
    logger.error(`the session store failed to read a session: ${reason}`);
    throw TwoFactorException.create('provider_unavailable');
  }
}
