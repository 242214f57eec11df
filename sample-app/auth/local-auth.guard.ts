import { type ExecutionContext, Injectable } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import type { Request } from 'express';
import { TwoFactorException, TwoFactorService } from 'nestjs-infobip-2fa';
import type { User } from '../users/user';
import { parseCredentials } from '../users/user-input';
import { logIn } from './request-user';

/**
 * Runs the {@link LocalStrategy} and signs the user in ({@link logIn}, at the 2FA module's
 * time), which makes passport regenerate the session id: whatever the session held before, a
 * pending or verified second factor included, is gone.
 */
@Injectable()
export class LocalAuthGuard extends AuthGuard('local') {
  constructor(private readonly twoFactor: TwoFactorService) {
    super();
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<Request>();
    // A malformed body is a 400, before passport turns it into a plain 401.
    parseCredentials(request.body);
    const allowed = (await super.canActivate(context)) as boolean;
    await logIn(request, request.user as User, this.twoFactor.now());
    return allowed;
  }

  override handleRequest<TUser>(error: unknown, user: TUser | false): TUser {
    if (error) throw error;
    if (!user) throw TwoFactorException.create('invalid_credentials', 'Wrong username or password');
    return user;
  }
}
