import { Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { TwoFactorService } from 'nestjs-infobip-2fa';
import { PURPOSES } from '../config/two-factor-options';
import { UsersService } from '../users/users.service';

/**
 * Confirms an account when its `registration` PIN is verified: the phone number is proven to
 * be the user's, and from then on a login asks for a `login` PIN.
 */
@Injectable()
export class RegistrationConfirmation implements OnModuleInit, OnModuleDestroy {
  constructor(
    private readonly twoFactor: TwoFactorService,
    private readonly users: UsersService,
  ) {}

  private readonly onVerified = (event: { purpose: string; userId: string }): void => {
    if (event.purpose === PURPOSES.registration) this.users.markVerified(event.userId);
  };

  onModuleInit(): void {
    this.twoFactor.events.on('verified', this.onVerified);
  }

  onModuleDestroy(): void {
    this.twoFactor.events.off('verified', this.onVerified);
  }
}
