import { Inject } from '@nestjs/common';
import { CounterStore } from '../../storage/counter-store.interface';

/** Injection token of the options given to `TwoFactorModule.forRoot` / `forRootAsync`. */
export const TWO_FACTOR_MODULE_OPTIONS = Symbol('TWO_FACTOR_MODULE_OPTIONS');

/** Injection token of the `TwoFactorApi` in use (engine, client or custom). */
export const TWO_FACTOR_API = Symbol('TWO_FACTOR_API');

/** The token of the module options. */
export function getTwoFactorOptionsToken(): symbol {
  return TWO_FACTOR_MODULE_OPTIONS;
}

/** Injects the module options (as given, before defaults). */
export function InjectTwoFactorOptions(): ParameterDecorator & PropertyDecorator {
  return Inject(TWO_FACTOR_MODULE_OPTIONS);
}

/** The token of the `TwoFactorApi` in use. */
export function getTwoFactorApiToken(): symbol {
  return TWO_FACTOR_API;
}

/**
 * Injects the `TwoFactorApi` the module talks to, e.g. for an admin screen
 * listing applications.
 */
export function InjectTwoFactorApi(): ParameterDecorator & PropertyDecorator {
  return Inject(TWO_FACTOR_API);
}

/** The token of the module's `CounterStore`. */
export function getCounterStoreToken(): symbol {
  return CounterStore;
}

/** Injects the module's `CounterStore`. */
export function InjectCounterStore(): ParameterDecorator & PropertyDecorator {
  return Inject(CounterStore);
}
