import type { PinChannel } from '../../infobip/infobip.types';
import { normalizeEmailAddress, normalizePhoneNumber } from './destination';
import { FieldChecker, type JsonObject } from '../../infobip/field-checker';

/** A send request that passed validation. */
export interface ValidSendRequest {
  applicationId: string;
  messageId: string;
  /** Normalised: phone number digits, or email address in lower case. */
  to: string;
  from?: string;
  placeholders: Record<string, string>;
  /** SMS and voice only. */
  trackDelivery: boolean;
  /** Email only. */
  landingPagePlaceholders?: Record<string, string>;
}

/** A resend request that passed validation (its body is optional). */
export type ValidResendRequest = Pick<
  ValidSendRequest,
  'placeholders' | 'trackDelivery' | 'landingPagePlaceholders'
>;

/** A verification status query that passed validation. */
export interface ValidVerificationQuery {
  /** Normalised like a destination. */
  msisdn: string;
  verified?: boolean;
  sent?: boolean;
}

/**
 * Validates the body of send PIN over `channel`: `applicationId`, `messageId`
 * and `to` required; `to` a phone number of 7 to 15 digits with an optional
 * leading `+` (SMS, voice) or an email address (email); `placeholders` a map of
 * strings without the reserved `pin` key; `trackDelivery` a boolean.
 * @throws InfobipApiError 400 with `validationErrors`.
 */
export function validateSendPinRequest(body: unknown, channel: PinChannel): ValidSendRequest {
  const check = new FieldChecker();
  const request = check.body(body);
  const applicationId = check.string(request, 'applicationId', 'applicationId', true);
  const messageId = check.string(request, 'messageId', 'messageId', true);
  const to = destination(check, request, channel);
  const from = check.string(request, 'from', 'from');
  const rest = resendFields(check, request, channel);
  check.throwIfInvalid();
  const valid: ValidSendRequest = {
    applicationId: applicationId as string,
    messageId: messageId as string,
    to: to as string,
    placeholders: rest.placeholders,
    trackDelivery: rest.trackDelivery,
  };
  if (from !== undefined) valid.from = from;
  if (rest.landingPagePlaceholders) valid.landingPagePlaceholders = rest.landingPagePlaceholders;
  return valid;
}

/**
 * Validates the optional body of resend PIN over `channel`: `placeholders`
 * (without `pin`), plus `trackDelivery` (SMS, voice) or `landingPagePlaceholders` (email).
 * @throws InfobipApiError 400 with `validationErrors`.
 */
export function validateResendPinRequest(body: unknown, channel: PinChannel): ValidResendRequest {
  const check = new FieldChecker();
  const fields = resendFields(check, check.body(body, true), channel);
  check.throwIfInvalid();
  return fields;
}

/**
 * Validates the body of verify PIN: `pin` a non-empty string.
 * @throws InfobipApiError 400 with `validationErrors`.
 */
export function validateVerifyPinRequest(body: unknown): { pin: string } {
  const check = new FieldChecker();
  const pin = check.string(check.body(body), 'pin', 'pin', true);
  check.throwIfInvalid();
  return { pin: pin as string };
}

/**
 * Validates the query of get verification status: `msisdn` required (a phone
 * number or email address, normalised as destinations are); `verified` and
 * `sent` booleans (or `"true"`/`"false"`, as they arrive in URLs).
 * @throws InfobipApiError 400 with `validationErrors`.
 */
export function validateVerificationQuery(query: unknown): ValidVerificationQuery {
  const check = new FieldChecker();
  const given = check.body(query);
  const msisdn = check.string(given, 'msisdn', 'msisdn', true);
  const filters: { verified?: boolean; sent?: boolean } = {};
  for (const name of ['verified', 'sent'] as const) {
    const value = given[name];
    if (value === 'true' || value === true) filters[name] = true;
    else if (value === 'false' || value === false) filters[name] = false;
    else if (value !== undefined && value !== null) check.fail(name, 'must be a boolean');
  }
  check.throwIfInvalid();
  const text = (msisdn as string).trim();
  return { msisdn: normalizePhoneNumber(text) ?? normalizeEmailAddress(text) ?? text, ...filters };
}

function destination(check: FieldChecker, request: JsonObject, channel: PinChannel): string | undefined {
  const to = check.string(request, 'to', 'to', true);
  if (to === undefined) return undefined;
  const normalized = channel === 'email' ? normalizeEmailAddress(to) : normalizePhoneNumber(to);
  if (normalized === undefined) {
    check.fail(
      'to',
      channel === 'email'
        ? 'must be an email address'
        : 'must be a phone number in international format, 7 to 15 digits',
    );
  }
  return normalized;
}

function resendFields(check: FieldChecker, request: JsonObject, channel: PinChannel): ValidResendRequest {
  const placeholders = check.stringMap(request, 'placeholders', 'placeholders', ['pin']) ?? {};
  if (channel === 'email') {
    const landing = check.stringMap(request, 'landingPagePlaceholders', 'landingPagePlaceholders');
    return { placeholders, trackDelivery: false, ...(landing ? { landingPagePlaceholders: landing } : {}) };
  }
  return { placeholders, trackDelivery: check.boolean(request, 'trackDelivery', 'trackDelivery') ?? false };
}
