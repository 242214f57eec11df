import type { InfobipAuth } from './infobip-auth';

/** Options of {@link InfobipTwoFactorClient}. */
export interface InfobipTwoFactorClientOptions {
  /**
   * Your Infobip base URL, e.g. `xyz.api.infobip.com` or `https://xyz.api.infobip.com`
   * (`https://` is added when no scheme is given). Plain `http://` is accepted
   * only for `localhost`, `127.0.0.1` and `[::1]`, e.g. the bundled emulator.
   */
  baseUrl: string;
  /** API key; shorthand for `auth: { type: 'App', apiKey }`. Give this or `auth`. */
  apiKey?: string;
  /** Credentials in any scheme Infobip accepts. Give this or `apiKey`. */
  auth?: InfobipAuth;
  /**
   * Longest wait for a complete answer to one HTTP request, in milliseconds;
   * then the call fails with `TIMEOUT` (status 0). Default 10 000.
   */
  timeoutMs?: number;
  /**
   * How many times a read (GET) is repeated after a connection error, a 5xx or
   * a 429, waiting as `Retry-After` asks (when that is at most `maxRetryDelayMs`;
   * otherwise the error is thrown) or with a doubling back-off. Default 2.
   * Sends, resends, verifications and every other POST/PUT are never repeated:
   * a repeated send could deliver a second PIN or spend quota twice.
   * Timeouts are not repeated either, so `timeoutMs` bounds each attempt.
   */
  maxReadRetries?: number;
  /** First back-off delay between read attempts, doubled each time, in milliseconds. Default 200. */
  retryDelayMs?: number;
  /** Longest wait before a repeated read, in milliseconds. Default 5 000. */
  maxRetryDelayMs?: number;
  /**
   * How the client waits between read attempts. Meant for tests, which record
   * the requested delays instead of letting time pass. Default: a timer.
   */
  sleep?: (ms: number) => Promise<void>;
}

/** Default of {@link InfobipTwoFactorClientOptions.timeoutMs}. */
export const DEFAULT_INFOBIP_TIMEOUT_MS = 10_000;
/** Default of {@link InfobipTwoFactorClientOptions.maxReadRetries}. */
export const DEFAULT_INFOBIP_MAX_READ_RETRIES = 2;
/** Default of {@link InfobipTwoFactorClientOptions.retryDelayMs}. */
export const DEFAULT_INFOBIP_RETRY_DELAY_MS = 200;
/** Default of {@link InfobipTwoFactorClientOptions.maxRetryDelayMs}. */
export const DEFAULT_INFOBIP_MAX_RETRY_DELAY_MS = 5_000;
