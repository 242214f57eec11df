import { randomBytes } from 'node:crypto';
import { parseDuration } from 'nestjs-infobip-2fa/express';
import type { CountryCode } from 'libphonenumber-js/max';
import { parseAbuseConfig, type SampleAbuseConfig } from './abuse-config';
import { parsePhoneRegion } from './phone-region';
import { parseRedisConnection, type SampleRedisConnection } from './redis-config';

/** Environment variables the sample app reads; anything else is ignored. */
export type SampleEnv = Record<string, string | undefined>;

/** Where PINs come from: the embedded engine, or Infobip (or the emulator) over HTTP. */
export type SampleProviderConfig =
  | { kind: 'local' }
  | {
      kind: 'infobip';
      baseUrl: string;
      apiKey: string;
      /** Existing Infobip application for the `login` purpose (`INFOBIP_APPLICATION_ID`). */
      applicationId?: string;
      /** Existing SMS message template of that application (`INFOBIP_MESSAGE_ID`). */
      messageId?: string;
    };

/**
 * What serves the JSON routes (`SAMPLE_PLATFORM`): Nest on Express (the default, and the only one
 * with the HTML pages), Nest on Fastify, or a plain Express app without Nest.
 */
export type SamplePlatform = 'nest-express' | 'nest-fastify' | 'express';

/** Every value of `SAMPLE_PLATFORM`, the default first. */
export const SAMPLE_PLATFORMS: readonly SamplePlatform[] = ['nest-express', 'nest-fastify', 'express'];

/** The sample app's settings, parsed and checked once at startup. */
export interface SampleConfig {
  /** `SAMPLE_PLATFORM`, default `nest-express`. */
  platform: SamplePlatform;
  production: boolean;
  provider: SampleProviderConfig;
  session: {
    secret: string;
    /** True when no `SESSION_SECRET` was given and a random one was made for this process. */
    secretGenerated: boolean;
    /** `__Host-sid` in production (Secure, Path=/, no Domain), `sid` otherwise. */
    cookieName: string;
    secureCookie: boolean;
    /** Idle timeout: the cookie and the stored session expire this long after the last request. */
    idleTimeoutMs: number;
    /**
     * Absolute timeout (`SESSION_ABSOLUTE_TIMEOUT`, default `12h`): this long after the password
     * sign-in the session ends, however active it stayed.
     */
    absoluteTimeoutMs: number;
  };
  /** Extra origins (scheme://host[:port]) allowed to make state-changing requests. */
  allowedOrigins: string[];
  /**
   * Countries, send limits and trusted proxies (`TWO_FACTOR_COUNTRIES`, `TWO_FACTOR_SEND_LIMITS`,
   * `TWO_FACTOR_SEND_LIMITS_<PURPOSE>`, `TRUSTED_PROXIES`).
   */
  abuse: SampleAbuseConfig;
  /** Region of phone numbers typed without a country code (`TWO_FACTOR_DEFAULT_REGION`). */
  phoneRegion?: CountryCode;
  /**
   * Redis shared by all instances (`REDIS_URL`, `REDIS_CLUSTER_NODES` or `REDIS_SENTINELS`):
   * sessions, accounts, the 2FA module's counters and throttling, and the embedded engine's
   * state. Undefined: everything in this process.
   */
  redis?: SampleRedisConfig;
}

/** Where the shared state lives when Redis is configured. */
export interface SampleRedisConfig {
  /** One server (URL with credentials: never print it, see `maskRedisUrl`), a cluster, or Sentinel. */
  connection: SampleRedisConnection;
  /** Prefix of every key the app writes (`REDIS_PREFIX`). Default `nestjs-2fa-sample:`. */
  prefix: string;
  /**
   * HMAC key of the embedded engine's stored PINs (`ENGINE_SECRET`), the same on every
   * instance; only with `TWO_FACTOR_PROVIDER=local`.
   */
  engineSecret?: string;
}

