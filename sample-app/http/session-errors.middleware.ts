import type { ErrorRequestHandler } from 'express';
import { sessionFailureBody } from '../core/error-bodies';

/**
 * Answers failures of the session store (and of passport restoring the user) before any route
 * runs (see {@link sessionFailureBody}: 503 while Redis is unreachable), never with Express's
 * HTML page.
 */
export const sessionErrors: ErrorRequestHandler = (error: unknown, _req, res, next) => {
  if (res.headersSent) return next(error);
  const body = sessionFailureBody(error);
  res.status(body.statusCode).json(body);
};
