import { Injectable } from '@nestjs/common';
import { PassportSerializer } from '@nestjs/passport';
import type { User } from '../users/user';
import { UsersService } from '../users/users.service';

/** Keeps only the user's id in the session and looks the account up again on each request. */
@Injectable()
export class SessionSerializer extends PassportSerializer {
  constructor(private readonly users: UsersService) {
    super();
  }

  serializeUser(user: User, done: (error: Error | null, id?: string) => void): void {
    done(null, user.id);
  }

  deserializeUser(id: unknown, done: (error: Error | null, user?: User | false) => void): void {
    if (typeof id !== 'string') return done(null, false);
    // `false` signs a deleted account out instead of failing the request.
    this.users.findById(id).then(
      (user) => done(null, user ?? false),
      (error: Error) => done(error),
    );
  }
}
