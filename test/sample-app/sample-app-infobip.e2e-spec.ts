import { type AdjustableClock, InMemoryOutbox } from 'nestjs-infobip-2fa';
import { startEmulator } from 'nestjs-infobip-2fa/emulator';
import { createSampleApp } from '../../sample-app/create-app';
import { describeSampleApp, SCENARIO_ENV } from './sample-app.scenarios';

// TWO_FACTOR_PROVIDER=infobip against the emulator over HTTP. The module is given the
// emulator's clock, so that one advance() moves PIN lifetimes and the module's cool-downs alike.
describeSampleApp('sample app on Infobip (emulator)', async () => {
  const apiKey = 'sample-app-test-key';
  const emulator = await startEmulator({ port: 0, host: '127.0.0.1', apiKey });
  const clock = emulator.emulator.engine.clock as AdjustableClock;
  const outbox = emulator.emulator.engine.outbox as InMemoryOutbox;
  try {
    const app = await createSampleApp(
      {
        ...SCENARIO_ENV,
        TWO_FACTOR_PROVIDER: 'infobip',
        INFOBIP_BASE_URL: emulator.url,
        INFOBIP_API_KEY: apiKey,
      },
      { logger: false, clock },
    );
    return {
      app,
      messages: (phone) => outbox.list(phone.slice(1)),
      allMessages: () => outbox.list(),
      advance: (ms) => clock.advance(ms),
      close: async () => {
        await app.close();
        await emulator.close();
      },
    };
  } catch (error) {
    await emulator.close();
    throw error;
  }
});
