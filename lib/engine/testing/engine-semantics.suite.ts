import { describeConcurrencySemantics } from './engine-concurrency.suite';
import { describeConfigurationSemantics } from './engine-configuration.suite';
import { describePinSemantics } from './engine-pin.suite';
import type { EngineHarness, HarnessHolder } from './engine-harness';

/**
 * Infobip's 2FA semantics as DESIGN §3.4 fixes them, as jest suites that run
 * against any implementation: the engine in process, the emulator over HTTP, the
 * engine on another store. `makeHarness` is called before each test; the harness
 * is closed after it.
 *
 * @example
 * describeEngineSemantics('LocalTwoFactorEngine', async () => {
 *   const outbox = new InMemoryOutbox();
 *   return engineHarness(new LocalTwoFactorEngine({ clock: new ManualClock(), outbox }), outbox);
 * });
 */
export function describeEngineSemantics(name: string, makeHarness: () => Promise<EngineHarness>): void {
  describe(`${name}: Infobip 2FA semantics`, () => {
    let harness: EngineHarness | undefined;
    const holder: HarnessHolder = {
      get current() {
        if (!harness) throw new Error('no harness: used outside a test');
        return harness;
      },
      get api() {
        return this.current.api;
      },
    };

    beforeEach(async () => {
      harness = await makeHarness();
    });

    afterEach(async () => {
      await harness?.close();
      harness = undefined;
    });

    describeConfigurationSemantics(holder);
    describePinSemantics(holder);
    describeConcurrencySemantics(holder);
  });
}
