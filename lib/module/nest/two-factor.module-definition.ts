import { ConfigurableModuleBuilder, type Provider, type ValueProvider } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { createTwoFactorController } from '../http/two-factor.controller';
import { MODULE_DEFAULTS } from '../options/two-factor.constants';
import { TwoFactorExceptionFilter } from '../http/two-factor-exception.filter';
import { TwoFactorGuard } from '../http/two-factor.guard';
import type { TwoFactorModuleExtras, TwoFactorModuleOptions } from '../options/two-factor-options.interface';
import { TWO_FACTOR_MODULE_OPTIONS } from '../runtime/two-factor.tokens';
import { localEngineTokens } from './local-engine.tokens';

/**
 * Defaults of the module extras. Every extra has its key here, even without a default: Nest tells
 * the extras given to `forRoot` from the options by these keys.
 */
export const TWO_FACTOR_MODULE_EXTRAS: {
  [K in keyof Required<TwoFactorModuleExtras>]: TwoFactorModuleExtras[K];
} = {
  isGlobal: false,
  controller: true,
  globalGuard: false,
  localEngine: undefined,
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
    const given = definition.providers?.find(
      (provider): provider is ValueProvider =>
        typeof provider === 'object' &&
        provider.provide === TWO_FACTOR_MODULE_OPTIONS &&
        'useValue' in provider,
    );
    const engine = localEngineTokens(
      given?.useValue as TwoFactorModuleOptions | undefined,
      extras.localEngine,
    );
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
