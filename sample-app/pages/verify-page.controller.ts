import { Controller, Get, Post, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { Request, Response } from 'express';
import { readTwoFactorState, SkipTwoFactor, TwoFactorException, TwoFactorService } from 'nestjs-infobip-2fa';
import { currentUser } from '../auth/request-user';
import { PURPOSES } from '../config/two-factor-options';
import { maskPhone } from '../users/phone';
import { csrfToken } from './csrf';
import { CsrfGuard } from './csrf.guard';
import { formValue } from './form-body.middleware';
import { pinsShownInConsole } from './page-config';
import { PageExceptionFilter } from './page-exception.filter';
import { sendPage } from './page-layout';
import { setFlash, takeFlash } from './page-session';
import { resendErrorText, verifyErrorText } from './pin-messages';
import { describeChallenge } from './verify-challenge';
import { verifyView } from './views/verify-view';

/**
 * The PIN page. `@SkipTwoFactor`: a pending session must reach it; it calls
 * `TwoFactorService.verify` and `resend` itself, like `POST /2fa/verify` and `/2fa/resend`.
 */
@Controller('verify')
@SkipTwoFactor()
@UseFilters(PageExceptionFilter)
export class VerifyPageController {
  constructor(
    private readonly twoFactor: TwoFactorService,
    private readonly config: ConfigService,
  ) {}

  @Get()
  page(@Req() req: Request, @Res() res: Response): void {
    const user = currentUser(req);
    if (user && this.twoFactor.isVerified(req)) return res.redirect(303, '/account-page');
    const state = readTwoFactorState(req);
    sendPage(
      res,
      verifyView({
        csrfToken: csrfToken(req),
        flash: takeFlash(req),
        challenge: describeChallenge(state, this.twoFactor.now()),
        destination: user ? maskPhone(user.phone) : (state?.maskedDestination ?? ''),
        pinsInConsole: pinsShownInConsole(this.config),
      }),
    );
  }

  @Post()
  @UseGuards(CsrfGuard)
  async verify(@Req() req: Request, @Res() res: Response): Promise<void> {
    // People copy codes with spaces or dashes ("123 456"): the module ignores them.
    const pin = formValue(req.body, 'pin');
    try {
      await this.twoFactor.verify(req, pin);
    } catch (error) {
      if (!(error instanceof TwoFactorException)) throw error;
      setFlash(req, { kind: 'error', text: verifyErrorText(error, readTwoFactorState(req)) });
      return res.redirect(303, '/verify');
    }
    const registration = readTwoFactorState(req)?.purpose === PURPOSES.registration;
    setFlash(req, {
      kind: 'success',
      text: registration ? 'Your phone number is confirmed: welcome!' : 'Code accepted: you are signed in.',
    });
    res.redirect(303, '/account-page');
  }

  @Post('resend')
  @UseGuards(CsrfGuard)
  async resend(@Req() req: Request, @Res() res: Response): Promise<void> {
    const channel = formValue(req.body, 'channel') || undefined;
    try {
      const status = await this.twoFactor.resend(req, channel);
      const user = currentUser(req);
      const to = user ? maskPhone(user.phone) : (status.destination ?? 'your phone');
      setFlash(req, {
        kind: 'success',
        text:
          status.channel === 'voice'
            ? `We are calling ${to}: listen for the code.`
            : `We sent the code again to ${to}.`,
      });
    } catch (error) {
      if (!(error instanceof TwoFactorException)) throw error;
      setFlash(req, { kind: 'error', text: resendErrorText(error) });
    }
    res.redirect(303, '/verify');
  }
}
