import { FieldChecker } from './field-checker';
import { InfobipApiError, TRANSPORT_ERROR_IDS } from './infobip-api.error';
import { INT64_MAX } from './int64-json';
import { LANGUAGES, PIN_TYPES } from './infobip.types';
import { ONE_DAY_MS, ONE_YEAR_MS, parseDuration, parseLimit } from './time-format';

/*
 * Checks made before a request goes on the wire, so that a mistake costs no
 * round trip (and no send quota) and is reported with the field at fault.
 * Unknown fields pass through untouched: Infobip may add fields before this
 * package names them.
 */

type Body = Record<string, unknown>;

/**
 * The field failures the checker collected, as one `INVALID_REQUEST` of the client (status 0:
 * nothing went on the wire).
 */
class Problems extends FieldChecker {
  throwIfAny(operation: string): void {
    const fields = Object.keys(this.errors);
    if (!fields.length) return;
    const first = `${fields[0]} ${this.errors[fields[0]][0]}`;
    const count = fields.reduce((n, f) => n + this.errors[f].length, 0);
    throw new InfobipApiError({
      status: 0,
      messageId: TRANSPORT_ERROR_IDS.invalidRequest,
      text: `${first}${count > 1 ? ` (and ${count - 1} more)` : ''}`,
      validationErrors: this.errors,
      operation,
    });
  }
}

/**
 * A path id (`appId`, `msgId`, `pinId`) usable in a URL.
 * @throws TypeError when it is not a non-empty string, or is `.` / `..` (which URLs resolve away).
 */
export function checkId(value: unknown, name: string): string {
  if (typeof value !== 'string' || value === '') throw new TypeError(`${name} must be a non-empty string`);
  if (value === '.' || value === '..') throw new TypeError(`${name} must not be "." or ".."`);
  return value;
}

/** Body of create / update application. */
export function checkApplicationRequest(operation: string, body: unknown): void {
  const b = asBody(operation, body);
  const p = new Problems();
  requireString(p, b, 'name');
  optionalBoolean(p, b, 'enabled');
  const config = b.configuration;
  if (config !== undefined) {
    if (!isPlainObject(config)) p.fail('configuration', 'must be an object');
    else {
      optionalInteger(p, config, 'pinAttempts', 1, 2 ** 31 - 1, 'configuration.');
      optionalBoolean(p, config, 'allowMultiplePinVerifications', 'configuration.');
      grammar(p, config, 'pinTimeToLive', (v, w) => parseDuration(v, w, ONE_YEAR_MS));
      grammar(p, config, 'verifyPinLimit', (v, w) => parseLimit(v, w, ONE_DAY_MS));
      grammar(p, config, 'sendPinPerApplicationLimit', (v, w) => parseLimit(v, w, ONE_YEAR_MS));
      grammar(p, config, 'sendPinPerPhoneNumberLimit', (v, w) => parseLimit(v, w, ONE_YEAR_MS));
    }
  }
  p.throwIfAny(operation);
}

/** Body of create (`partial` false) or update (`partial` true) SMS/voice template. */
export function checkSmsOrVoiceTemplate(operation: string, body: unknown, partial: boolean): void {
  const b = asBody(operation, body);
  const p = new Problems();
  if (!partial || b.pinType !== undefined) oneOf(p, b, 'pinType', PIN_TYPES);
  if (!partial || b.messageText !== undefined) {
    if (requireString(p, b, 'messageText') && !(b.messageText as string).includes('{{pin}}')) {
      p.fail('messageText', 'must contain the {{pin}} placeholder');
    }
  }
  optionalInteger(p, b, 'pinLength', 1, 2 ** 31 - 1);
  if (b.language !== undefined) oneOf(p, b, 'language', LANGUAGES);
  for (const field of ['senderId', 'repeatDTMF', 'voiceName']) optionalString(p, b, field);
  if (b.speechRate !== undefined) {
    const rate = b.speechRate;
    if (typeof rate !== 'number' || !(rate >= 0.5 && rate <= 2))
      p.fail('speechRate', 'must be a number from 0.5 to 2');
  }
  checkRegional(p, b.regional);
  p.throwIfAny(operation);
}

/** Body of create (`partial` false) or update (`partial` true) email template. */
export function checkEmailTemplate(operation: string, body: unknown, partial: boolean): void {
  const b = asBody(operation, body);
  const p = new Problems();
  if (!partial || b.emailTemplateId !== undefined) {
    const id = b.emailTemplateId;
    const valid =
      typeof id === 'bigint' ? id >= 1n && id <= INT64_MAX : Number.isSafeInteger(id) && (id as number) >= 1;
    if (!valid) p.fail('emailTemplateId', 'must be a positive whole number');
  }
  optionalString(p, b, 'from');
  optionalString(p, b, 'landingPageId');
  optionalInteger(p, b, 'pinLength', 1, 2 ** 31 - 1);
  if (b.pinType !== undefined) oneOf(p, b, 'pinType', PIN_TYPES);
  p.throwIfAny(operation);
}

