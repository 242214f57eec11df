import { Body, Controller, HttpCode, HttpStatus, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { Request, Response } from 'express';
import { SkipTwoFactor, TwoFactorService } from 'nestjs-infobip-2fa';
import type { SampleConfig } from '../config/sample-config';
import type { User } from '../users/user';
import { parseRegistration } from '../users/user-input';
import { UsersService } from '../users/users.service';
import { LocalAuthGuard } from './local-auth.guard';
import { signOut } from '../core/sign-out';
import { currentUser } from './request-user';
import { registerWithPin, sendSignInPin, type SignInStep } from './pin-challenge';

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

  /** See {@link registerWithPin}: a taken username is answered exactly like a new one. */
  @Post('register')
  @HttpCode(HttpStatus.CREATED)
  async register(@Req() req: Request, @Body() body: unknown): Promise<TwoFactorRequired> {
    const { phoneRegion } = this.config.getOrThrow<SampleConfig>('sample');
    await registerWithPin(this.users, this.twoFactor, req, parseRegistration(body, phoneRegion));
    return TWO_FACTOR_REQUIRED;
  }

  /**
   * Checks the password (LocalAuthGuard, which also regenerates the session) and sends a PIN:
   * a `login` PIN, or a `registration` PIN for an account whose phone was never confirmed, so
   * a user who lost the first code can still finish signing up. From a browser the user asked
   * to remember (`POST /2fa/verify { pin, rememberDevice: true }`): `{ twoFactor: 'remembered' }`,
   * no PIN sent.
   */
  @Post('login')
  @HttpCode(HttpStatus.OK)
  @UseGuards(LocalAuthGuard)
  async login(@Req() req: Request): Promise<{ twoFactor: SignInStep }> {
    return { twoFactor: await sendSignInPin(this.twoFactor, req, currentUser(req) as User) };
  }

  /** Signs out: the server-side session is destroyed and the cookie cleared. Always 204. */
  @Post('logout')
  @HttpCode(HttpStatus.NO_CONTENT)
  async logout(@Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<void> {
    const { session } = this.config.getOrThrow<SampleConfig>('sample');
    await signOut(req, res, session);
  }
}
