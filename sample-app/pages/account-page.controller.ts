import { Controller, Get, Req, Res, UseFilters } from '@nestjs/common';
import type { Request, Response } from 'express';
import { readTwoFactorState, RequireTwoFactor, TwoFactorException } from 'nestjs-infobip-2fa';
import { currentUser } from '../auth/request-user';
import { maskPhone } from '../users/phone';
import { csrfToken } from './csrf';
import { PageExceptionFilter } from './page-exception.filter';
import { sendPage } from './page-layout';
import { takeFlash } from './page-session';
import { accountView } from './views/account-view';

/**
 * The account as a page: `@RequireTwoFactor`, like `GET /account`. The guard's refusal becomes
 * a redirect (to the PIN form when pending, to sign-in otherwise) through {@link PageExceptionFilter}.
 */
@Controller('account-page')
@RequireTwoFactor()
@UseFilters(PageExceptionFilter)
export class AccountPageController {
  @Get()
  page(@Req() req: Request, @Res() res: Response): void {
    const user = currentUser(req);
    // The guard already refused unverified sessions; this covers an account deleted since.
    if (!user) throw TwoFactorException.create('two_factor_required');
    const state = readTwoFactorState(req);
    sendPage(
      res,
      accountView({
        csrfToken: csrfToken(req),
        flash: takeFlash(req),
        username: user.username,
        phone: maskPhone(user.phone),
        ...(state?.channel ? { channel: state.channel } : {}),
        ...(state?.verifiedAt !== undefined ? { verifiedAt: state.verifiedAt } : {}),
      }),
    );
  }
}
