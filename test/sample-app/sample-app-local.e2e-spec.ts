import { startSampleHarness } from './sample-harness';
import { describeSampleApp, SCENARIO_ENV } from './sample-app.scenarios';

// TWO_FACTOR_PROVIDER=local: the embedded engine; PINs read from its outbox, its clock moved.
describeSampleApp('sample app on the embedded engine', () =>
  startSampleHarness('nest-express', 'local', SCENARIO_ENV),
);
