import { type AdjustableClock, InMemoryOutbox, LocalTwoFactorEngine } from 'nestjs-infobip-2fa';
import { createSampleApp } from '../../sample-app/create-app';
import { describeSampleApp, SCENARIO_ENV } from './sample-app.scenarios';

// TWO_FACTOR_PROVIDER=local: the embedded engine; PINs read from its outbox, its clock moved.
describeSampleApp('sample app on the embedded engine', async () => {
  const app = await createSampleApp(
    { ...SCENARIO_ENV, TWO_FACTOR_PROVIDER: 'local' },
    { logger: false, printPins: false },
  );
  const outbox = app.get(InMemoryOutbox);
  const clock = app.get(LocalTwoFactorEngine).clock as AdjustableClock;
  return {
    app,
    messages: (phone) => outbox.list(phone.slice(1)),
    allMessages: () => outbox.list(),
    advance: (ms) => clock.advance(ms),
    close: () => app.close(),
  };
});
