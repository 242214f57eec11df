import { Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { PassportModule } from '@nestjs/passport';
import { type CounterStore, getCounterStoreToken, TwoFactorService } from 'nestjs-infobip-2fa';
import type { SampleConfig } from '../config/sample-config';
import { UsersModule } from '../users/users.module';
import { UsersService } from '../users/users.service';
import { AuthController } from './auth.controller';
import { LocalStrategy } from './local.strategy';
import { RegistrationConfirmation } from './registration-confirmation';
import { SessionSerializer } from './session.serializer';
import { SignInThrottle } from './sign-in-throttle';

/** Password login with passport-local, sessions by cookie, registration and logout. */
@Module({
  imports: [UsersModule, PassportModule.register({ session: true })],
  controllers: [AuthController],
  providers: [
    LocalStrategy,
    SessionSerializer,
    RegistrationConfirmation,
    {
      provide: SignInThrottle,
      useFactory: (
        counters: CounterStore,
        twoFactor: TwoFactorService,
        users: UsersService,
        config: ConfigService,
      ) => new SignInThrottle(counters, twoFactor, users, config.getOrThrow<SampleConfig>('sample').session),
      inject: [getCounterStoreToken(), TwoFactorService, UsersService, ConfigService],
    },
  ],
  exports: [SignInThrottle],
})
export class AuthModule {}
