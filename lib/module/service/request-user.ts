import type { TwoFactorRequest } from '../session/two-factor-request';

/**
 * Checks the arguments of `@SendPin()` (and its plain-Express twin) when the route is declared.
 * @throws TypeError naming the argument.
 */
export function checkSendPinArguments(name: string, purpose: unknown, resolveDestination: unknown): void {
  if (typeof purpose !== 'string' || purpose === '')
    throw new TypeError(`${name}: purpose must be a purpose name`);
  if (typeof resolveDestination !== 'function') {
    throw new TypeError(`${name}: resolveDestination must be a function (req) => destination`);
  }
}

/**
 * The user a challenge belongs to: `userId(req)` when given, else `req.user.id`, else
 * `req.user.username` (as passport leaves them).
 * @throws Error with the fix when the request names no user (a programming mistake).
 */
export async function requestUserId<TRequest extends TwoFactorRequest>(
  req: TRequest,
  purpose: string,
  userId?: (req: TRequest) => string | Promise<string>,
): Promise<string> {
  if (userId) return userId(req);
  const user = (req as { user?: { id?: unknown; username?: unknown } }).user;
  const id = user?.id ?? user?.username;
  if ((typeof id !== 'string' || id === '') && typeof id !== 'number') {
    throw new Error(
      `SendPin('${purpose}'): cannot tell the user: req.user has no id or username. ` +
        'Fix: authenticate before the handler (e.g. a passport guard) or pass options.userId: (req) => ...',
    );
  }
  return String(id);
}
