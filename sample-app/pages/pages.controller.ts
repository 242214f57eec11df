import {
  BadRequestException,
  Controller,
  Get,
  Post,
  Query,
  Req,
  Res,
  UseFilters,
  UseGuards,
} from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { Request, Response } from 'express';
import { SkipTwoFactor, TwoFactorException, TwoFactorService } from 'nestjs-infobip-2fa';
import { currentUser, logIn, logOutAndDestroy } from '../auth/request-user';
import { parseCredentials, parseRegistration, type Registration } from '../users/user-input';
import { registerWithPin } from '../auth/pin-challenge';
import type { CountryCode } from 'libphonenumber-js/max';
import type { SampleConfig } from '../config/sample-config';
import { exampleNumber } from '../users/phone';
import { SignInThrottle } from '../auth/sign-in-throttle';
import { UsersService } from '../users/users.service';
import { csrfToken } from './csrf';
import { CsrfGuard } from './csrf.guard';
import { formValue } from './form-body.middleware';
import { pinsShownInConsole, sessionCookie } from './page-config';
import { PageExceptionFilter } from './page-exception.filter';
import { sendPage } from './page-layout';
import { type Flash, setFlash, takeFlash } from './page-session';
import { startErrorText } from './pin-messages';
import { startPin } from './pin-start';
import { homeView, loginView, type PublicViewInput, registerView } from './views/public-views';

/**
 * The public pages: home, registration, sign-in and sign-out. Server-rendered forms that post
 * back here (post/redirect/get), use the same services as the JSON API, and carry the session's
 * CSRF token. `@SkipTwoFactor`: a pending session may start over or sign out.
 */
@Controller()
@SkipTwoFactor()
@UseFilters(PageExceptionFilter)
export class PagesController {
  constructor(
    private readonly users: UsersService,
    private readonly twoFactor: TwoFactorService,
    private readonly config: ConfigService,
    private readonly signIn: SignInThrottle,
  ) {}

  /** Home: the account when verified, the PIN form when pending, links otherwise. */
  @Get()
  home(@Req() req: Request, @Res() res: Response): void {
    if (this.verified(req)) return res.redirect(303, '/account-page');
    if (this.twoFactor.isPending(req)) return res.redirect(303, '/verify');
    sendPage(res, homeView({ flash: takeFlash(req), pinsInConsole: pinsShownInConsole(this.config) }));
  }

  @Get('register')
  registerPage(@Req() req: Request, @Res() res: Response): void {
    if (this.verified(req)) return res.redirect(303, '/account-page');
    const region = this.phoneRegion();
    const phoneHint = region
      ? `For example ${exampleNumber(region)}, or with a country code like +41 79 123 45 67. Your code is sent there.`
      : undefined;
    sendPage(res, registerView({ ...this.viewInput(req), ...(phoneHint ? { phoneHint } : {}) }));
  }

  /**
   * Same outcome as `POST /auth/register` ({@link registerWithPin}): a taken username is
   * answered exactly like a new one, on to the PIN page.
   */
  @Post('register')
  @UseGuards(CsrfGuard)
  async register(@Req() req: Request, @Res() res: Response): Promise<void> {
    let registration: Registration;
    try {
      registration = parseRegistration(req.body, this.phoneRegion());
      await registerWithPin(this.users, this.twoFactor, req, registration);
    } catch (error) {
      if (error instanceof TwoFactorException && error.code !== 'bad_request') {
        // Lockout, limits or provider down: the account may exist and the session is pending.
        setFlash(req, { kind: 'error', text: startErrorText(error) });
        return res.redirect(303, '/verify');
      }
      const invalid =
        error instanceof BadRequestException ||
        (error instanceof TwoFactorException && error.code === 'bad_request');
      if (!invalid) throw error;
      const fields = {
        username: formValue(req.body, 'username').slice(0, 64),
        phone: formValue(req.body, 'phone').slice(0, 64),
      };
      // The module's destination checks and parseRegistration's messages name the field first.
      const field =
        error instanceof TwoFactorException
          ? 'phone'
          : /^(username|password|phone)\b/.exec(error.message)?.[1];
      const flash: Flash = {
        kind: 'error',
        text: sentence(error.message),
        fields,
        ...(field ? { field } : {}),
      };
      return this.back(req, res, '/register', flash);
    }
    res.redirect(303, '/verify');
  }

  @Get('login')
  loginPage(@Req() req: Request, @Res() res: Response, @Query('signed-out') signedOut?: string): void {
    if (this.verified(req)) return res.redirect(303, '/account-page');
    const input = this.viewInput(req);
    if (signedOut !== undefined && !input.flash)
      input.flash = { kind: 'success', text: 'You have signed out.' };
    sendPage(res, loginView(input));
  }

  /** Password check, then a PIN: the same service calls as `POST /auth/login`. */
  @Post('login')
  @UseGuards(CsrfGuard)
  async login(@Req() req: Request, @Res() res: Response): Promise<void> {
    const username = formValue(req.body, 'username').slice(0, 64);
    let user;
    try {
      user = await this.signIn.checkCredentials(req, parseCredentials(req.body));
    } catch (error) {
      if (error instanceof TwoFactorException && error.code === 'rate_limited') {
        return this.back(req, res, '/login', { kind: 'error', text: error.message, fields: { username } });
      }
      if (!(error instanceof BadRequestException)) throw error;
    }
    if (!user) {
      const flash: Flash = {
        kind: 'error',
        text: 'Wrong username or password.',
        fields: { username },
        field: 'password',
      };
      return this.back(req, res, '/login', flash);
    }
    // A new session id (passport), then another with the pending PIN (the 2FA module).
    await logIn(req, user, this.twoFactor.now());
    if ((await startPin(this.twoFactor, req, user)) === 'remembered') {
      setFlash(req, { kind: 'success', text: 'Signed in: this browser is remembered.' });
      return res.redirect(303, '/account-page');
    }
    res.redirect(303, '/verify');
  }

  /** Signs out like `POST /auth/logout`: session destroyed, cookie cleared. */
  @Post('logout')
  @UseGuards(CsrfGuard)
  async logout(@Req() req: Request, @Res() res: Response): Promise<void> {
    const cookie = sessionCookie(this.config);
    await logOutAndDestroy(req);
    res.clearCookie(cookie.name, { path: '/', httpOnly: true, sameSite: 'lax', secure: cookie.secure });
    res.redirect(303, '/login?signed-out');
  }

  private phoneRegion(): CountryCode | undefined {
    return this.config.getOrThrow<SampleConfig>('sample').phoneRegion;
  }

  private verified(req: Request): boolean {
    return this.twoFactor.isVerified(req) && currentUser(req) !== undefined;
  }

  private viewInput(req: Request): PublicViewInput {
    return {
      csrfToken: csrfToken(req),
      flash: takeFlash(req),
      pinsInConsole: pinsShownInConsole(this.config),
    };
  }

  private back(req: Request, res: Response, path: string, flash: Flash): void {
    setFlash(req, flash);
    res.redirect(303, path);
  }
}

// `username must be ...` -> `Username must be ....`
function sentence(message: string): string {
  const text = message.charAt(0).toUpperCase() + message.slice(1);
  return /[.!?]$/.test(text) ? text : `${text}.`;
}
