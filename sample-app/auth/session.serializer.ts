import { Injectable } from '@nestjs/common';
import { PassportSerializer } from '@nestjs/passport';
import { deserializeSessionUser, serializeSessionUser } from '../core/session-user';
import type { User } from '../users/user';
import { UsersService } from '../users/users.service';

/** Keeps only the user's id in the session and looks the account up again on each request. */
@Injectable()
export class SessionSerializer extends PassportSerializer {
  constructor(private readonly users: UsersService) {
    super();
  }

  serializeUser(user: User, done: (error: Error | null, id?: string) => void): void {
    done(null, serializeSessionUser(user));
  }

  deserializeUser(id: unknown, done: (error: Error | null, user?: User | false) => void): void {
    // `false` signs a deleted account out instead of failing the request.
    deserializeSessionUser(this.users, id).then(
      (user) => done(null, user),
      (error: Error) => done(error),
    );
  }
}
