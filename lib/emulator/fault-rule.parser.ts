import type { ValidationErrors } from '../infobip/infobip-api.error';
import { TWO_FACTOR_OPERATIONS } from '../infobip/two-factor-api.interface';
import {
  EMULATOR_FAULT_KINDS,
  type ActiveEmulatorFault,
  type EmulatorFaultKind,
  type EmulatorFaultMatch,
  type TwoFactorOperationName,
} from './emulator-fault.types';
import { splitPath } from './emulator.router';
import { isJsonObject } from './request-body';

/** Outcome of {@link parseFaultRule}. */
export type FaultRuleParseResult =
  { ok: true; rule: ActiveEmulatorFault } | { ok: false; errors: ValidationErrors };

/** Operations whose answers each answer-changing fault can change; other requests are not matched. */
export const FAULT_OPERATIONS: Partial<Record<EmulatorFaultKind, readonly TwoFactorOperationName[]>> = {
  verified_string: ['verifyPin'],
  verified_missing: ['verifyPin'],
  msisdn_mismatch: [
    'verifyPin',
    'getVerificationStatus',
    'sendPinOverSms',
    'sendPinOverVoice',
    'resendPinOverSms',
    'resendPinOverVoice',
  ],
};

const RULE_FIELDS = new Set([
  'match',
  'times',
  'fault',
  'status',
  'retryAfterSeconds',
  'messageId',
  'text',
  'delayMs',
  'after',
]);
const MATCH_FIELDS = new Set(['method', 'path', 'operation']);
const METHODS = new Set(['GET', 'POST', 'PUT']);
const WITH_STATUS = new Set<EmulatorFaultKind>(['status', 'html', 'malformed_json', 'empty_body']);
const DEFAULT_STATUS: Partial<Record<EmulatorFaultKind, number>> = {
  html: 502,
  malformed_json: 200,
  empty_body: 200,
};
// Statuses whose answers cannot carry a body.
const BODILESS = new Set([204, 205, 304]);
const MAX_TIMES = 1_000_000;
const MAX_DELAY_MS = 600_000;
const MAX_RETRY_AFTER_SECONDS = 86_400;
const MAX_PATH = 500;
const MAX_TEXT = 500;

/**
 * Checks a fault rule (from JSON or from code) and applies its defaults.
 * Unknown fields are refused, so that a misspelt option never goes unnoticed.
 */
