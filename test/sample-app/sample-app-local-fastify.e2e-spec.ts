import { startSampleHarness } from './sample-harness';
import { describeSampleApp, SCENARIO_ENV } from './sample-app.scenarios';

// SAMPLE_PLATFORM=nest-fastify, TWO_FACTOR_PROVIDER=local: the same scenarios as on Express.
describeSampleApp('sample app on Nest and Fastify, on the embedded engine', () =>
  startSampleHarness('nest-fastify', 'local', SCENARIO_ENV),
);
