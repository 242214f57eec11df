import { Logger } from '@nestjs/common';
import { TwoFactorException } from 'nestjs-infobip-2fa/express';
import type { ErrorBody } from '../http/error-body';
import { isRedisFailure } from '../redis/redis-failure';

/** The answer to a state-changing request from another site (see `isAllowedOrigin`). */
export const CROSS_SITE_REQUEST: Readonly<ErrorBody> = Object.freeze({
  statusCode: 403,
  code: 'cross_site_request',
  message: 'Cross-site request refused',
});

/**
 * The answer to a request body the JSON parser refused with `status` (malformed 400, too large
 * 413, unsupported charset or type 415), or undefined when `status` is no such refusal.
 */
export function bodyParserErrorBody(status: unknown): ErrorBody | undefined {
  if (typeof status !== 'number' || status < 400 || status >= 500) return undefined;
  return {
    statusCode: status,
    code: 'bad_request',
    message: status === 413 ? 'Request body too large' : 'Malformed request body',
  };
}

const sessionLogger = new Logger('Sessions');

/**
 * The answer to a failure of the session store (or of restoring the user from it), logged
 * here: while Redis is unreachable, 503 `provider_unavailable` (fail closed: the request is not
 * served without its session); any other failure, 500 `internal_error`.
 */
export function sessionFailureBody(error: unknown): ErrorBody {
  const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  if (isRedisFailure(error)) {
    sessionLogger.error(`session store failed: ${reason}`);
    return TwoFactorException.create('provider_unavailable').toBody();
  }
  sessionLogger.error(`session handling failed: ${reason}`);
  return { statusCode: 500, code: 'internal_error', message: 'Internal server error' };
}
