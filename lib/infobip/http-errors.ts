import { InfobipApiError, TRANSPORT_ERROR_IDS, type ValidationErrors } from './infobip-api.error';
import { parseJsonKeepingInt64 } from './int64-json';

/*
 * Turning HTTP answers and transport failures into InfobipApiError. Only
 * values known to be safe are kept: status, Infobip's ids and texts (cleaned
 * of control characters and scrubbed of credentials), Retry-After, and the
 * errno code of a network failure. Never the request configuration.
 */

/** An HTTP answer as read off the wire. */
export interface RawAnswer {
  status: number;
  headers: Record<string, unknown>;
  /** Body as text (`''` when empty). */
  body: string;
}

/** Removes credentials from text that came from the server. */
export type Scrubber = (text: string) => string;

const MAX_TEXT = 500;

/**
 * Seconds a `Retry-After` value asks to wait: delay-seconds (`120`) or an
 * HTTP-date (rounded up, never negative). `undefined` when absent or unreadable.
 */
export function parseRetryAfter(value: unknown, nowMs: number): number | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  if (typeof text !== 'string' || text.trim() === '') return undefined;
  const trimmed = text.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  // HTTP-dates start with a weekday name; anything else is not a date to trust.
  if (!/^(Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*,? /i.test(trimmed)) return undefined;
  const date = Date.parse(trimmed);
  if (!Number.isFinite(date)) return undefined;
  return Math.max(0, Math.ceil((date - nowMs) / 1000));
}

/** The parsed JSON body of a 2xx answer. */
export function parseSuccessBody(operation: string, answer: RawAnswer): unknown {
  const parsed = parseJson(answer.body);
  if (!parsed.ok || parsed.value === null || typeof parsed.value !== 'object') {
    throw invalidResponse(
      operation,
      answer,
      parsed.ok ? 'is not a JSON object or array' : whyNotJson(answer),
    );
  }
  return parsed.value;
}

/**
 * The error an unsuccessful answer means. Both of Infobip's envelopes are
 * read: the legacy `requestError.serviceException {messageId, text,
 * validationErrors}` and the newer `{errorCode, description, action,
 * violations, resources}`. Anything else is `INVALID_RESPONSE` with the status.
 */
export function errorFromAnswer(
  operation: string,
  answer: RawAnswer,
  nowMs: number,
  scrub: Scrubber,
): InfobipApiError {
  const retryAfterSeconds = parseRetryAfter(answer.headers['retry-after'], nowMs);
  if (answer.status >= 300 && answer.status < 400) {
    return invalidResponse(operation, answer, 'is a redirect, which is not followed (check baseUrl)');
  }
  const parsed = parseJson(answer.body);
  if (!parsed.ok) return invalidResponse(operation, answer, whyNotJson(answer), retryAfterSeconds);
  const body = parsed.value;

  const legacy = objectAt(objectAt(body, 'requestError'), 'serviceException');
  if (legacy && (typeof legacy.messageId === 'string' || typeof legacy.text === 'string')) {
    return new InfobipApiError({
      status: answer.status,
      messageId: clean(scrub, legacy.messageId) || `HTTP_${answer.status}`,
      text: clean(scrub, legacy.text),
      validationErrors: validationErrorsOf(legacy.validationErrors, scrub),
      retryAfterSeconds,
      operation,
    });
  }
  const modern = asObject(body);
  if (modern && typeof modern.errorCode === 'string') {
    return new InfobipApiError({
      status: answer.status,
      messageId: clean(scrub, modern.errorCode),
      text: clean(scrub, modern.description),
      validationErrors: violationsOf(modern.violations, scrub),
      retryAfterSeconds,
      operation,
    });
  }
  return invalidResponse(operation, answer, 'is not an Infobip error envelope', retryAfterSeconds);
}

