import type { AdjustableClock, InMemoryOutbox } from 'nestjs-infobip-2fa';
import { startEmulator } from 'nestjs-infobip-2fa/emulator';
import type { SampleEnv, SamplePlatform } from '../../sample-app/config/sample-config';
import type { SampleAppOptions } from '../../sample-app/create-app';
import { createSampleServer } from '../../sample-app/sample-server';
import type { SampleHarness } from './sample-app.scenarios';

/** Where the sample app gets its PINs: the embedded engine, or Infobip's API served by the emulator. */
export type SampleProvider = 'local' | 'infobip';

/**
 * Starts the sample app on `platform` with `provider`, PINs kept off the console. With
 * `infobip` the app talks over HTTP to an emulator started here, and is given the emulator's
 * clock, so that one `advance()` moves PIN lifetimes and the module's cool-downs alike.
 */
export async function startSampleHarness(
  platform: SamplePlatform,
  provider: SampleProvider,
  env: SampleEnv = {},
  options: SampleAppOptions = {},
): Promise<SampleHarness> {
  const base = { ...env, SAMPLE_PLATFORM: platform };
  if (provider === 'local') {
    const sample = await createSampleServer(
      { ...base, TWO_FACTOR_PROVIDER: 'local' },
      { logger: false, printPins: false, ...options },
    );
    const { engine, outbox } = sample;
    if (!engine || !outbox) throw new Error('the sample app on the local provider has no embedded engine');
    const clock = engine.clock as AdjustableClock;
    return {
      server: sample.server,
      messages: (phone) => outbox.list(phone.slice(1)),
      allMessages: () => outbox.list(),
      advance: (ms) => clock.advance(ms),
      close: () => sample.close(),
    };
  }
  const apiKey = 'sample-app-test-key';
  const emulator = await startEmulator({ port: 0, host: '127.0.0.1', apiKey });
  const clock = emulator.emulator.engine.clock as AdjustableClock;
  const outbox = emulator.emulator.engine.outbox as InMemoryOutbox;
  try {
    const sample = await createSampleServer(
      {
        ...base,
        TWO_FACTOR_PROVIDER: 'infobip',
        INFOBIP_BASE_URL: emulator.url,
        INFOBIP_API_KEY: apiKey,
      },
      { logger: false, clock, ...options },
    );
    return {
      server: sample.server,
      messages: (phone) => outbox.list(phone.slice(1)),
      allMessages: () => outbox.list(),
      advance: (ms) => clock.advance(ms),
      close: async () => {
        await sample.close();
        await emulator.close();
      },
    };
  } catch (error) {
    await emulator.close();
    throw error;
  }
}
