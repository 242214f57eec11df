import { startSampleHarness } from './sample-harness';
import { describeSampleApp, SCENARIO_ENV } from './sample-app.scenarios';

// SAMPLE_PLATFORM=express (no Nest) on the embedded engine: the same scenarios as on Nest.
describeSampleApp('sample app as a plain Express app, on the embedded engine', () =>
  startSampleHarness('express', 'local', SCENARIO_ENV),
);
