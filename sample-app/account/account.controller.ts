import { Controller, Get, Req } from '@nestjs/common';
import type { Request } from 'express';
import { RequireTwoFactor, TwoFactorException, TwoFactorService } from 'nestjs-infobip-2fa';
import { currentUser } from '../auth/request-user';
import { accountView, type AccountView } from '../core/account-view';

/** The signed-in user's account: only after password and PIN (`@RequireTwoFactor`). */
@Controller('account')
@RequireTwoFactor()
export class AccountController {
  constructor(private readonly twoFactor: TwoFactorService) {}

  @Get()
  account(@Req() req: Request): Promise<AccountView> {
    const user = currentUser(req);
    // The guard already refused unverified sessions; this covers an account deleted since.
    if (!user) throw TwoFactorException.create('two_factor_required', 'Sign in and verify your PIN first');
    return accountView(this.twoFactor, user);
  }
}
