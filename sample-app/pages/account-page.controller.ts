import { Controller, Get, Post, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import type { Request, Response } from 'express';
import {
  readTwoFactorState,
  RequireTwoFactor,
  TwoFactorException,
  TwoFactorService,
} from 'nestjs-infobip-2fa';
import { currentUser } from '../auth/request-user';
import type { User } from '../users/user';
import { maskPhone } from '../users/phone';
import { csrfToken } from './csrf';
import { CsrfGuard } from './csrf.guard';
import { PageExceptionFilter } from './page-exception.filter';
import { sendPage } from './page-layout';
import { setFlash, takeFlash } from './page-session';
import { accountView, recoveryCodesView } from './views/account-view';

/**
 * The account as a page: `@RequireTwoFactor`, like `GET /account`, with recovery codes and
 * remembered browsers. The guard's refusal becomes a redirect (to the PIN form when pending, to
 * sign-in otherwise) through {@link PageExceptionFilter}.
 */
@Controller('account-page')
@RequireTwoFactor()
@UseFilters(PageExceptionFilter)
export class AccountPageController {
  constructor(private readonly twoFactor: TwoFactorService) {}

  @Get()
  async page(@Req() req: Request, @Res() res: Response): Promise<void> {
    const user = this.user(req);
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
        remembered: state?.remembered === true,
        recoveryCodesLeft: await this.twoFactor.recoveryCodesLeft(user.id),
        rememberDevices: this.twoFactor.rememberDeviceMs !== false,
      }),
    );
  }

  /** A new set of recovery codes, shown once in this response (never stored in the clear). */
  @Post('recovery-codes')
  @UseGuards(CsrfGuard)
  async createRecoveryCodes(@Req() req: Request, @Res() res: Response): Promise<void> {
    const user = this.user(req);
    let codes: string[];
    try {
      codes = await this.twoFactor.createRecoveryCodes(req);
    } catch (error) {
      if (!(error instanceof TwoFactorException) || error.code !== 'two_factor_required') throw error;
      setFlash(req, {
        kind: 'error',
        text: 'To create recovery codes, confirm it is you: sign out, then sign in again with a code.',
      });
      return res.redirect(303, '/account-page');
    }
    sendPage(res, recoveryCodesView({ username: user.username, csrfToken: csrfToken(req), codes }));
  }

  @Post('forget-devices')
  @UseGuards(CsrfGuard)
  async forgetDevices(@Req() req: Request, @Res() res: Response): Promise<void> {
    await this.twoFactor.forgetDevices(req, this.user(req).id);
    setFlash(req, { kind: 'success', text: 'Every remembered browser will ask for a code again.' });
    res.redirect(303, '/account-page');
  }

  private user(req: Request): User {
    const user = currentUser(req);
    // The guard already refused unverified sessions; this covers an account deleted since.
    if (!user) throw TwoFactorException.create('two_factor_required');
    return user;
  }
}
