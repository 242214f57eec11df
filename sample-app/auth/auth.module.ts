import { Module } from '@nestjs/common';
import { PassportModule } from '@nestjs/passport';
import { UsersModule } from '../users/users.module';
import { AuthController } from './auth.controller';
import { LocalStrategy } from './local.strategy';
import { RegistrationConfirmation } from './registration-confirmation';
import { SessionSerializer } from './session.serializer';
import { SignInThrottle } from './sign-in-throttle';

/** Password login with passport-local, sessions by cookie, registration and logout. */
@Module({
  imports: [UsersModule, PassportModule.register({ session: true })],
  controllers: [AuthController],
  providers: [LocalStrategy, SessionSerializer, RegistrationConfirmation, SignInThrottle],
  exports: [SignInThrottle],
})
export class AuthModule {}
