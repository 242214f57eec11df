import type { Server } from 'node:http';
import type { INestApplication } from '@nestjs/common';
// From the framework-free entry: the root would load Nest's core on every platform.
import { InMemoryOutbox, LocalTwoFactorEngine, TwoFactorService } from 'nestjs-infobip-2fa/express';
import type { SampleAppOptions } from './create-app';
import {
  parseSampleConfig,
  type SampleConfig,
  SampleConfigError,
  type SamplePlatform,
  type SampleEnv,
} from './config/sample-config';

/**
 * The sample app built on one platform (`SAMPLE_PLATFORM`), ready to listen: what `main.ts`
 * starts and what the end-to-end tests drive, whatever serves the routes.
 */
export interface SampleServer {
  readonly platform: SamplePlatform;
  /** Node's HTTP server of the app, not listening yet: `listen()` it, or hand it to supertest. */
  readonly server: Server;
  /**
   * The embedded engine with `TWO_FACTOR_PROVIDER=local` (its outbox and clock are what tests
   * read and move); undefined with Infobip.
   */
  readonly engine: LocalTwoFactorEngine | undefined;
  /** Every message the embedded engine sent (with `local`), whatever else prints them. */
  readonly outbox: InMemoryOutbox | undefined;
  /** The 2FA module's service (events, status…), whatever serves the app. */
  readonly twoFactor?: TwoFactorService;
  /** The Nest application (`nest-express`, `nest-fastify`); undefined for plain Express. */
  readonly nestApp: INestApplication | undefined;
  /** Stops the app: closes the server, the 2FA module and the Redis connection, if any. */
  close(): Promise<void>;
}

/**
 * Builds and initialises the sample app on the platform `SAMPLE_PLATFORM` names (default
 * `nest-express`), without listening.
 *
 * @throws SampleConfigError when the environment is incomplete or wrong (the message names the
 *   variable).
 */
export async function createSampleServer(
  env: SampleEnv,
  options: SampleAppOptions = {},
): Promise<SampleServer> {
  const config = parseSampleConfig(env);
  switch (config.platform) {
    case 'nest-express': {
      // Loaded here, so that a plain Express app never loads Nest.
      const { createSampleApp } = await import('./create-app');
      return nestSampleServer(config, await createSampleApp(env, options));
    }
    case 'nest-fastify': {
      // Loaded here, so that the other platforms never load Fastify.
      const { createSampleFastifyApp } = await import('./fastify/create-fastify-app');
      return nestSampleServer(config, await createSampleFastifyApp(env, options));
    }
    case 'express': {
      // Loaded here, so that nothing of Nest's core is loaded with it.
      const { createExpressSample } = await import('./express/create-express-sample');
      return createExpressSample(env, options);
    }
    default:
      throw new SampleConfigError(`SAMPLE_PLATFORM=${String(config.platform)} is unknown`);
  }
}

/** The sample app built on Nest (on Express or Fastify), as a {@link SampleServer}. */
function nestSampleServer(config: SampleConfig, app: INestApplication): SampleServer {
  const local = config.provider.kind === 'local';
  return {
    platform: config.platform,
    server: app.getHttpServer() as Server,
    engine: local ? app.get(LocalTwoFactorEngine) : undefined,
    outbox: local ? app.get(InMemoryOutbox) : undefined,
    twoFactor: app.get(TwoFactorService),
    nestApp: app,
    close: () => app.close(),
  };
}
