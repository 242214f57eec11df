import type { ThrottlerStorage } from '@nestjs/throttler';
import { OffsetClock, type Clock } from '../../engine/clock';
import { ConsoleOutbox } from '../../engine/console.outbox';
import { FanoutOutbox } from '../../engine/fanout.outbox';
import { InMemoryOutbox } from '../../engine/in-memory.outbox';
import { LocalTwoFactorEngine } from '../../engine/local-two-factor.engine';
import { InfobipTwoFactorClient } from '../../infobip/infobip-two-factor.client';
import type { TwoFactorApi } from '../../infobip/two-factor-api.interface';
import type { CounterStore } from '../../storage/counter-store.interface';
import { InMemoryCounterStore } from '../../storage/in-memory-counter.store';
import { InMemoryRecoveryCodeStore } from '../../storage/in-memory-recovery-code.store';
import { InMemoryRememberedDeviceStore } from '../../storage/in-memory-remembered-device.store';
import type { RecoveryCodeStore } from '../../storage/recovery-code-store.interface';
import type { RememberedDeviceStore } from '../../storage/remembered-device-store.interface';
import { throttlerStorageFor } from './counter-throttler.storage';
import type { NormalizedTwoFactorOptions } from '../options/normalized-options.interface';
import { PurposeResolver, type ResolvedPurpose } from './purpose.resolver';
import { isProductionEnvironment } from '../session/session-support';
import { TwoFactorConfigurationError } from '../errors/two-factor-configuration.error';
import { normalizeTwoFactorOptions } from '../options/two-factor-options.validator';

/**
 * Everything the module runs on, built once at bootstrap: the provider, the
 * clock, the counter store and the purposes bound at the provider. Remembers
 * what it created, so that {@link close} releases exactly that.
 */
export class TwoFactorRuntime {
  private readonly closers: (() => unknown)[] = [];
  private readonly purposes = new Map<string, ResolvedPurpose>();
  /** Re-bindings in progress, one per purpose (see {@link rebindPurpose}). */
  private readonly rebinding = new Map<string, Promise<ResolvedPurpose>>();
  /** Binds on the API given to {@link bind}; none before. */
  private resolver?: PurposeResolver;
  private closed = false;
  /** The `recoveryCodeStore` option, else one in this process's memory. */
  readonly recoveryCodeStore: RecoveryCodeStore;
  /** The `rememberedDeviceStore` option, else one in this process's memory. */
  readonly rememberedDeviceStore: RememberedDeviceStore;

  private constructor(
    readonly options: NormalizedTwoFactorOptions,
    /** The provider the options name (`TWO_FACTOR_API` by default); purposes are bound on the one given to {@link bind}. */
    readonly api: TwoFactorApi,
    readonly clock: Clock,
    readonly counterStore: CounterStore,
    readonly throttlerStorage: ThrottlerStorage,
    /** The local engine (given or created), when the provider is local. */
    readonly engine: LocalTwoFactorEngine | null,
    /** The in-memory outbox the PINs of the local engine land in, when there is one. */
    readonly outbox: InMemoryOutbox | null,
  ) {
    this.recoveryCodeStore = options.recoveryCodeStore ?? new InMemoryRecoveryCodeStore();
    this.rememberedDeviceStore = options.rememberedDeviceStore ?? new InMemoryRememberedDeviceStore();
  }

  /**
   * Checks the options, builds the provider and binds every purpose at it.
   * @throws TwoFactorConfigurationError naming the option and the fix; whatever was
   *   created before the failure is closed first.
   */
  static async create(rawOptions: unknown): Promise<TwoFactorRuntime> {
    const runtime = await TwoFactorRuntime.build(rawOptions);
    return runtime.bind(runtime.api);
  }

  /**
   * Checks the options and builds the provider, clock and stores; binds nothing yet (see {@link bind}).
   * @throws TwoFactorConfigurationError naming the option and the fix; whatever was
   *   created before the failure is closed first.
   */
  static async build(rawOptions: unknown): Promise<TwoFactorRuntime> {
    const options = normalizeTwoFactorOptions(rawOptions);
    const closers: (() => unknown)[] = [];
    try {
      const { api, engine, outbox } = buildProvider(options, closers);
      const clock = options.clock ?? engine?.clock ?? new OffsetClock();
      let counterStore = options.counterStore;
      if (!counterStore) {
        const created = new InMemoryCounterStore();
        closers.push(() => created.close());
        counterStore = created;
      }
      const throttlerStorage = throttlerStorageFor(options, counterStore, clock);
      const runtime = new TwoFactorRuntime(
        options,
        api,
        clock,
        counterStore,
        throttlerStorage,
        engine,
        outbox,
      );
      runtime.closers.push(...closers);
      return runtime;
    } catch (error) {
      await closeAll(closers);
      throw error;
    }
  }

  /**
   * Binds every purpose at `api` (the module passes the `TWO_FACTOR_API` provider), as later
   * re-bindings will. Resolves with this runtime.
   * @throws TwoFactorConfigurationError naming the option and the fix; the runtime is closed first.
   */
  async bind(api: TwoFactorApi): Promise<this> {
    const resolver = new PurposeResolver(api, this.options.allowWeakPolicy);
    this.resolver = resolver;
    try {
      for (const purpose of this.options.purposes)
        this.purposes.set(purpose.name, await resolver.resolve(purpose));
      return this;
    } catch (error) {
      await this.close();
      throw error;
    }
  }

