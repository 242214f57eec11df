import { redisServerAvailable } from './redis-process';

export * from './redis-process';

const SKIP_NOTICE =
  'redis-server is not installed: the Redis suites are SKIPPED. Install it (Debian: `apt-get install -y redis-server`) ' +
  'and run the tests again; `.ci/run` installs it by itself.';

/**
 * `describe` when a redis-server can be started, otherwise a skipped `describe`
 * and a loud notice, so a machine without Redis still runs every other suite.
 */
export function describeWithRedis(name: string, body: () => void): void {
  if (redisServerAvailable) {
    describe(name, body);
    return;
  }
  console.warn(`\n*** ${SKIP_NOTICE}\n`);
  describe.skip(`${name} (skipped: redis-server not installed)`, body);
}
