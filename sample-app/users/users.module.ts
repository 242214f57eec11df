import { Module } from '@nestjs/common';
import { UsersService } from './users.service';

/** Accounts of the sample app. */
@Module({ providers: [UsersService], exports: [UsersService] })
export class UsersModule {}
