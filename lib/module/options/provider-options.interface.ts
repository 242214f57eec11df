import type { LocalTwoFactorEngine } from '../../engine';
import type { InfobipAuth } from '../../infobip/infobip-auth';
import type { TwoFactorApi } from '../../infobip/two-factor-api.interface';

/** The embedded engine: no Infobip account needed; PINs land in an outbox. */
export interface LocalTwoFactorProviderOptions {
  kind: 'local';
  /**
   * An engine you built (and close).
   * @default one the module creates and closes
   */
  engine?: LocalTwoFactorEngine;
  /**
   * Also print sent messages, PIN included, on the console (development only).
   * Ignored when `engine` is given.
   * @default `process.env.NODE_ENV !== 'production'`
   */
  console?: boolean;
}

/** Infobip's 2FA API over HTTPS (or the emulator over HTTP on localhost). */
export interface InfobipTwoFactorProviderOptions {
  kind: 'infobip';
  /** Your personal base URL, e.g. `xyz.api.infobip.com`. */
  baseUrl: string;
  /** Shorthand for `auth: { type: 'App', apiKey }`. */
  apiKey?: string;
  auth?: InfobipAuth;
  /**
   * Per-request timeout in milliseconds.
   * @default 10 000
   */
  timeoutMs?: number;
}

/**
 * Any implementation of the 18 operations (a decorator around the client, a
 * recording double in tests). The module never closes it.
 */
export interface CustomTwoFactorProviderOptions {
  kind: 'custom';
  api: TwoFactorApi;
}

/** Where PINs are sent and verified. */
export type TwoFactorProviderOptions =
  LocalTwoFactorProviderOptions | InfobipTwoFactorProviderOptions | CustomTwoFactorProviderOptions;