/** Body of send PIN over SMS, voice (`email` false) or email (`email` true). */
export function checkStartAuthentication(operation: string, body: unknown, email: boolean): void {
  const b = asBody(operation, body);
  const p = new Problems();
  requireString(p, b, 'applicationId');
  requireString(p, b, 'messageId');
  requireString(p, b, 'to');
  optionalString(p, b, 'from');
  checkPlaceholders(p, b, 'placeholders');
  if (email) checkPlaceholders(p, b, 'landingPagePlaceholders');
  else optionalBoolean(p, b, 'trackDelivery');
  p.throwIfAny(operation);
}

/** Optional body of resend over SMS or voice (`email` false) or email (`email` true). */
export function checkResend(operation: string, body: unknown, email: boolean): void {
  if (body === undefined) return;
  const b = asBody(operation, body);
  const p = new Problems();
  checkPlaceholders(p, b, 'placeholders');
  if (email) checkPlaceholders(p, b, 'landingPagePlaceholders');
  else optionalBoolean(p, b, 'trackDelivery');
  p.throwIfAny(operation);
}

/** Body of verify PIN. */
export function checkVerify(operation: string, body: unknown): void {
  const b = asBody(operation, body);
  const p = new Problems();
  requireString(p, b, 'pin');
  p.throwIfAny(operation);
}

/** Query of get verification status, and the options of send PIN over SMS. */
export function checkQuery(operation: string, query: unknown, required: string[], booleans: string[]): void {
  const q = asBody(operation, query ?? {});
  const p = new Problems();
  for (const field of required) requireString(p, q, field);
  for (const field of booleans) optionalBoolean(p, q, field);
  p.throwIfAny(operation);
}

function asBody(operation: string, body: unknown): Body {
  if (!isPlainObject(body)) throw new TypeError(`${operation}: the request body must be an object`);
  return body;
}

function isPlainObject(value: unknown): value is Body {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function requireString(p: Problems, b: Body, field: string, prefix = ''): boolean {
  const value = b[field];
  if (typeof value === 'string' && value.trim() !== '') return true;
  p.fail(prefix + field, value === undefined ? 'is required' : 'must be a non-empty string');
  return false;
}

function optionalString(p: Problems, b: Body, field: string): void {
  if (b[field] !== undefined && typeof b[field] !== 'string') p.fail(field, 'must be a string');
}

function optionalBoolean(p: Problems, b: Body, field: string, prefix = ''): void {
  if (b[field] !== undefined && typeof b[field] !== 'boolean')
    p.fail(prefix + field, 'must be true or false');
}

function optionalInteger(p: Problems, b: Body, field: string, min: number, max: number, prefix = ''): void {
  const value = b[field];
  if (value === undefined) return;
  if (!Number.isInteger(value) || (value as number) < min || (value as number) > max) {
    p.fail(prefix + field, `must be a whole number from ${min} to ${max}`);
  }
}

function oneOf(p: Problems, b: Body, field: string, allowed: readonly string[]): void {
  if (!allowed.includes(b[field] as string)) {
    p.fail(field, b[field] === undefined ? 'is required' : `must be one of ${allowed.join(', ')}`);
  }
}

function grammar(
  p: Problems,
  config: Body,
  field: string,
  parse: (value: unknown, what: string) => unknown,
): void {
  if (config[field] === undefined) return;
  try {
    parse(config[field], field);
  } catch (error) {
    p.fail(`configuration.${field}`, (error as Error).message.slice(field.length + 1));
  }
}

function checkPlaceholders(p: Problems, b: Body, field: string): void {
  const map = b[field];
  if (map === undefined) return;
  if (!isPlainObject(map)) {
    p.fail(field, 'must be an object of strings');
    return;
  }
  for (const [key, value] of Object.entries(map)) {
    if (key.trim().toLowerCase() === 'pin') p.fail(field, 'must not set "pin": Infobip fills in the PIN');
    else if (key === '' || /[{}]/.test(key))
      p.fail(field, `key ${JSON.stringify(key)} must be a name without braces`);
    if (typeof value !== 'string') p.fail(`${field}.${key}`, 'must be a string');
  }
}

function checkRegional(p: Problems, regional: unknown): void {
  if (regional === undefined) return;
  if (!isPlainObject(regional)) {
    p.fail('regional', 'must be an object');
    return;
  }
  const dlt = regional.indiaDlt;
  if (dlt === undefined) return;
  if (!isPlainObject(dlt)) {
    p.fail('regional.indiaDlt', 'must be an object');
    return;
  }
  const limits: [string, number, boolean][] = [
    ['principalEntityId', 30, true],
    ['contentTemplateId', 30, false],
    ['teleMarketerId', 255, false],
  ];
  for (const [field, max, required] of limits) {
    const value = dlt[field];
    if (value === undefined && !required) continue;
    if (typeof value !== 'string' || value === '' || value.length > max) {
      p.fail(`regional.indiaDlt.${field}`, `must be a string of 1 to ${max} characters`);
    }
  }
}
