import type {
  ApplicationResponse,
  EmailMessage,
  PinChannel,
  SmsOrVoiceMessage,
} from '../infobip/infobip.types';
import type { ParsedLimit } from '../time/time-format';

/** An application as the engine keeps it: every configuration field filled in. */
export type ApplicationRecord = ApplicationResponse;

/** A message template as the engine keeps it, tagged with its kind. */
export type TemplateRecord =
  { kind: 'smsOrVoice'; message: SmsOrVoiceMessage } | { kind: 'email'; message: EmailMessage };

/**
 * One PIN sent by the engine. It holds nothing of the PIN: the engine derives
 * the PIN from `pinId` and its secret, which the store never sees, and tells
 * {@link TwoFactorStore.verifyPin} whether a candidate was right.
 *
 * Every field is a string, number or boolean (plus one small object), so a
 * store can keep it as a flat hash.
 */
export interface PinRecord {
  pinId: string;
  applicationId: string;
  /** Template used by the first send. */
  messageId: string;
  /** Channel of the first send. */
  channel: PinChannel;
  /** Normalised destination: phone number digits, or email address in lower case. */
  to: string;
  /** First send, epoch ms. */
  sentAt: number;
  /** The PIN no longer verifies from this instant on (epoch ms). */
  expiresAt: number;
  /** The record may be forgotten from this instant on (epoch ms); `keepUntil >= expiresAt`. */
  keepUntil: number;
  /** Verification attempts left; 0 once locked or consumed. */
  attemptsRemaining: number;
  /** The application's `allowMultiplePinVerifications` when the PIN was sent. */
  allowMultipleVerifications: boolean;
  /** The application's `verifyPinLimit` when the PIN was sent. */
  verifyLimit: ParsedLimit;
  /** First successful verification, epoch ms; absent until then. */
  verifiedAt?: number;
}

/** Send limits checked (and counted) together with a send or resend. */
export interface SendLimits {
  /** `sendPinPerApplicationLimit`: counted per application. */
  perApplication: ParsedLimit;
  /** `sendPinPerPhoneNumberLimit`: counted per application and destination. */
  perDestination: ParsedLimit;
}

/** A refusal because a fixed window is full. */
export interface RateLimited {
  status: 'rate_limited';
  /** Milliseconds until the fullest window that refused reopens (> 0). */
  retryAfterMs: number;
}

/** Outcome of {@link TwoFactorStore.createPin}. */
export type CreatePinOutcome = { status: 'created' } | RateLimited;

/** Outcome of {@link TwoFactorStore.resendPin}; `expired`, `verified` and `locked` PINs are not resent. */
export type ResendPinOutcome =
  | { status: 'resent'; pin: PinRecord }
  | { status: 'not_found' | 'expired' | 'verified' | 'locked' }
  | RateLimited;

/** Outcome of {@link TwoFactorStore.verifyPin}, in the order the checks run. */
export type VerifyPinOutcome =
  | { status: 'not_found' }
  | RateLimited
  | {
      status: 'expired' | 'no_attempts' | 'wrong' | 'verified';
      /** The PIN's destination. */
      to: string;
      /** Attempts left after this verification. */
      attemptsRemaining: number;
    };

/** Record counts of a store, for monitoring and tests. */
export interface TwoFactorStoreStats {
  applications: number;
  templates: number;
  pins: number;
  /** Live rate-limit windows (send and verify). */
  windows: number;
  /** Destinations indexed for the verification status. */
  destinations: number;
  /** Pending entries of the expiry schedule. */
  scheduled: number;
}

/**
 * Storage of {@link LocalTwoFactorEngine}: applications, templates, PINs and
 * rate-limit windows.
 *
 * Contract for implementations:
 * - Every PIN operation that checks and updates (`createPin`, `resendPin`,
 *   `verifyPin`) is atomic: concurrent calls, from one process or many, behave as
 *   if they ran one after another. In Redis each is one Lua script, one round trip.
 * - Time comes only from the `now` argument (epoch ms of the engine's clock);
 *   implementations never read the system clock, so a test clock moves TTLs and
 *   windows. Native expiry (e.g. Redis `PEXPIREAT` at `keepUntil`) may only serve
 *   garbage collection.
 * - Rate-limit windows are fixed: a window opens at its first counted event and
 *   lasts the limit's `windowMs`; an event is refused while `limit.count` events
 *   are counted in the open window, and a refused event is not counted.
 * - A PIN is gone (`not_found`, absent from lists) once `now >= keepUntil`.
 * - Records go in and come out as copies; callers never share objects with the store.
 */
export interface TwoFactorStore {
  getApplication(applicationId: string): Promise<ApplicationRecord | undefined>;
  /** Applications in creation order. */
  listApplications(): Promise<ApplicationRecord[]>;
  /** Creates or replaces an application. */
  putApplication(application: ApplicationRecord): Promise<void>;

  getTemplate(applicationId: string, messageId: string): Promise<TemplateRecord | undefined>;
  /** Templates of an application in creation order. */
  listTemplates(applicationId: string): Promise<TemplateRecord[]>;
  /** Creates or replaces a template (of `template.message.applicationId`). */
  putTemplate(template: TemplateRecord): Promise<void>;

  /**
   * Sends a PIN, atomically: when both send windows (per application, per
   * application + destination) admit one more event, counts it in both and
   * stores `pin`; otherwise changes nothing.
   */
  createPin(pin: PinRecord, limits: SendLimits, now: number): Promise<CreatePinOutcome>;

  /** The PIN, or `undefined` when unknown or gone. */
  getPin(pinId: string, now: number): Promise<PinRecord | undefined>;

  /**
   * Resends a PIN, atomically: refuses a PIN that is unknown, expired
   * (`now >= expiresAt`), verified or locked (no attempts left), then counts one
   * send in both windows of `limits` as {@link createPin} does. TTL and attempts
   * are left as they are.
   */
  resendPin(pinId: string, limits: SendLimits, now: number): Promise<ResendPinOutcome>;

  /**
   * Verifies a PIN, atomically, in this order:
   * 1. unknown or gone -> `not_found`;
   * 2. the `verifyLimit` window of application + destination is full -> `rate_limited` (nothing counted);
   *    otherwise this verification is counted in it;
   * 3. `now >= expiresAt` -> `expired`;
   * 4. no attempts left -> `no_attempts`;
   * 5. `correct` is false (the engine compared the candidate with the PIN) -> `wrong`, one attempt less;
   * 6. otherwise `verified`: `verifiedAt` set on the first success; without
   *    `allowMultipleVerifications` the PIN is consumed (attempts set to 0).
   */
  verifyPin(pinId: string, correct: boolean, now: number): Promise<VerifyPinOutcome>;

  /** PINs of an application sent to `to` that are not gone, oldest first. */
  listPins(applicationId: string, to: string, now: number): Promise<PinRecord[]>;

  /** Releases timers and connections the store opened. */
  close(): Promise<void>;
}

/** Injection token of a {@link TwoFactorStore} (same name as the interface, as Nest storages do). */
export const TwoFactorStore = Symbol('TwoFactorStore');
