import { Module } from '@nestjs/common';
import { AccountController } from './account.controller';

/** Routes of signed-in, second-factor-verified users. */
@Module({ controllers: [AccountController] })
export class AccountModule {}
