import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { SampleEnv } from './config/sample-config';
import { sampleMiddleware } from './http/sample-middleware';
import { buildNestSample, type SampleAppOptions } from './nest-sample';

export type { SampleAppOptions } from './nest-sample';

/**
 * Builds and initialises the sample app on Nest and Express from an environment (see README),
 * without listening. With `REDIS_URL` it connects to Redis first; closing the app closes that
 * connection.
 *
 * @throws SampleConfigError when the environment is incomplete or Redis can't be reached (the
 *   message names the variable).
 * @example
 * const app = await createSampleApp(process.env);
 * await app.listen(3000);
 */
export function createSampleApp(env: SampleEnv, options: SampleAppOptions = {}): Promise<INestApplication> {
  return buildNestSample(
    env,
    options,
    (module, nestOptions) =>
      NestFactory.create<NestExpressApplication>(module, { ...nestOptions, bodyParser: false }),
    async (app, { config, twoFactor, counters, sessionStore }) => {
      app.disable('x-powered-by');
      // Behind the reverse proxies of TRUSTED_PROXIES (TLS termination): trust their X-Forwarded-Proto
      // so cookies can be Secure; anyone else reaching the port is believed nothing.
      if (config.abuse.trustedProxies) app.set('trust proxy', config.abuse.trustedProxies);
      for (const middleware of sampleMiddleware({ config, sessionStore, twoFactor, counters })) {
        app.use(middleware);
      }
    },
  );
}
