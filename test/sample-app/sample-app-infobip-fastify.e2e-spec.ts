import { startSampleHarness } from './sample-harness';
import { describeSampleApp, SCENARIO_ENV } from './sample-app.scenarios';

// SAMPLE_PLATFORM=nest-fastify, TWO_FACTOR_PROVIDER=infobip against the emulator over HTTP.
describeSampleApp('sample app on Nest and Fastify, on Infobip (emulator)', () =>
  startSampleHarness('nest-fastify', 'infobip', SCENARIO_ENV),
);
