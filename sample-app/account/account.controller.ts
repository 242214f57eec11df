import { Controller, Get, Req } from '@nestjs/common';
import type { Request } from 'express';
import { RequireTwoFactor, TwoFactorException } from 'nestjs-infobip-2fa';
import { currentUser } from '../auth/request-user';
import { maskPhone } from '../users/phone';

/** What `GET /account` shows: never the full phone number. */
export interface AccountView {
  username: string;
  /** Masked, e.g. `+41*****6727`. */
  phone: string;
}

/** The signed-in user's account: only after password and PIN (`@RequireTwoFactor`). */
@Controller('account')
@RequireTwoFactor()
export class AccountController {
  @Get()
  account(@Req() req: Request): AccountView {
    const user = currentUser(req);
    // The guard already refused unverified sessions; this covers an account deleted since.
    if (!user) throw TwoFactorException.create('two_factor_required', 'Sign in and verify your PIN first');
    return { username: user.username, phone: maskPhone(user.phone) };
  }
}