/** Thrown at startup when the environment is incomplete or wrong; the message says what to set. */
export class SampleConfigError extends Error {
  override readonly name = 'SampleConfigError';
}

const IDLE_TIMEOUT_MS = 30 * 60 * 1000;
const DEFAULT_ABSOLUTE_TIMEOUT = '12h';
const MIN_PRODUCTION_SECRET_LENGTH = 32;
const MIN_ENGINE_SECRET_LENGTH = 32;
const DEFAULT_REDIS_PREFIX = 'nestjs-2fa-sample:';

/**
 * Reads the sample app's environment variables (see README): `TWO_FACTOR_PROVIDER`,
 * `INFOBIP_BASE_URL`, `INFOBIP_API_KEY`, `INFOBIP_APPLICATION_ID`, `INFOBIP_MESSAGE_ID`,
 * `SESSION_SECRET`, `ALLOWED_ORIGINS`, `REDIS_URL` (or `REDIS_CLUSTER_NODES`, or `REDIS_SENTINELS`
 * with `REDIS_SENTINEL_NAME`), `REDIS_PREFIX`, `ENGINE_SECRET`, `NODE_ENV`,
 * `TWO_FACTOR_COUNTRIES`, `TWO_FACTOR_SEND_LIMITS`, `TWO_FACTOR_SEND_LIMITS_<PURPOSE>`,
 * `TRUSTED_PROXIES`, `SESSION_ABSOLUTE_TIMEOUT`, `TWO_FACTOR_DEFAULT_REGION`, `SAMPLE_PLATFORM`.
 *
 * @throws SampleConfigError naming the variable to fix.
 */
export function parseSampleConfig(env: SampleEnv): SampleConfig {
  const platform = parsePlatform(env.SAMPLE_PLATFORM);
  const production = env.NODE_ENV === 'production';
  const secret = present(env.SESSION_SECRET) ? env.SESSION_SECRET : undefined;
  if (production && (secret === undefined || secret.length < MIN_PRODUCTION_SECRET_LENGTH)) {
    throw new SampleConfigError(
      `SESSION_SECRET is required when NODE_ENV=production: set it to a random string of at least ${MIN_PRODUCTION_SECRET_LENGTH} characters`,
    );
  }
  const absoluteTimeoutMs = parseAbsoluteTimeout(env.SESSION_ABSOLUTE_TIMEOUT);
  const provider = parseProvider(env);
  const redis = parseRedis(env, provider);
  const abuse = parseAbuseConfig(env);
  const phoneRegion = parsePhoneRegion(env, abuse.allowedCountries);
  return {
    platform,
    production,
    provider,
    session: {
      secret: secret ?? randomBytes(32).toString('hex'),
      secretGenerated: secret === undefined,
      cookieName: production ? '__Host-sid' : 'sid',
      secureCookie: production,
      idleTimeoutMs: IDLE_TIMEOUT_MS,
      absoluteTimeoutMs,
    },
    allowedOrigins: parseOrigins(env.ALLOWED_ORIGINS),
    abuse,
    ...(phoneRegion ? { phoneRegion } : {}),
    ...(redis ? { redis } : {}),
  };
}

function parsePlatform(value: string | undefined): SamplePlatform {
  if (!present(value)) return SAMPLE_PLATFORMS[0];
  const platform = SAMPLE_PLATFORMS.find((name) => name === value.trim());
  if (!platform) {
    throw new SampleConfigError(
      `SAMPLE_PLATFORM must be one of ${SAMPLE_PLATFORMS.join(', ')}, got '${value}': unset it for ${SAMPLE_PLATFORMS[0]}`,
    );
  }
  return platform;
}

