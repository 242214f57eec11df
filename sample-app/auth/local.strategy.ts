import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { TwoFactorException } from 'nestjs-infobip-2fa';
import { Strategy } from 'passport-local';
import type { User } from '../users/user';
import { UsersService } from '../users/users.service';

/**
 * Username and password check (`passport-local`, fields `username` and `password`). An unknown
 * user and a wrong password fail alike: same error, same work (see {@link UsersService.checkCredentials}).
 */
@Injectable()
export class LocalStrategy extends PassportStrategy(Strategy) {
  constructor(private readonly users: UsersService) {
    super();
  }

  async validate(username: string, password: string): Promise<User> {
    const user = await this.users.checkCredentials({ username, password });
    if (!user) throw TwoFactorException.create('invalid_credentials', 'Wrong username or password');
    return user;
  }
}
