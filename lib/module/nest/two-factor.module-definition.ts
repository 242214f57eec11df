import {
  ConfigurableModuleBuilder,
  type FactoryProvider,
  type Provider,
  type ValueProvider,
} from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { createTwoFactorController } from '../http/two-factor.controller';
import { MODULE_DEFAULTS } from '../options/two-factor.constants';
import { TwoFactorExceptionFilter } from '../http/two-factor-exception.filter';
import { TwoFactorGuard } from '../http/two-factor.guard';
import type { TwoFactorModuleExtras, TwoFactorModuleOptions } from '../options/two-factor-options.interface';
import { TWO_FACTOR_MODULE_OPTIONS } from '../runtime/two-factor.tokens';
import { TWO_FACTOR_RUNTIME } from '../runtime/two-factor.internal-tokens';
import type { TwoFactorRuntime } from '../runtime/two-factor.runtime';
import { InMemoryOutbox } from '../../engine/in-memory.outbox';
import { LocalTwoFactorEngine } from '../../engine/local-two-factor.engine';

/**
 * `LocalTwoFactorEngine` and `InMemoryOutbox` as injection tokens, where the options can have
 * them: every token the module provides resolves to a real object. With `forRoot` the options
 * are known here, so an Infobip or custom provider gets neither token (and a given engine whose
 * outbox is not in memory gets no `InMemoryOutbox`); with `forRootAsync` they are known only once
 * the factory ran, so both are provided and resolve to `null` for a provider without them.
 */
function localEngineTokens(providers: readonly Provider[]): FactoryProvider[] {
  const known = providers.find(
    (provider): provider is ValueProvider =>
      typeof provider === 'object' &&
      provider.provide === TWO_FACTOR_MODULE_OPTIONS &&
      'useValue' in provider,
  )?.useValue as TwoFactorModuleOptions | undefined;
  const provider = known?.provider;
  if (known && provider && provider.kind !== 'local') return [];
  const inject = [TWO_FACTOR_RUNTIME];
  const engine: FactoryProvider = {
    provide: LocalTwoFactorEngine,
    useFactory: (runtime: TwoFactorRuntime) => runtime.engine,
    inject,
  };
  const outbox: FactoryProvider = {
    provide: InMemoryOutbox,
    useFactory: (runtime: TwoFactorRuntime) => runtime.outbox,
    inject,
  };
  const given = provider?.kind === 'local' ? provider.engine : undefined;
  return given && !(given.outbox instanceof InMemoryOutbox) ? [engine] : [engine, outbox];
}

/** Defaults of the module extras. */
export const TWO_FACTOR_MODULE_EXTRAS: Required<TwoFactorModuleExtras> = {
  isGlobal: false,
  controller: true,
  globalGuard: false,
};

export const {
  ConfigurableModuleClass: ConfigurableTwoFactorModule,
  OPTIONS_TYPE: TWO_FACTOR_OPTIONS_TYPE,
  ASYNC_OPTIONS_TYPE: TWO_FACTOR_ASYNC_OPTIONS_TYPE,
} = new ConfigurableModuleBuilder<TwoFactorModuleOptions>({
  moduleName: 'TwoFactor',
  optionsInjectionToken: TWO_FACTOR_MODULE_OPTIONS,
})
  .setClassMethodName('forRoot')
  .setFactoryMethodName('createTwoFactorOptions')
  .setExtras<TwoFactorModuleExtras>(TWO_FACTOR_MODULE_EXTRAS, (definition, extras) => {
    const controller = extras.controller ?? true;
    const path =
      typeof controller === 'object' ? (controller.path ?? MODULE_DEFAULTS.controllerPath) : undefined;
    if (path !== undefined && (typeof path !== 'string' || path.trim() === '')) {
      throw new TypeError('TwoFactorModule: controller.path must be a non-empty string, e.g. "2fa"');
    }
    // The global guard refuses on every route of the app, so its errors are rendered everywhere;
    // otherwise the module renders only its own routes, and the app's errors stay the app's.
    const guard: Provider[] = extras.globalGuard
      ? [
          { provide: APP_GUARD, useExisting: TwoFactorGuard },
          { provide: APP_FILTER, useExisting: TwoFactorExceptionFilter },
        ]
      : [];
    const engine = localEngineTokens(definition.providers ?? []);
    return {
      ...definition,
      global: extras.isGlobal ?? false,
      controllers: controller ? [createTwoFactorController(path ?? MODULE_DEFAULTS.controllerPath)] : [],
      providers: [...(definition.providers ?? []), ...guard, ...engine],
      exports: [...(definition.exports ?? []), ...engine.map((provider) => provider.provide)],
    };
  })
  .build();

/**
 * A class that builds the module options for `forRootAsync({ useClass })` or
 * `forRootAsync({ useExisting })`.
 */
export interface TwoFactorOptionsFactory {
  createTwoFactorOptions(): TwoFactorModuleOptions | Promise<TwoFactorModuleOptions>;
}

/** Argument of `TwoFactorModule.forRoot`: the options plus the extras. */
export type TwoFactorModuleForRootOptions = typeof TWO_FACTOR_OPTIONS_TYPE;
/** Argument of `TwoFactorModule.forRootAsync`: `imports`, `inject`, one of `useFactory` / `useClass` / `useExisting`, plus the extras. */
export type TwoFactorModuleAsyncOptions = typeof TWO_FACTOR_ASYNC_OPTIONS_TYPE;
