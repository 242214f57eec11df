import {
  type ArgumentsHost,
  Catch,
  type ExceptionFilter,
  HttpException,
  Injectable,
  Logger,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { TwoFactorException, TwoFactorService } from 'nestjs-infobip-2fa';
import { sendPage } from './page-layout';
import { setFlash } from './page-session';
import { problemView } from './views/public-views';

/**
 * Errors of the page routes as pages instead of JSON: a route that needs a verified session
 * sends a pending one to the PIN form and anyone else to the sign-in form; a refused form post
 * (CSRF) is a 403 page; other client errors a short page; anything else a 500 page, logged here
 * and never detailed to the browser.
 */
@Catch()
@Injectable()
export class PageExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('Pages');

  constructor(private readonly twoFactor: TwoFactorService) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const req = host.switchToHttp().getRequest<Request>();
    const res = host.switchToHttp().getResponse<Response>();
    if (res.headersSent) return;
    if (exception instanceof TwoFactorException && exception.code === 'two_factor_required') {
      if (this.twoFactor.isPending(req)) return res.redirect(303, '/verify');
      if (req.session) setFlash(req, { kind: 'info', text: 'Sign in to see your account.' });
      return res.redirect(303, '/login');
    }
    if (exception instanceof HttpException && exception.getStatus() < 500) {
      const status = exception.getStatus();
      const page =
        status === 403
          ? problemView(
              'Form refused',
              'This form has expired or did not come from this site. Go back, reload the page and try again.',
            )
          : status === 404
            ? problemView('Page not found', 'There is no page at this address.')
            : problemView(
                'Request refused',
                'Something in this request was not right. Go back and try again.',
              );
      return sendPage(res, page, status);
    }
    this.logger.error(exception instanceof Error ? exception.stack : String(exception));
    sendPage(res, problemView('Something went wrong', 'Please try again in a moment.'), 500);
  }
}