export function parseFaultRule(input: unknown): FaultRuleParseResult {
  const errors: ValidationErrors = {};
  const fail = (field: string, message: string): void => {
    (errors[field] ??= []).push(message);
  };
  if (!isJsonObject(input)) return { ok: false, errors: { rule: ['must be a JSON object'] } };
  for (const key of Object.keys(input)) if (!RULE_FIELDS.has(key)) fail(key, 'unknown field');

  const fault = input.fault as EmulatorFaultKind;
  if (!EMULATOR_FAULT_KINDS.includes(fault)) {
    fail('fault', `must be one of ${EMULATOR_FAULT_KINDS.join(', ')}`);
    return { ok: false, errors };
  }
  const rule: ActiveEmulatorFault = { match: parseMatch(input.match, fail), times: 1, fault, after: false };

  if (input.times !== undefined) {
    if (isWhole(input.times, 1, MAX_TIMES)) rule.times = input.times;
    else fail('times', `must be a whole number from 1 to ${MAX_TIMES}`);
  }

  const allowed = FAULT_OPERATIONS[fault];
  if (input.after !== undefined) {
    if (typeof input.after !== 'boolean') fail('after', 'must be a boolean');
    else if (allowed && !input.after) fail('after', `${fault} always runs the operation`);
    else rule.after = input.after;
  }
  if (allowed) {
    rule.after = true;
    if (rule.match.operation && !allowed.includes(rule.match.operation)) {
      fail('match.operation', `${fault} applies only to ${allowed.join(', ')}`);
    }
  }

  if (WITH_STATUS.has(fault)) {
    const status = input.status ?? DEFAULT_STATUS[fault];
    const lowest = fault === 'status' ? 400 : 200;
    if (status === undefined) fail('status', 'is required for the status fault');
    else if (!isWhole(status, lowest, 599) || BODILESS.has(status)) {
      fail('status', `must be an HTTP status from ${lowest} to 599 whose answer has a body`);
    } else rule.status = status;
    if (input.retryAfterSeconds !== undefined) {
      if (isWhole(input.retryAfterSeconds, 0, MAX_RETRY_AFTER_SECONDS)) {
        rule.retryAfterSeconds = input.retryAfterSeconds;
      } else fail('retryAfterSeconds', `must be a whole number from 0 to ${MAX_RETRY_AFTER_SECONDS}`);
    }
  } else {
    for (const field of ['status', 'retryAfterSeconds'] as const) {
      if (input[field] !== undefined) fail(field, `is not used by the ${fault} fault`);
    }
  }

  if (fault === 'status') {
    if (input.messageId !== undefined) {
      if (typeof input.messageId === 'string' && /^[A-Za-z0-9_.-]{1,100}$/.test(input.messageId)) {
        rule.messageId = input.messageId;
      } else fail('messageId', 'must be 1 to 100 letters, digits, "_", "." or "-"');
    }
    if (input.text !== undefined) {
      if (typeof input.text === 'string' && isPrintable(input.text, MAX_TEXT)) rule.text = input.text;
      else fail('text', `must be 1 to ${MAX_TEXT} printable characters`);
    }
  } else {
    for (const field of ['messageId', 'text'] as const) {
      if (input[field] !== undefined) fail(field, `is not used by the ${fault} fault`);
    }
  }

  if (fault === 'delay') {
    if (isWhole(input.delayMs, 1, MAX_DELAY_MS)) rule.delayMs = input.delayMs;
    else fail('delayMs', `must be a whole number of milliseconds from 1 to ${MAX_DELAY_MS}`);
  } else if (input.delayMs !== undefined) {
    fail('delayMs', `is not used by the ${fault} fault`);
  }

  return Object.keys(errors).length ? { ok: false, errors } : { ok: true, rule };
}

function parseMatch(value: unknown, fail: (field: string, message: string) => void): EmulatorFaultMatch {
  const match: EmulatorFaultMatch = {};
  if (value === undefined) return match;
  if (!isJsonObject(value)) {
    fail('match', 'must be a JSON object');
    return match;
  }
  for (const key of Object.keys(value)) if (!MATCH_FIELDS.has(key)) fail(`match.${key}`, 'unknown field');
  const { method, path, operation } = value;
  if (method !== undefined) {
    if (typeof method === 'string' && METHODS.has(method.toUpperCase())) match.method = method.toUpperCase();
    else fail('match.method', 'must be GET, POST or PUT');
  }
  if (path !== undefined) {
    const problem = pathPatternProblem(path);
    if (problem) fail('match.path', problem);
    else match.path = path as string;
  }
  if (operation !== undefined) {
    if (TWO_FACTOR_OPERATIONS.includes(operation as TwoFactorOperationName)) {
      match.operation = operation as TwoFactorOperationName;
    } else fail('match.operation', 'must be the name of a TwoFactorApi method, e.g. verifyPin');
  }
  return match;
}

function pathPatternProblem(path: unknown): string | undefined {
  if (typeof path !== 'string' || path.length > MAX_PATH) {
    return `must be a path starting with "/", at most ${MAX_PATH} characters`;
  }
  if (/[?#]/.test(path)) return 'must not contain a query string or fragment';
  const segments = splitPath(path);
  if (!segments) return 'must start with "/" and be percent-encoded correctly';
  if (path !== '/' && segments.some((segment) => segment === '')) return 'must not contain empty segments';
  if (segments.some((segment) => segment.includes('*') && segment !== '*')) {
    return '"*" must be a whole segment';
  }
  return undefined;
}

function isWhole(value: unknown, min: number, max: number): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= min && value <= max;
}

function isPrintable(text: string, max: number): boolean {
  if (text.length === 0 || text.length > max) return false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) return false;
  }
  return true;
}
