import { Body, Controller, HttpCode, HttpStatus, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { Request, Response } from 'express';
import { SkipTwoFactor, TwoFactorService } from 'nestjs-infobip-2fa';
import { PURPOSES } from '../config/two-factor-options';
import type { SampleConfig } from '../config/sample-config';
import { pinDestination, type User } from '../users/user';
import { parseRegistration } from '../users/user-input';
import { UsersService } from '../users/users.service';
import { LocalAuthGuard } from './local-auth.guard';
import { currentUser, logIn, logOutAndDestroy } from './request-user';

/** Answer of register and login: the next step is `POST /2fa/verify`. */
export interface TwoFactorRequired {
  twoFactor: 'required';
}

const TWO_FACTOR_REQUIRED: TwoFactorRequired = { twoFactor: 'required' };

/**
 * Registration, password login and logout. Public routes (`@SkipTwoFactor`): everything else
 * in the app is closed to a session whose second factor is pending.
 */
@Controller('auth')
@SkipTwoFactor()
export class AuthController {
  constructor(
    private readonly users: UsersService,
    private readonly twoFactor: TwoFactorService,
    private readonly config: ConfigService,
  ) {}

  /**
   * Creates an unverified account, signs it in and texts a `registration` PIN to its phone.
   * A taken username gets the very same answer, but nothing is created and nothing is sent
   * (so the answer does not tell who has an account); its verify then fails with `no_challenge`.
   */
  @Post('register')
  @HttpCode(HttpStatus.CREATED)
  async register(@Req() req: Request, @Body() body: unknown): Promise<TwoFactorRequired> {
    const outcome = await this.users.register(parseRegistration(body));
    if (outcome.created) {
      await logIn(req, outcome.user);
      await this.sendPin(req, outcome.user);
    }
    return TWO_FACTOR_REQUIRED;
  }

  /**
   * Checks the password (LocalAuthGuard, which also regenerates the session) and sends a PIN:
   * a `login` PIN, or a `registration` PIN for an account whose phone was never confirmed, so
   * a user who lost the first code can still finish signing up.
   */
  @Post('login')
  @HttpCode(HttpStatus.OK)
  @UseGuards(LocalAuthGuard)
  async login(@Req() req: Request): Promise<TwoFactorRequired> {
    await this.sendPin(req, currentUser(req) as User);
    return TWO_FACTOR_REQUIRED;
  }

  /** Signs out: the server-side session is destroyed and the cookie cleared. Always 204. */
  @Post('logout')
  @HttpCode(HttpStatus.NO_CONTENT)
  async logout(@Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<void> {
    const { session } = this.config.getOrThrow<SampleConfig>('sample');
    await logOutAndDestroy(req);
    res.clearCookie(session.cookieName, {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure: session.secureCookie,
    });
  }

  private async sendPin(req: Request, user: User): Promise<void> {
    await this.twoFactor.start(req, {
      purpose: user.verified ? PURPOSES.login : PURPOSES.registration,
      destination: pinDestination(user),
      userId: user.id,
    });
  }
}
