import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { TwoFactorService } from 'nestjs-infobip-2fa/express';
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

  private readonly logger = new Logger('RegistrationConfirmation');

  private readonly onVerified = (event: { purpose: string; userId: string }): void => {
    if (event.purpose !== PURPOSES.registration) return;
    // Listeners are synchronous: the write goes out now, a failure is only logged (the user
    // then gets a registration PIN again at the next login).
    this.users.markVerified(event.userId).catch((error: unknown) => {
      this.logger.error(`could not confirm an account: ${error instanceof Error ? error.message : 'error'}`);
    });
  };

  onModuleInit(): void {
    this.twoFactor.events.on('verified', this.onVerified);
  }

  onModuleDestroy(): void {
    this.twoFactor.events.off('verified', this.onVerified);
  }
}
