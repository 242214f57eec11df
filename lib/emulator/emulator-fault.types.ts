import type { TwoFactorApi } from '../infobip/two-factor-api.interface';

/** Name of one of the 18 operations of Infobip's 2FA API (a `TwoFactorApi` method). */
export type TwoFactorOperationName = keyof TwoFactorApi;

/**
 * What a fault does to the request it matches:
 * - `status`: answers an HTTP error status with Infobip's error envelope;
 * - `html`: answers an HTML page, as a proxy or load balancer would (default status 502);
 * - `malformed_json`: answers cut-off JSON (default status 200);
 * - `empty_body`: answers no body at all (default status 200);
 * - `delay`: holds the request for `delayMs` before going on, on a real timer;
 * - `reset`: closes the connection without an answer;
 * - `verified_string`: runs the operation, then answers `"verified": "true"` (a string, also
 *   for a wrong PIN) — only `verifyPin` is matched;
 * - `verified_missing`: runs the operation, then answers without `verified` — only `verifyPin`;
 * - `msisdn_mismatch`: runs the operation, then answers another number in `msisdn`
 *   (`verifyPin`, `getVerificationStatus`) or `to` (SMS and voice sends and resends).
 */
export type EmulatorFaultKind =
  | 'status'
  | 'html'
  | 'malformed_json'
  | 'empty_body'
  | 'delay'
  | 'reset'
  | 'verified_string'
  | 'verified_missing'
  | 'msisdn_mismatch';

/** Every {@link EmulatorFaultKind}, in documentation order. */
export const EMULATOR_FAULT_KINDS: readonly EmulatorFaultKind[] = [
  'status',
  'html',
  'malformed_json',
  'empty_body',
  'delay',
  'reset',
  'verified_string',
  'verified_missing',
  'msisdn_mismatch',
];

/**
 * Which requests a rule applies to; every given field must match, an empty
 * match takes any request to the API. Development endpoints are never matched.
 */
export interface EmulatorFaultMatch {
  /** `GET`, `POST` or `PUT` (any case). */
  method?: string;
  /**
   * Request path without query string, where a `*` segment stands for any one
   * segment: `/2fa/2/applications/*` is every application. Segments are compared
   * percent-decoded; a trailing slash is ignored, as in routing.
   */
  path?: string;
  /** The `TwoFactorApi` method the request is, e.g. `verifyPin`. */
  operation?: TwoFactorOperationName;
}

/** A fault to inject into the next requests matching {@link EmulatorFaultRule.match}. */
export interface EmulatorFaultRule {
  /** Default `{}`: any request to the API. */
  match?: EmulatorFaultMatch;
  /** How many matching requests the fault takes; then the rule is spent. Default 1. */
  times?: number;
  fault: EmulatorFaultKind;
  /**
   * Status of the answer. Required for `status` (400–599); for `html` (default 502),
   * `malformed_json` and `empty_body` (default 200) any of 200–599. Not allowed otherwise.
   */
  status?: number;
  /** Adds `Retry-After: <seconds>` to a `status`, `html`, `malformed_json` or `empty_body` answer. */
  retryAfterSeconds?: number;
  /** For `status`: the envelope's `messageId`. Default: Infobip's for the status (`GENERAL_ERROR` for most 5xx). */
  messageId?: string;
  /** For `status`: the envelope's `text`. Default: Infobip's for the status. */
  text?: string;
  /** For `delay` (required): milliseconds to hold the request, 1 to 600 000. */
  delayMs?: number;
  /**
   * Run the operation on the engine first, then answer the fault, as when Infobip did the
   * work and the answer was lost (`status`, `html`, `malformed_json`, `empty_body`,
   * `reset`, `delay`). Default false: the engine is not called (for `delay`: it is called
   * after the wait, and only if the client is still there). The answer-changing faults
   * (`verified_*`, `msisdn_mismatch`) always run the operation.
   */
  after?: boolean;
}

/** A rule as kept by the emulator: defaults applied, `times` counting down. */
export interface ActiveEmulatorFault extends EmulatorFaultRule {
  match: EmulatorFaultMatch;
  /** Matching requests it will still take. */
  times: number;
  after: boolean;
}
