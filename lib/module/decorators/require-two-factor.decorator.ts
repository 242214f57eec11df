import { applyDecorators, SetMetadata, UseGuards } from '@nestjs/common';
import { parseDuration } from '../../infobip/time-format';
import { TWO_FACTOR_POLICY_KEY } from '../options/two-factor.constants';
import { TwoFactorGuard } from '../http/two-factor.guard';
import type { TwoFactorPolicyMetadata } from '../service/route-requirement.metadata';

/** Options of {@link RequireTwoFactor}. */
export interface RequireTwoFactorOptions {
  /**
   * Step-up: the verification must be at most this old, e.g. `15m`
   * ({n}{unit}, unit ms|s|m|h|d).
   * @default any verification of this session
   */
  maxAge?: string;
}

/**
 * The route (or every route of the class) answers 401 `two_factor_required`
 * until this session has verified a PIN (within `maxAge` when given).
 *
 * Applies {@link TwoFactorGuard} itself, so it works without the global guard;
 * the module must be imported where it is used (or registered with `isGlobal`).
 *
 * @example
 * @Get('account')
 * @RequireTwoFactor()
 * account() {}
 *
 * @Post('transfer')
 * @RequireTwoFactor({ maxAge: '5m' })
 * transfer() {}
 */
export function RequireTwoFactor(options: RequireTwoFactorOptions = {}): MethodDecorator & ClassDecorator {
  const metadata: TwoFactorPolicyMetadata = { require: true };
  if (options.maxAge !== undefined)
    metadata.maxAgeMs = parseDuration(options.maxAge, 'RequireTwoFactor maxAge');
  return applyDecorators(SetMetadata(TWO_FACTOR_POLICY_KEY, metadata), UseGuards(TwoFactorGuard));
}
