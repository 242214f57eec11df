import { SetMetadata } from '@nestjs/common';
import { TWO_FACTOR_POLICY_KEY } from '../options/two-factor.constants';
import type { TwoFactorPolicyMetadata } from '../service/route-requirement.metadata';

/**
 * Exempts the route (or class) from {@link TwoFactorGuard}: sessions with a
 * pending challenge may reach it. Use it on login, registration, logout and
 * public routes when the guard is global. On a handler it overrides a
 * class-level `@RequireTwoFactor()`, and the other way round.
 *
 * @example
 * @Post('logout')
 * @SkipTwoFactor()
 * logout() {}
 */
export function SkipTwoFactor(): MethodDecorator & ClassDecorator {
  return SetMetadata(TWO_FACTOR_POLICY_KEY, { skip: true } satisfies TwoFactorPolicyMetadata);
}
