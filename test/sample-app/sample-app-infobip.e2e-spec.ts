import { startSampleHarness } from './sample-harness';
import { describeSampleApp, SCENARIO_ENV } from './sample-app.scenarios';

// TWO_FACTOR_PROVIDER=infobip against the emulator over HTTP.
describeSampleApp('sample app on Infobip (emulator)', () =>
  startSampleHarness('nest-express', 'infobip', SCENARIO_ENV),
);
