import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { TwoFactorRequest } from '../session/two-factor-request';
import type { TwoFactorPolicyMetadata } from '../service/route-requirement.metadata';
import { routeRefusal } from '../service/route-access';
import { isProductionEnvironment } from '../session/session-support';
import { TWO_FACTOR_POLICY_KEY, TWO_FACTOR_ROUTE_KEY } from '../options/two-factor.constants';
import type { TwoFactorException } from '../errors/two-factor.exception';
import { TwoFactorService } from '../service/two-factor.service';

/** The metadata of one route (handler of a class), as the guard reads it. */
interface RouteMetadata {
  twoFactorRoute: boolean;
  policy: TwoFactorPolicyMetadata | undefined;
}

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
  // Runs on every request: NODE_ENV is read once, and each route's metadata once
  // (decorators are applied when classes are defined, so it never changes).
  private readonly production = isProductionEnvironment();
  private readonly metadata = new WeakMap<object, WeakMap<object, RouteMetadata>>();

  constructor(
    protected readonly service: TwoFactorService,
    protected readonly reflector: Reflector,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    if (this.isTwoFactorRoute(context)) return true;
    const policy = this.getPolicy(context);
    if (policy && 'skip' in policy) return true;
    const refusal = routeRefusal(this.service, this.getRequest(context), policy, this.production);
    if (refusal) this.throwTwoFactorRefusal(context, refusal);
    return true;
  }

  /**
   * Refuses the request: throws `refusal` (401 `two_factor_required`). Override to answer
   * otherwise, e.g. to redirect pages to a PIN form, or to log.
   */
  protected throwTwoFactorRefusal(_context: ExecutionContext, refusal: TwoFactorException): never {
    throw refusal;
  }

  /** Whether the route belongs to the 2FA controller (verify, resend, status). */
  protected isTwoFactorRoute(context: ExecutionContext): boolean {
    return this.routeMetadata(context).twoFactorRoute;
  }

  /** The most specific `@RequireTwoFactor()` / `@SkipTwoFactor()` of handler and class. */
  protected getPolicy(context: ExecutionContext): TwoFactorPolicyMetadata | undefined {
    return this.routeMetadata(context).policy;
  }

  /** The HTTP request (the first argument of an HTTP context). */
  protected getRequest(context: ExecutionContext): TwoFactorRequest {
    return context.getArgByIndex<TwoFactorRequest>(0);
  }

  // Keyed by handler, then class: an inherited handler may sit under classes with other metadata.
  private routeMetadata(context: ExecutionContext): RouteMetadata {
    const handler = context.getHandler();
    const type = context.getClass();
    let byClass = this.metadata.get(handler);
    let found = byClass?.get(type);
    if (found) return found;
    const targets = [handler, type];
    found = {
      twoFactorRoute: !!this.reflector.getAllAndOverride<boolean>(TWO_FACTOR_ROUTE_KEY, targets),
      policy: this.reflector.getAllAndOverride<TwoFactorPolicyMetadata | undefined>(
        TWO_FACTOR_POLICY_KEY,
        targets,
      ),
    };
    if (!byClass) this.metadata.set(handler, (byClass = new WeakMap()));
    byClass.set(type, found);
    return found;
  }
}
