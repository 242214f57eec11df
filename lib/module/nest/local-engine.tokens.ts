import type { FactoryProvider } from '@nestjs/common';
import { InMemoryOutbox } from '../../engine/in-memory.outbox';
import { LocalTwoFactorEngine } from '../../engine/local-two-factor.engine';
import { TwoFactorStore } from '../../storage/two-factor-store.interface';
import { TwoFactorConfigurationError as ConfigError } from '../errors/two-factor-configuration.error';
import type { TwoFactorModuleOptions } from '../options/two-factor-options.interface';
import { TWO_FACTOR_UNBOUND_RUNTIME } from '../runtime/two-factor.internal-tokens';
import { inMemoryOutboxOf, type TwoFactorRuntime } from '../runtime/two-factor.runtime';

const LEAVE_OUT =
  'drop localEngine: true (no LocalTwoFactorEngine, TwoFactorStore or InMemoryOutbox is then ' +
  "provided), or use provider: { kind: 'local' }";

/** Why the options cannot give `token`, as a configuration error naming the fix. */
function missing({ engine, options }: TwoFactorRuntime, token: string): ConfigError {
  return engine
    ? ConfigError.create(
        'provider.engine',
        `has an outbox that is not an InMemoryOutbox, so there is no ${token} to provide`,
        `give the engine an InMemoryOutbox (alone or in a FanoutOutbox), or ${LEAVE_OUT}`,
      )
    : ConfigError.create(
        'provider',
        `of kind '${options.provider.kind}' has no ${token} to provide`,
        LEAVE_OUT,
      );
}

/**
 * `LocalTwoFactorEngine`, its `TwoFactorStore` and `InMemoryOutbox` as injection tokens, each the
 * real object or not provided; never `null`.
 *
 * - `localEngine: true`: all three; options that cannot give one stop the bootstrap with the fix.
 * - `localEngine: false`: none of them.
 * - `forRoot` without it: exactly what the options have (a local provider's engine and store, its
 *   in-memory outbox when there is one).
 * - `forRootAsync` without it: none, since Nest fixes the module's providers before the factory
 *   runs; `localEngine: true` beside a factory that returns the local provider asks for them.
 *
 * @param known the options given to `forRoot`; undefined with `forRootAsync`.
 */
export function localEngineTokens(
  known: TwoFactorModuleOptions | undefined,
  localEngine: boolean | undefined,
): FactoryProvider[] {
  const provider = known?.provider;
  const byOptions = known !== undefined && (!provider || provider.kind === 'local');
  if (!(localEngine ?? byOptions)) return [];
  const token = (
    provide: FactoryProvider['provide'],
    name: string,
    pick: (runtime: TwoFactorRuntime) => object | null | undefined,
  ): FactoryProvider => ({
    provide,
    useFactory: async (runtime: TwoFactorRuntime) => {
      const found = pick(runtime);
      if (found) return found;
      // The start fails: release what the runtime created, as Nest runs no shutdown hook then.
      await runtime.close();
      throw missing(runtime, name);
    },
    inject: [TWO_FACTOR_UNBOUND_RUNTIME],
  });
  const tokens = [
    token(LocalTwoFactorEngine, 'LocalTwoFactorEngine', (runtime) => runtime.engine),
    token(TwoFactorStore, 'TwoFactorStore', (runtime) => runtime.engine?.store),
  ];
  const given = provider?.kind === 'local' ? provider.engine : undefined;
  const outboxMissing = localEngine === undefined && given && !inMemoryOutboxOf(given);
  if (!outboxMissing) tokens.push(token(InMemoryOutbox, 'InMemoryOutbox', (runtime) => runtime.outbox));
  return tokens;
}
