import { HttpException, Inject, Injectable, Logger, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ThrottlerGuard, type ThrottlerLimitDetail } from '@nestjs/throttler';
import { clientIp } from '../destinations/client-ip';
import { proxyTrustOf, type ProxyTrust } from '../destinations/trusted-proxies';
import { CounterStore } from '../../storage/counter-store.interface';
import { throttlerStorageFor } from '../runtime/counter-throttler.storage';
import { TWO_FACTOR_RUNTIME } from '../runtime/two-factor.internal-tokens';
import { TwoFactorException } from '../errors/two-factor.exception';
import type { TwoFactorRuntime } from '../runtime/two-factor.runtime';
import { throttleSubject } from '../service/two-factor-routes';

/** Name of the module's throttler (distinct from any the application configures). */
export const TWO_FACTOR_THROTTLER = 'two-factor';

/**
 * `@nestjs/throttler` for the 2FA controller, configured by the module's
 * `throttle` and `throttlerStorage` options. It keeps its own options and storage
 * instead of importing `ThrottlerModule`, which is global and would clash with the
 * application's own throttler configuration.
 *
 * Counts per session while a challenge is pending (a fresh cookie-less session id
 * would be new on every request), per client IP otherwise (as `trustedProxies`
 * finds it; IPv6 per /64).
 */
@Injectable()
export class TwoFactorThrottlerGuard extends ThrottlerGuard {
  private readonly enabled: boolean;
  private readonly proxyTrust: ProxyTrust;

  // Every parameter names its token: the base class declares its own for these positions.
  constructor(
    @Inject(TWO_FACTOR_RUNTIME) runtime: TwoFactorRuntime,
    @Inject(Reflector) reflector: Reflector,
    @Inject(CounterStore) counterStore: CounterStore,
  ) {
    const throttle = runtime.options.throttle;
    super(
      {
        throttlers: throttle
          ? [{ name: TWO_FACTOR_THROTTLER, limit: throttle.limit, ttl: throttle.ttlMs }]
          : [],
        setHeaders: false,
      },
      throttlerStorageFor(runtime.options, counterStore, runtime.clock),
      reflector,
    );
    this.enabled = throttle !== false;
    this.proxyTrust = proxyTrustOf(runtime.options);
  }

  override async onModuleInit(): Promise<void> {
    if (this.enabled) await super.onModuleInit();
  }

  /** A storage that fails (Redis down) refuses the request with 503: no limit means no request. */
  override async canActivate(context: ExecutionContext): Promise<boolean> {
    try {
      return await super.canActivate(context);
    } catch (error) {
      if (error instanceof HttpException) throw error;
      const reason = error instanceof Error ? `${error.name}: ${error.message}` : typeof error;
      new Logger('TwoFactorModule').error(`2FA throttler storage failed: ${reason}`);
      throw TwoFactorException.create('provider_unavailable');
    }
  }

  protected override async shouldSkip(context: ExecutionContext): Promise<boolean> {
    return !this.enabled || context.getType() !== 'http';
  }

  protected override async getTracker(req: Record<string, unknown>): Promise<string> {
    return (
      throttleSubject(req, clientIp(req as never, this.proxyTrust)) ?? `ip:${await super.getTracker(req)}`
    );
  }

  protected override async throwThrottlingException(
    _context: ExecutionContext,
    detail: ThrottlerLimitDetail,
  ): Promise<void> {
    throw TwoFactorException.create('rate_limited', undefined, detail.timeToBlockExpire);
  }
}
