import { Module, type DynamicModule } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import type { TwoFactorApi } from '../../infobip/two-factor-api.interface';
import { CounterStore } from '../../storage/counter-store.interface';
import { RecoveryCodeStore } from '../../storage/recovery-code-store.interface';
import { RememberedDeviceStore } from '../../storage/remembered-device-store.interface';
import { NoStoreInterceptor } from '../http/no-store.interceptor';
import { SendPinInterceptor } from '../http/send-pin.interceptor';
import { SendPinPurposesCheck } from '../http/send-pin-purposes.check';
import {
  ConfigurableTwoFactorModule,
  type TwoFactorModuleAsyncOptions,
  type TwoFactorModuleForRootOptions,
} from './two-factor.module-definition';
import { TwoFactorErrorsFilter, TwoFactorExceptionFilter } from '../http/two-factor-exception.filter';
import { TwoFactorGuard } from '../http/two-factor.guard';
import { TWO_FACTOR_RUNTIME, TWO_FACTOR_UNBOUND_RUNTIME } from '../runtime/two-factor.internal-tokens';
import { TwoFactorRuntime } from '../runtime/two-factor.runtime';
import { TwoFactorService } from '../service/two-factor.service';
import { TwoFactorThrottlerGuard } from '../http/two-factor-throttler.guard';
import { TWO_FACTOR_API, TWO_FACTOR_MODULE_OPTIONS } from '../runtime/two-factor.tokens';

const fromUnbound = <T>(pick: (runtime: TwoFactorRuntime) => T) => ({
  useFactory: pick,
  inject: [TWO_FACTOR_UNBOUND_RUNTIME],
});

/**
 * One-time-PIN two-factor authentication on Infobip's 2FA API (or the embedded
 * engine). At bootstrap it checks the options against the security policy and
 * binds every purpose to an application and templates at the provider; any
 * mistake stops the application with a message naming the option and the fix.
 *
 * @example
 * TwoFactorModule.forRoot({
 *   provider: { kind: 'local' },
 *   purposes: { login: { template: { messageText: 'Your code is {{pin}}' } } },
 *   isGlobal: true,
 * })
 */
@Module({
  imports: [DiscoveryModule],
  providers: [
    {
      provide: TWO_FACTOR_UNBOUND_RUNTIME,
      useFactory: (options: unknown) => TwoFactorRuntime.build(options),
      inject: [TWO_FACTOR_MODULE_OPTIONS],
    },
    { provide: TWO_FACTOR_API, ...fromUnbound((runtime) => runtime.api) },
    { provide: CounterStore, ...fromUnbound((runtime) => runtime.counterStore) },
    { provide: RecoveryCodeStore, ...fromUnbound((runtime) => runtime.recoveryCodeStore) },
    { provide: RememberedDeviceStore, ...fromUnbound((runtime) => runtime.rememberedDeviceStore) },
    {
      // Purposes bound on the TWO_FACTOR_API provider, whatever overrides it.
      provide: TWO_FACTOR_RUNTIME,
      useFactory: (runtime: TwoFactorRuntime, api: TwoFactorApi) => runtime.bind(api),
      inject: [TWO_FACTOR_UNBOUND_RUNTIME, TWO_FACTOR_API],
    },
    TwoFactorService,
    TwoFactorGuard,
    SendPinInterceptor,
    NoStoreInterceptor,
    TwoFactorThrottlerGuard,
    TwoFactorErrorsFilter,
    TwoFactorExceptionFilter,
    SendPinPurposesCheck,
  ],
  exports: [
    TWO_FACTOR_MODULE_OPTIONS,
    TWO_FACTOR_API,
    CounterStore,
    RecoveryCodeStore,
    RememberedDeviceStore,
    TwoFactorService,
    TwoFactorGuard,
    SendPinInterceptor,
  ],
})
export class TwoFactorModule extends ConfigurableTwoFactorModule {
  /** The module with options known now (plus the extras `isGlobal`, `controller`, `globalGuard`, `localEngine`). */
  static override forRoot(options: TwoFactorModuleForRootOptions): DynamicModule {
    return super.forRoot(options);
  }

  /**
   * The module with options built by `useFactory`, `useClass` or `useExisting` (plus the extras).
   * Set `localEngine: true` beside a factory that returns the local provider to inject its engine
   * and outbox.
   */
  static override forRootAsync(options: TwoFactorModuleAsyncOptions): DynamicModule {
    return super.forRootAsync(options);
  }
}
