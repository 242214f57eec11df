import { type ArgumentsHost, Catch, type ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import { errorAnswer, writeErrorAnswer } from '../core/error-answer';
import { sendPage } from '../pages/page-layout';
import { problemView } from '../pages/views/public-views';
import { replyStarted } from './http-reply';

/**
 * Renders every error as an `ErrorBody` (see {@link errorAnswer}: the 2FA module's codes and
 * `Retry-After` kept, Nest's exceptions mapped by status, Redis failures 503, anything else a
 * logged 500). A browser (HTML before JSON in `Accept`) gets a 404 as a page.
 */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  catch(exception: unknown, host: ArgumentsHost): void {
    // An Express response, or a Fastify reply with `SAMPLE_PLATFORM=nest-fastify`.
    const res = host.switchToHttp().getResponse<Response>();
    if (replyStarted(res)) return;
    const answer = errorAnswer(exception);
    // A browser asking for a page that doesn't exist gets a page, not JSON (pages: Express only).
    const req = host.switchToHttp().getRequest<Partial<Request>>();
    if (answer.body.statusCode === 404 && req.accepts?.(['json', 'html']) === 'html') {
      return sendPage(res, problemView('Page not found', 'There is no page at this address.'), 404);
    }
    writeErrorAnswer(res, answer);
  }
}
