import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { TwoFactorException } from 'nestjs-infobip-2fa';
import { bodyParserErrorBody } from '../core/error-bodies';
import { sendPage } from '../pages/page-layout';
import { problemView } from '../pages/views/public-views';
import { isRedisFailure } from '../redis/redis-failure';
import type { ErrorBody } from './error-body';
import { replyStarted, sendJson, setHeaderOnce } from './http-reply';

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

/**
 * Renders every error as {@link ErrorBody}. Exceptions that carry a `code` (the 2FA module's
 * `TwoFactorException`) keep it, and their `Retry-After`; Nest's own are mapped by status, with
 * a generic message for 404 (never the client's path) and 5xx; a failure of Redis (sessions,
 * accounts) is a 503 `provider_unavailable`; anything else is a 500 `internal_error`, logged here
 * and never shown to the client. A browser (HTML before JSON in `Accept`) gets a 404 as a page.
 */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    // An Express response, or a Fastify reply with `SAMPLE_PLATFORM=nest-fastify`.
    const res = host.switchToHttp().getResponse<Response>();
    if (replyStarted(res)) return;
    const body = this.toBody(exception);
    // A browser asking for a page that doesn't exist gets a page, not JSON (pages: Express only).
    const req = host.switchToHttp().getRequest<Partial<Request>>();
    if (body.statusCode === 404 && req.accepts?.(['json', 'html']) === 'html') {
      return sendPage(res, problemView('Page not found', 'There is no page at this address.'), 404);
    }
    const retryAfter =
      exception instanceof HttpException
        ? (exception as { retryAfterSeconds?: unknown }).retryAfterSeconds
        : undefined;
    if (typeof retryAfter === 'number') {
      setHeaderOnce(res, 'Retry-After', String(Math.max(1, Math.ceil(retryAfter))));
    }
    sendJson(res, body.statusCode, body);
  }

  private toBody(exception: unknown): ErrorBody {
    if (!(exception instanceof HttpException)) {
      if (isRedisFailure(exception)) {
        this.logger.error(`Redis failed: ${(exception as Error).name}: ${(exception as Error).message}`);
        return TwoFactorException.create('provider_unavailable').toBody();
      }
      this.logger.error(exception instanceof Error ? exception.stack : String(exception));
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
      this.logger.error(exception.stack);
      return INTERNAL_ERROR;
    }
    if (statusCode === 404) return { statusCode, code: 'not_found', message: 'Not found' };
    return {
      statusCode,
      code: CODES[statusCode] ?? 'bad_request',
      message: textOf(fields.message ?? response, 'Request failed'),
    };
  }
}

function isFastifyParserError(cause: unknown): boolean {
  const code = (cause as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' && code.startsWith('FST_ERR_CTP_');
}

function textOf(message: unknown, fallback: string): string {
  if (Array.isArray(message)) return message.join('; ');
  return typeof message === 'string' ? message : fallback;
}
