import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import type { TwoFactorPolicyMetadata } from './decorators/two-factor-policy.metadata';
import { requireSession } from './session-support';
import { TWO_FACTOR_POLICY_KEY, TWO_FACTOR_ROUTE_KEY } from './two-factor.constants';
import { TwoFactorException } from './two-factor.exception';
import { TwoFactorService } from './two-factor.service';

/**
 * Enforces second-factor state, from the server-side session only:
 * - a session with a pending challenge reaches only the 2FA controller and
 *   `@SkipTwoFactor()` routes (401 `two_factor_required` elsewhere, whatever the
 *   method or spelling of the path: the decision is per route handler);
 * - `@RequireTwoFactor()` routes (every route with `requireByDefault`) need a
 *   verified session, recent enough for `maxAge`;
 * - other sessions pass.
 *
 * Per route (`@UseGuards(TwoFactorGuard)`, applied by `@RequireTwoFactor()`) or
 * global (module extra `globalGuard: true`). Non-HTTP contexts pass.
 */
@Injectable()
export class TwoFactorGuard implements CanActivate {
  constructor(
    protected readonly service: TwoFactorService,
    protected readonly reflector: Reflector,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    if (this.isTwoFactorRoute(context)) return true;
    const policy = this.getPolicy(context);
    if (policy && 'skip' in policy) return true;
    const req = this.getRequest(context);
    if (this.service.isPending(req)) {
      throw TwoFactorException.create('two_factor_required', 'Complete two-factor verification first.');
    }
    const required = policy !== undefined || this.service.requireByDefault;
    if (!required) return true;
    requireSession(req);
    if (!this.service.isVerified(req, policy?.maxAgeMs))
      throw TwoFactorException.create('two_factor_required');
    return true;
  }

  /** Whether the route belongs to the 2FA controller (verify, resend, status). */
  protected isTwoFactorRoute(context: ExecutionContext): boolean {
    return !!this.reflector.getAllAndOverride<boolean>(TWO_FACTOR_ROUTE_KEY, [
      context.getHandler(),
      context.getClass(),
    ]);
  }

  /** The most specific `@RequireTwoFactor()` / `@SkipTwoFactor()` of handler and class. */
  protected getPolicy(context: ExecutionContext): TwoFactorPolicyMetadata | undefined {
    return this.reflector.getAllAndOverride<TwoFactorPolicyMetadata | undefined>(TWO_FACTOR_POLICY_KEY, [
      context.getHandler(),
      context.getClass(),
    ]);
  }

  protected getRequest(context: ExecutionContext): Request {
    return context.switchToHttp().getRequest<Request>();
  }
}
