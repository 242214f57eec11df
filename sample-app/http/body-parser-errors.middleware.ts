import type { ErrorRequestHandler } from 'express';
import { bodyParserErrorBody } from '../core/error-bodies';

/**
 * Answers the JSON body parser's failures (malformed JSON 400, too large 413, unsupported
 * charset 415) with the app's error body instead of Express's HTML page.
 */
export const bodyParserErrors: ErrorRequestHandler = (error: unknown, _req, res, next) => {
  const body = bodyParserErrorBody((error as { status?: unknown }).status);
  if (!body) return next(error);
  res.status(body.statusCode).json(body);
};
