import type { SampleAppOverrides } from '../config/sample-app-overrides';
import { type SampleConfig, SampleConfigError } from '../config/sample-config';
import type { SampleRedis } from '../redis/sample-redis';

/**
 * Checks, before anything starts, that the app has the stores its environment asks for: in
 * production, sessions shared by all instances; with `REDIS_URL`, the connection to Redis.
 *
 * @throws SampleConfigError naming the variable to fix.
 */
export function checkSampleStores(
  config: SampleConfig,
  overrides: SampleAppOverrides,
  redis: SampleRedis | null,
): void {
  if (config.production && !config.redis && !overrides.sessionStore) {
    throw new SampleConfigError(
      'NODE_ENV=production needs a session store shared by all instances: set REDIS_URL ' +
        '(or give createSampleApp a sessionStore)',
    );
  }
  if (config.redis && !redis) {
    throw new SampleConfigError(
      'REDIS_URL is set: connect with SampleRedis.connect() and pass the connection',
    );
  }
}
