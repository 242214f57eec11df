import { startEmulator } from '../../lib/emulator';
import { ManualClock } from '../../lib/engine/clock';
import { LocalTwoFactorEngine } from '../../lib/engine/local-two-factor.engine';
import { describeEngineSemantics, type EngineHarness } from '../../lib/engine/testing';
import { describeConcurrencySemantics } from '../../lib/engine/testing/engine-concurrency.suite';
import type { HarnessHolder } from '../../lib/engine/testing/engine-harness';
import { InfobipTwoFactorClient } from '../../lib/infobip/infobip-two-factor.client';
import { DevEndpoints } from './dev-endpoints';
import { RawHttpTwoFactorApi } from './raw-http.api';

/**
 * An emulator on a fresh engine whose clock stands still unless moved through
 * POST /_emulator/clock, read through GET /_emulator/messages: every step of
 * the harness goes over HTTP.
 */
async function emulatorHarness(via: 'raw' | 'client'): Promise<EngineHarness> {
  const apiKey = 'semantics-key';
  const engine = new LocalTwoFactorEngine({ clock: new ManualClock() });
  const started = await startEmulator({ engine, apiKey });
  const api =
    via === 'raw'
      ? new RawHttpTwoFactorApi(started.url, apiKey)
      : new InfobipTwoFactorClient({ baseUrl: started.url, apiKey, maxReadRetries: 0 });
  const dev = new DevEndpoints(started.url, apiKey);
  return {
    api,
    clock: { advance: (ms) => dev.advance(ms) },
    latestPin: async (to) => (await dev.messages(to)).at(-1)?.pin,
    close: async () => {
      api.close();
      await started.close();
      await engine.close();
    },
  };
}

// Plain HTTP without client-side checks, so that the emulator's own validation answers every mistake.
describeEngineSemantics('emulator over HTTP', () => emulatorHarness('raw'));

// The project's client checks bodies before sending, so only the suites of valid requests run through it.
describe('emulator over HTTP through InfobipTwoFactorClient: Infobip 2FA semantics', () => {
  let harness: EngineHarness | undefined;
  const holder: HarnessHolder = {
    get current() {
      if (!harness) throw new Error('no harness outside a test');
      return harness;
    },
    get api() {
      return this.current.api;
    },
  };

  beforeEach(async () => {
    harness = await emulatorHarness('client');
  });

  afterEach(async () => {
    await harness?.close();
    harness = undefined;
  });

  describeConcurrencySemantics(holder);
});
