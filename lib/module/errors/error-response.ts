import { HttpException, HttpStatus } from '@nestjs/common';
import { TwoFactorException, type TwoFactorErrorBody } from './two-factor.exception';

/** Headers of every answer of the 2FA routes: nothing of them belongs in a cache. */
export const NO_STORE_HEADERS: Readonly<Record<string, string>> = {
  'Cache-Control': 'no-store',
  Pragma: 'no-cache',
};

/** An error answer of the module, for any HTTP framework to write. */
export interface TwoFactorErrorResponse {
  status: number;
  /** `Cache-Control: no-store`, and `Retry-After` when the error has one. */
  headers: Record<string, string>;
  body: TwoFactorErrorBody;
}

/** The answer a {@link TwoFactorException} stands for. */
export function errorResponseOf(exception: TwoFactorException): TwoFactorErrorResponse {
  const headers: Record<string, string> = { ...NO_STORE_HEADERS };
  if (exception.retryAfterSeconds !== undefined) headers['Retry-After'] = String(exception.retryAfterSeconds);
  return { status: exception.getStatus(), headers, body: exception.toBody() };
}

const BAD_REQUEST_STATUSES = new Set<number>([
  HttpStatus.BAD_REQUEST,
  HttpStatus.PAYLOAD_TOO_LARGE,
  HttpStatus.UNSUPPORTED_MEDIA_TYPE,
  HttpStatus.UNPROCESSABLE_ENTITY,
]);

/**
 * The module error an exception of the 2FA routes stands for: a {@link TwoFactorException} as
 * is, the framework's and the body parser's 400 / 413 / 415 / 422 as `bad_request`, 429 as
 * `rate_limited`; `undefined` for anything else (left to the framework, never detailed).
 */
export function toTwoFactorException(exception: unknown): TwoFactorException | undefined {
  if (exception instanceof TwoFactorException) return exception;
  const status = statusOf(exception);
  if (status !== undefined && BAD_REQUEST_STATUSES.has(status)) {
    return TwoFactorException.create(
      'bad_request',
      status === 413 ? 'The request body is too large.' : undefined,
    );
  }
  if (status === HttpStatus.TOO_MANY_REQUESTS) return TwoFactorException.create('rate_limited');
  return undefined;
}

/** HTTP status of a Nest exception or of an http-errors error (body parsers), else undefined. */
function statusOf(exception: unknown): number | undefined {
  if (exception instanceof HttpException) return exception.getStatus();
  const candidate = exception as { status?: unknown; statusCode?: unknown; expose?: unknown } | null;
  if (candidate && typeof candidate === 'object' && candidate.expose === true) {
    const status = candidate.status ?? candidate.statusCode;
    if (typeof status === 'number' && status >= 400 && status < 500) return status;
  }
  return undefined;
}
