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
import { recoveryErrorText, resendErrorText, verifyErrorText } from './pin-messages';
import { startPin } from './pin-start';
import { describeChallenge } from './verify-challenge';
import { recoveryView, verifyView } from './views/verify-view';

const DAY_MS = 86_400_000;

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
        ...this.rememberDays(),
        canRestart: user !== undefined,
        recoveryCodes: state?.purpose === PURPOSES.login,
      }),
    );
  }

  @Post()
  @UseGuards(CsrfGuard)
  async verify(@Req() req: Request, @Res() res: Response): Promise<void> {
    // People copy codes with spaces or dashes ("123 456"): the module ignores them.
    const pin = formValue(req.body, 'pin');
    try {
      await this.twoFactor.verify(req, pin, { rememberDevice: formValue(req.body, 'remember') === '1' });
    } catch (error) {
      if (!(error instanceof TwoFactorException)) throw error;
      const state = readTwoFactorState(req);
      const text = verifyErrorText(error, state);
      // Beside the field while the code can still be entered; on top when it can't.
      const ready = describeChallenge(state, this.twoFactor.now()).kind === 'ready';
      setFlash(req, { kind: 'error', text, ...(ready ? { field: 'pin' } : {}) });
      return res.redirect(303, '/verify');
    }
    const registration = readTwoFactorState(req)?.purpose === PURPOSES.registration;
    setFlash(req, {
      kind: 'success',
      text: registration ? 'Your phone number is confirmed: welcome!' : 'Code accepted: you are signed in.',
    });
    res.redirect(303, '/account-page');
  }

  /** A new code after an expired, blocked or unsent one, without the password (send limits apply). */
  @Post('restart')
  @UseGuards(CsrfGuard)
  async restart(@Req() req: Request, @Res() res: Response): Promise<void> {
    const user = currentUser(req);
    if (!user) {
      setFlash(req, { kind: 'info', text: 'Sign in to get a new code.' });
      return res.redirect(303, '/login');
    }
    if ((await startPin(this.twoFactor, req, user)) === 'remembered')
      return res.redirect(303, '/account-page');
    if (!req.session.flash) {
      setFlash(req, { kind: 'success', text: `We sent a new code to ${maskPhone(user.phone)}.` });
    }
    res.redirect(303, '/verify');
  }

  @Get('recovery')
  recoveryPage(@Req() req: Request, @Res() res: Response): void {
    if (!this.twoFactor.isPending(req)) return res.redirect(303, '/verify');
    sendPage(res, recoveryView({ csrfToken: csrfToken(req), flash: takeFlash(req), ...this.rememberDays() }));
  }

  @Post('recovery')
  @UseGuards(CsrfGuard)
  async recovery(@Req() req: Request, @Res() res: Response): Promise<void> {
    let left: number;
    try {
      ({ recoveryCodesLeft: left } = await this.twoFactor.verifyRecoveryCode(
        req,
        formValue(req.body, 'code'),
        {
          rememberDevice: formValue(req.body, 'remember') === '1',
        },
      ));
    } catch (error) {
      if (!(error instanceof TwoFactorException)) throw error;
      setFlash(req, { kind: 'error', text: recoveryErrorText(error), field: 'code' });
      return res.redirect(303, '/verify/recovery');
    }
    setFlash(req, {
      kind: left > 2 ? 'success' : 'info',
      text:
        `Recovery code accepted: you are signed in. ${left} code${left === 1 ? '' : 's'} left` +
        (left > 2 ? '.' : ': sign in with a code sent to your phone to create new ones.'),
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

  private rememberDays(): { rememberDays?: number } {
    const ms = this.twoFactor.rememberDeviceMs;
    return ms === false ? {} : { rememberDays: Math.round(ms / DAY_MS) };
  }
}