function parseAbsoluteTimeout(value: string | undefined): number {
  try {
    // Infobip's duration grammar, like every duration of the 2FA module: `12h`, `30m`, `1d`.
    return parseDuration(
      present(value) ? value.trim() : DEFAULT_ABSOLUTE_TIMEOUT,
      'SESSION_ABSOLUTE_TIMEOUT',
    );
  } catch (error) {
    throw new SampleConfigError(
      error instanceof Error ? error.message : 'SESSION_ABSOLUTE_TIMEOUT is invalid',
    );
  }
}

function parseRedis(env: SampleEnv, provider: SampleProviderConfig): SampleRedisConfig | undefined {
  let connection: SampleRedisConnection | undefined;
  try {
    connection = parseRedisConnection(env);
  } catch (error) {
    throw new SampleConfigError((error as Error).message);
  }
  if (!connection) return undefined;
  const prefix = present(env.REDIS_PREFIX) ? env.REDIS_PREFIX.trim() : DEFAULT_REDIS_PREFIX;
  if (provider.kind !== 'local') return { connection, prefix };
  // Instances verify each other's PINs: they need one HMAC key, which must not live in Redis
  // beside the digests it protects.
  const engineSecret = env.ENGINE_SECRET;
  if (!present(engineSecret) || engineSecret.length < MIN_ENGINE_SECRET_LENGTH) {
    throw new SampleConfigError(
      `ENGINE_SECRET is required when ${redisVariable(connection)} is set with TWO_FACTOR_PROVIDER=local: set it to the same random ` +
        `string of at least ${MIN_ENGINE_SECRET_LENGTH} characters on every instance (it keys the stored PINs)`,
    );
  }
  return { connection, prefix, engineSecret };
}

/** The environment variable that configured `connection`, for messages. */
export function redisVariable(connection: SampleRedisConnection): string {
  return { url: 'REDIS_URL', cluster: 'REDIS_CLUSTER_NODES', sentinel: 'REDIS_SENTINELS' }[connection.kind];
}

function parseProvider(env: SampleEnv): SampleProviderConfig {
  const kind = present(env.TWO_FACTOR_PROVIDER) ? env.TWO_FACTOR_PROVIDER.trim() : 'local';
  if (kind === 'local') return { kind };
  if (kind !== 'infobip') {
    throw new SampleConfigError(
      `TWO_FACTOR_PROVIDER must be 'local' or 'infobip', got '${kind.slice(0, 20)}'`,
    );
  }
  const baseUrl = required(env, 'INFOBIP_BASE_URL', "your Infobip base URL, e.g. 'xyz.api.infobip.com'");
  const apiKey = required(env, 'INFOBIP_API_KEY', 'an Infobip API key with the 2FA scope');
  const applicationId = present(env.INFOBIP_APPLICATION_ID) ? env.INFOBIP_APPLICATION_ID.trim() : undefined;
  const messageId = present(env.INFOBIP_MESSAGE_ID) ? env.INFOBIP_MESSAGE_ID.trim() : undefined;
  if (messageId !== undefined && applicationId === undefined) {
    throw new SampleConfigError(
      'INFOBIP_MESSAGE_ID needs INFOBIP_APPLICATION_ID: a message template belongs to an application',
    );
  }
  return { kind, baseUrl, apiKey, applicationId, messageId };
}

function parseOrigins(value: string | undefined): string[] {
  if (!present(value)) return [];
  return value
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '')
    .map((entry) => {
      try {
        return new URL(entry).origin;
      } catch {
        throw new SampleConfigError(
          `ALLOWED_ORIGINS: '${entry.slice(0, 60)}' is not an origin like https://app.example.com`,
        );
      }
    });
}

function required(env: SampleEnv, name: string, hint: string): string {
  const value = env[name];
  if (!present(value)) {
    throw new SampleConfigError(`${name} is required when TWO_FACTOR_PROVIDER=infobip: set it to ${hint}`);
  }
  return value.trim();
}

function present(value: string | undefined): value is string {
  return value !== undefined && value.trim() !== '';
}
