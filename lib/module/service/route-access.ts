import type { TwoFactorRequest } from '../session/two-factor-request';
import type { TwoFactorPolicyMetadata } from './route-requirement.metadata';
import { requireSession } from '../session/session-support';
import { TwoFactorException } from '../errors/two-factor.exception';
import type { TwoFactorService } from './two-factor.service';

/**
 * The decision of the guard, whatever the framework: a session with a pending challenge gets
 * 401 `two_factor_required`; a route that requires the second factor (`policy`, or every route
 * with `requireByDefault`) needs a verified session, recent enough for `maxAgeMs`; other
 * sessions pass. Routes of the 2FA controller and skipped routes never get here.
 * @returns the refusal (401 `two_factor_required`), or `undefined` when the request may pass.
 * @throws Error when no session middleware ran (a set-up mistake).
 */
export function routeRefusal(
  service: TwoFactorService,
  req: TwoFactorRequest,
  policy: Exclude<TwoFactorPolicyMetadata, { skip: true }> | undefined,
  production: boolean,
): TwoFactorException | undefined {
  if (service.isPending(req)) {
    return TwoFactorException.create('two_factor_required', 'Complete two-factor verification first.');
  }
  if (policy === undefined && !service.requireByDefault) return undefined;
  requireSession(req, production);
  return service.isVerified(req, policy?.maxAgeMs)
    ? undefined
    : TwoFactorException.create('two_factor_required');
}
