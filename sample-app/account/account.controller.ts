import { Controller, Get, Req } from '@nestjs/common';
import type { Request } from 'express';
import { RequireTwoFactor, TwoFactorException, TwoFactorService } from 'nestjs-infobip-2fa';
import { currentUser } from '../auth/request-user';
import { maskPhone } from '../users/phone';

/** What `GET /account` shows: never the full phone number. */
export interface AccountView {
  username: string;
  /** Masked, e.g. `+41*****6727`. */
  phone: string;
  /** Unused recovery codes (`POST /2fa/recovery-codes` makes 10). */
  recoveryCodesLeft: number;
}

/** The signed-in user's account: only after password and PIN (`@RequireTwoFactor`). */
@Controller('account')
@RequireTwoFactor()
export class AccountController {
  constructor(private readonly twoFactor: TwoFactorService) {}

  @Get()
  async account(@Req() req: Request): Promise<AccountView> {
    const user = currentUser(req);
    // The guard already refused unverified sessions; this covers an account deleted since.
    if (!user) throw TwoFactorException.create('two_factor_required', 'Sign in and verify your PIN first');
    return {
      username: user.username,
      phone: maskPhone(user.phone),
      recoveryCodesLeft: await this.twoFactor.recoveryCodesLeft(user.id),
    };
  }
}
