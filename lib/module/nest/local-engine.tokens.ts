import { Logger, type FactoryProvider } from '@nestjs/common';
import { InMemoryOutbox } from '../../engine/in-memory.outbox';
import { LocalTwoFactorEngine } from '../../engine/local-two-factor.engine';
import { TwoFactorStore } from '../../storage/two-factor-store.interface';
import { TwoFactorConfigurationError as ConfigError } from '../errors/two-factor-configuration.error';
import type { TwoFactorModuleOptions } from '../options/two-factor-options.interface';
import { TWO_FACTOR_UNBOUND_RUNTIME } from '../runtime/two-factor.internal-tokens';
import type { TwoFactorRuntime } from '../runtime/two-factor.runtime';

const LEAVE_OUT =
  'pass localEngine: false beside useFactory in TwoFactorModule.forRootAsync (no LocalTwoFactorEngine, ' +
  "TwoFactorStore or InMemoryOutbox is then provided), or use provider: { kind: 'local' }";

/** Why the options cannot give `token`, as a configuration error naming the fix. */
function missing({ engine, options }: TwoFactorRuntime, token: string): ConfigError {
  return engine
    ? ConfigError.create(
        'provider.engine',
        `has an outbox that is not an InMemoryOutbox, so there is no ${token} to provide`,
        `give the engine an InMemoryOutbox, or ${LEAVE_OUT}`,
      )
    : ConfigError.create(
        'provider',
        `of kind '${options.provider.kind}' has no ${token} to provide`,
        LEAVE_OUT,
      );
}

/**
 * `LocalTwoFactorEngine`, its `TwoFactorStore` and `InMemoryOutbox` as injection tokens.
 *
 * - `localEngine: false`: none of them.
 * - `localEngine: true`: all three, each the real object; options that cannot give one stop the
 *   bootstrap with the fix.
 * - `forRoot` without it: exactly what the options have (a local provider's engine and store, its
 *   outbox when in memory), so every token resolves to the real object.
 * - `forRootAsync` without it: Nest fixes the module's providers before the factory runs, so all
 *   three are provided for the apps that read the local engine's PINs. Where the options then
 *   cannot give one, it resolves to `null` (as in earlier releases), and the bootstrap warns once
 *   with the fix (`localEngine: false`).
 *
 * @param known the options given to `forRoot`; undefined with `forRootAsync`.
 */
export function localEngineTokens(
  known: TwoFactorModuleOptions | undefined,
  localEngine: boolean | undefined,
): FactoryProvider[] {
  const provider = known?.provider;
  if (!(localEngine ?? (!provider || provider.kind === 'local'))) return [];
  const strict = known !== undefined || localEngine !== undefined;
  let warned = false;
  const token = (
    provide: FactoryProvider['provide'],
    name: string,
    pick: (runtime: TwoFactorRuntime) => object | null | undefined,
  ): FactoryProvider => ({
    provide,
    useFactory: async (runtime: TwoFactorRuntime) => {
      const found = pick(runtime);
      if (found) return found;
      const error = missing(runtime, name);
      if (strict) {
        // The start fails: release what the runtime created, as Nest runs no shutdown hook then.
        await runtime.close();
        throw error;
      }
      if (!warned)
        new Logger('TwoFactorModule').warn(
          `${error.message.replace(' to provide', '; it resolves to null')}`,
        );
      warned = true;
      return null;
    },
    inject: [TWO_FACTOR_UNBOUND_RUNTIME],
  });
  const tokens = [
    token(LocalTwoFactorEngine, 'LocalTwoFactorEngine', (runtime) => runtime.engine),
    token(TwoFactorStore, 'TwoFactorStore', (runtime) => runtime.engine?.store),
  ];
  const given = provider?.kind === 'local' ? provider.engine : undefined;
  const outboxMissing = localEngine === undefined && given && !(given.outbox instanceof InMemoryOutbox);
  if (!outboxMissing) tokens.push(token(InMemoryOutbox, 'InMemoryOutbox', (runtime) => runtime.outbox));
  return tokens;
}
