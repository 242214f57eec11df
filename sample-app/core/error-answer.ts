import { HttpException, Logger } from '@nestjs/common';
import { TwoFactorException } from 'nestjs-infobip-2fa/express';
import type { ErrorBody } from '../http/error-body';
import { sendJson, setHeaderOnce } from '../http/http-reply';
import { isRedisFailure } from '../redis/redis-failure';
import { bodyParserErrorBody } from './error-bodies';

// Codes of Nest's own exceptions, by status; the 2FA module's exceptions bring their code.
const CODES: Record<number, string> = {
  400: 'bad_request',
  401: 'two_factor_required',
  403: 'forbidden',
  404: 'not_found',
  413: 'bad_request',
  429: 'rate_limited',
};

const INTERNAL_ERROR: ErrorBody = {
  statusCode: 500,
  code: 'internal_error',
  message: 'Internal server error',
};

const logger = new Logger('Errors');

/** How the sample app answers an error: its body, and the seconds of `Retry-After`, if any. */
export interface ErrorAnswer {
  body: ErrorBody;
  retryAfterSeconds?: number;
}

/**
 * The answer to any error, whatever serves the app. Exceptions that carry a `code` (the 2FA
 * module's `TwoFactorException`) keep it, and their `Retry-After`; Nest's own are mapped by
 * status, with a generic message for 404 (never the client's path) and 5xx; a failure of Redis
 * (sessions, accounts) is a 503 `provider_unavailable`; anything else is a 500 `internal_error`,
 * logged here and never shown to the client.
 */
export function errorAnswer(exception: unknown): ErrorAnswer {
  const body = toBody(exception);
  const retryAfter =
    exception instanceof HttpException
      ? (exception as { retryAfterSeconds?: unknown }).retryAfterSeconds
      : undefined;
  return typeof retryAfter === 'number'
    ? { body, retryAfterSeconds: Math.max(1, Math.ceil(retryAfter)) }
    : { body };
}

/**
 * Writes `answer` as JSON on an Express response or a Fastify reply, with its `Retry-After`
 * unless one is set already.
 */
export function writeErrorAnswer(res: unknown, answer: ErrorAnswer): void {
  if (answer.retryAfterSeconds !== undefined) {
    setHeaderOnce(res, 'Retry-After', String(answer.retryAfterSeconds));
  }
  sendJson(res, answer.body.statusCode, answer.body);
}

function toBody(exception: unknown): ErrorBody {
  if (!(exception instanceof HttpException)) {
    if (isRedisFailure(exception)) {
      logger.error(`Redis failed: ${(exception as Error).name}: ${(exception as Error).message}`);
      return TwoFactorException.create('provider_unavailable').toBody();
    }
    logger.error(exception instanceof Error ? exception.stack : String(exception));
    return INTERNAL_ERROR;
  }
  const statusCode = exception.getStatus();
  // Fastify's body parser (nest-fastify) refuses a body before any route runs: its answers are
  // those of the Express app's JSON parser.
  const parserError = isFastifyParserError(exception.cause) ? bodyParserErrorBody(statusCode) : undefined;
  if (parserError) return parserError;
  const response = exception.getResponse();
  const fields =
    typeof response === 'object' && response !== null ? (response as Record<string, unknown>) : {};
  if (typeof fields.code === 'string') {
    return { statusCode, code: fields.code, message: textOf(fields.message, 'Request failed') };
  }
  if (statusCode >= 500) {
    logger.error(exception.stack);
    return INTERNAL_ERROR;
  }
  if (statusCode === 404) return { statusCode, code: 'not_found', message: 'Not found' };
  return {
    statusCode,
    code: CODES[statusCode] ?? 'bad_request',
    message: textOf(fields.message ?? response, 'Request failed'),
  };
}

function textOf(message: unknown, fallback: string): string {
  if (Array.isArray(message)) return message.join('; ');
  return typeof message === 'string' ? message : fallback;
}

function isFastifyParserError(cause: unknown): boolean {
  const code = (cause as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' && code.startsWith('FST_ERR_CTP_');
}
