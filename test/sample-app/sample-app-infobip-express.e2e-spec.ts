import { startSampleHarness } from './sample-harness';
import { describeSampleApp, SCENARIO_ENV } from './sample-app.scenarios';

// SAMPLE_PLATFORM=express (no Nest) against the emulator over HTTP: the same scenarios as on Nest.
describeSampleApp('sample app as a plain Express app, on Infobip (emulator)', () =>
  startSampleHarness('express', 'infobip', SCENARIO_ENV),
);