/** `INVALID_RESPONSE` for an answer that cannot be understood. */
export function invalidResponse(
  operation: string,
  answer: Pick<RawAnswer, 'status'>,
  why: string,
  retryAfterSeconds?: number,
): InfobipApiError {
  return new InfobipApiError({
    status: answer.status,
    messageId: TRANSPORT_ERROR_IDS.invalidResponse,
    text: `the HTTP ${answer.status} answer ${why}`,
    retryAfterSeconds,
    operation,
  });
}

/** `TIMEOUT` (status 0): no complete answer within the client's timeout. */
export function timeoutError(operation: string, origin: string, timeoutMs: number): InfobipApiError {
  return new InfobipApiError({
    status: 0,
    messageId: TRANSPORT_ERROR_IDS.timeout,
    text: `no answer from ${origin} within ${timeoutMs} ms`,
    operation,
    cause: safeCause('ETIMEDOUT'),
  });
}

/** `NETWORK_ERROR` (status 0): the request could not be exchanged (refused, reset, DNS, TLS). */
export function networkError(operation: string, origin: string, code: string | undefined): InfobipApiError {
  const safeCode = code && /^[A-Z0-9_]{2,40}$/.test(code) ? code : 'UNKNOWN';
  return new InfobipApiError({
    status: 0,
    messageId: TRANSPORT_ERROR_IDS.network,
    text: `could not reach ${origin} (${safeCode})`,
    operation,
    cause: safeCause(safeCode),
  });
}

function safeCause(code: string): Error {
  return Object.assign(new Error(code), { code });
}

function parseJson(body: string): { ok: true; value: unknown } | { ok: false } {
  if (body.trim() === '') return { ok: false };
  try {
    return { ok: true, value: parseJsonKeepingInt64(body) };
  } catch {
    return { ok: false };
  }
}

function whyNotJson(answer: RawAnswer): string {
  if (answer.body.trim() === '') return 'has an empty body';
  const type = String(answer.headers['content-type'] ?? '')
    .split(';')[0]
    .trim()
    .toLowerCase();
  if (type === 'text/html' || /^\s*</.test(answer.body))
    return 'is an HTML page, not JSON (a proxy or wrong baseUrl?)';
  return 'is not valid JSON';
}

function asObject(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

function objectAt(value: unknown, key: string): Record<string, unknown> | undefined {
  return asObject(asObject(value)?.[key]);
}

function clean(scrub: Scrubber, value: unknown): string {
  if (typeof value !== 'string') return '';
  // Control characters would let a hostile answer forge log lines.
  const flat = Array.from(value, (ch) =>
    ch.charCodeAt(0) < 0x20 || ch.charCodeAt(0) === 0x7f ? ' ' : ch,
  ).join('');
  const scrubbed = scrub(flat);
  return scrubbed.length > MAX_TEXT ? `${scrubbed.slice(0, MAX_TEXT)}…` : scrubbed;
}

function validationErrorsOf(value: unknown, scrub: Scrubber): ValidationErrors | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const out: ValidationErrors = {};
  for (const [field, messages] of Object.entries(value)) {
    if (field === '__proto__') continue;
    const list = (Array.isArray(messages) ? messages : [messages]).filter((m) => typeof m === 'string');
    if (list.length) out[clean(scrub, field)] = list.map((m) => clean(scrub, m));
  }
  return Object.keys(out).length ? out : undefined;
}

function violationsOf(value: unknown, scrub: Scrubber): ValidationErrors | undefined {
  if (!Array.isArray(value)) return undefined;
  const out: ValidationErrors = {};
  for (const item of value) {
    if (typeof item !== 'object' || item === null) continue;
    const { property, violation } = item as Record<string, unknown>;
    if (typeof violation !== 'string') continue;
    const field = typeof property === 'string' && property !== '' ? clean(scrub, property) : '(request)';
    if (field === '__proto__') continue;
    // Own entries only: `constructor` or `toString` must not find Object.prototype's.
    if (Object.hasOwn(out, field)) out[field].push(clean(scrub, violation));
    else out[field] = [clean(scrub, violation)];
  }
  return Object.keys(out).length ? out : undefined;
}
