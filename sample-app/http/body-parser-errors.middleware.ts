import type { ErrorRequestHandler } from 'express';
import type { ErrorBody } from './error-body';

/**
 * Answers the JSON body parser's failures (malformed JSON 400, too large 413, unsupported
 * charset 415) with the app's error body instead of Express's HTML page.
 */
export const bodyParserErrors: ErrorRequestHandler = (error: unknown, _req, res, next) => {
  const status = (error as { status?: unknown }).status;
  if (typeof status !== 'number' || status < 400 || status >= 500) return next(error);
  const body: ErrorBody = {
    statusCode: status,
    code: 'bad_request',
    message: status === 413 ? 'Request body too large' : 'Malformed request body',
  };
  res.status(status).json(body);
};
