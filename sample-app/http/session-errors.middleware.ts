import { Logger } from '@nestjs/common';
import type { ErrorRequestHandler } from 'express';
import { TwoFactorException } from 'nestjs-infobip-2fa/express';
import { isRedisFailure } from '../redis/redis-failure';
import type { ErrorBody } from './error-body';

const logger = new Logger('Sessions');

/**
 * Answers failures of the session store (and of passport restoring the user) before any route
 * runs: while Redis is unreachable, 503 `provider_unavailable` (fail closed: the request is not
 * served without its session), any other failure 500 `internal_error`; never Express's HTML page.
 */
export const sessionErrors: ErrorRequestHandler = (error: unknown, _req, res, next) => {
  if (res.headersSent) return next(error);
  const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  let body: ErrorBody;
  if (isRedisFailure(error)) {
    logger.error(`session store failed: ${reason}`);
    body = TwoFactorException.create('provider_unavailable').toBody();
  } else {
    logger.error(`session handling failed: ${reason}`);
    body = { statusCode: 500, code: 'internal_error', message: 'Internal server error' };
  }
  res.status(body.statusCode).json(body);
};