  /**
   * The bound purpose.
   * @throws Error (a programming mistake, answered as 500) for a purpose the options don't declare.
   */
  purpose(name: string): ResolvedPurpose {
    const purpose = typeof name === 'string' ? this.purposes.get(name) : undefined;
    if (!purpose) {
      throw new Error(
        `TwoFactorModule: unknown purpose ${JSON.stringify(name)}; declared purposes: ` +
          `${[...this.purposes.keys()].join(', ')}. Fix: add it to the module's purposes option or use a declared one`,
      );
    }
    return purpose;
  }

  /**
   * Binds a purpose again, as bootstrap did (ids given, else found by name or
   * created, with the same policy checks), after the provider answered that it no
   * longer knows the application or template of `stale` (a provider whose state
   * was lost, an application deleted out of band). Concurrent calls for one
   * purpose share one re-binding, so parallel requests create nothing twice; a
   * call whose `stale` binding was already replaced gets the current one at once.
   * @throws whatever the re-binding failed with (the binding in use stays).
   */
  rebindPurpose(stale: ResolvedPurpose): Promise<ResolvedPurpose> {
    const { name } = stale;
    const current = this.purposes.get(name);
    if (current && current !== stale) return Promise.resolve(current);
    let pending = this.rebinding.get(name);
    if (!pending) {
      const declared = this.options.purposes.find((purpose) => purpose.name === name);
      if (!declared)
        return Promise.reject(new Error(`TwoFactorModule: unknown purpose ${JSON.stringify(name)}`));
      if (!this.resolver) return Promise.reject(new Error('TwoFactorModule: the runtime is not bound'));
      pending = this.resolver
        .resolve(declared)
        .then((resolved) => {
          this.purposes.set(name, resolved);
          return resolved;
        })
        .finally(() => this.rebinding.delete(name));
      this.rebinding.set(name, pending);
    }
    return pending;
  }

  /** Names of the declared purposes. */
  purposeNames(): string[] {
    return [...this.purposes.keys()];
  }

  /** Current time of the module's clock, epoch milliseconds. */
  now(): number {
    return this.clock.now();
  }

  /** Releases what the runtime created (engine, client, stores, timers), once. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await closeAll(this.closers);
  }
}

/** The engine's `InMemoryOutbox`: its outbox, or one that a `FanoutOutbox` delivers to. */
export function inMemoryOutboxOf(engine: LocalTwoFactorEngine): InMemoryOutbox | null {
  const { outbox } = engine;
  const candidates = outbox instanceof FanoutOutbox ? outbox.outboxes : [outbox];
  return candidates.find((candidate) => candidate instanceof InMemoryOutbox) ?? null;
}

function buildProvider(
  options: NormalizedTwoFactorOptions,
  closers: (() => unknown)[],
): { api: TwoFactorApi; engine: LocalTwoFactorEngine | null; outbox: InMemoryOutbox | null } {
  const provider = options.provider;
  switch (provider.kind) {
    case 'local': {
      if (provider.engine) {
        return { api: provider.engine, engine: provider.engine, outbox: inMemoryOutboxOf(provider.engine) };
      }
      const outbox = new InMemoryOutbox();
      const printToConsole = provider.console ?? !isProductionEnvironment();
      const engine = new LocalTwoFactorEngine({
        outbox: new FanoutOutbox([outbox, ...(printToConsole ? [new ConsoleOutbox()] : [])]),
        ...(options.clock ? { clock: options.clock } : {}),
      });
      closers.push(() => engine.close());
      return { api: engine, engine, outbox };
    }
    case 'infobip': {
      let client: InfobipTwoFactorClient;
      try {
        client = new InfobipTwoFactorClient({
          baseUrl: provider.baseUrl,
          ...(provider.apiKey !== undefined ? { apiKey: provider.apiKey } : {}),
          ...(provider.auth !== undefined ? { auth: provider.auth } : {}),
          ...(provider.timeoutMs !== undefined ? { timeoutMs: provider.timeoutMs } : {}),
        });
      } catch (error) {
        // The client's own checks never echo credentials; keep its reason (and its fix, if any).
        const [reason, fix] = (error instanceof Error ? error.message : String(error)).split('. Fix: ');
        if (reason.startsWith('baseUrl ')) {
          throw TwoFactorConfigurationError.create(
            'provider.baseUrl',
            reason.slice('baseUrl '.length),
            fix ?? 'pass the base URL of your Infobip account, e.g. "https://xyz.api.infobip.com"',
          );
        }
        throw TwoFactorConfigurationError.create(
          'provider',
          `is not usable: ${reason}`,
          fix ?? 'check provider.baseUrl and the credentials',
        );
      }
      closers.push(() => client.close());
      return { api: client, engine: null, outbox: null };
    }
    case 'custom':
      return { api: provider.api, engine: null, outbox: null };
  }
}

async function closeAll(closers: (() => unknown)[]): Promise<void> {
  for (const close of closers.splice(0).reverse()) {
    try {
      await close();
    } catch {
      // Shutting down: one failing close must not keep the others open.
    }
  }
}
