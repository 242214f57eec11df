import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import type { Request } from 'express';
import { TwoFactorException } from 'nestjs-infobip-2fa';
import { Strategy } from 'passport-local';
import type { User } from '../users/user';
import { SignInThrottle } from './sign-in-throttle';

/**
 * Username and password check (`passport-local`, fields `username` and `password`), limited by
 * {@link SignInThrottle}. An unknown user and a wrong password fail alike: same error, same work
 * (see `UsersService.checkCredentials`).
 */
@Injectable()
export class LocalStrategy extends PassportStrategy(Strategy) {
  constructor(private readonly signIn: SignInThrottle) {
    super({ passReqToCallback: true });
  }

  async validate(req: Request, username: string, password: string): Promise<User> {
    const user = await this.signIn.checkCredentials(req, { username, password });
    if (!user) throw TwoFactorException.create('invalid_credentials', 'Wrong username or password');
    return user;
  }
}
