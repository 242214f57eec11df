import { type MiddlewareConsumer, Module, type NestModule } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { UsersModule } from '../users/users.module';
import { AccountPageController } from './account-page.controller';
import { CsrfGuard } from './csrf.guard';
import { formBodyParser } from './form-body.middleware';
import { FaviconController, PageAssetsController } from './page-assets.controller';
import { PageExceptionFilter } from './page-exception.filter';
import { PagesController } from './pages.controller';
import { VerifyPageController } from './verify-page.controller';

/**
 * The sample app in the browser: server-rendered pages for registration, sign-in, the PIN
 * (with resend and a voice call) and the account, next to the JSON API and on the same services.
 */
@Module({
  imports: [UsersModule, AuthModule],
  controllers: [
    PagesController,
    VerifyPageController,
    AccountPageController,
    PageAssetsController,
    FaviconController,
  ],
  providers: [CsrfGuard, PageExceptionFilter],
})
export class PagesModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(formBodyParser).forRoutes(PagesController, VerifyPageController, AccountPageController);
  }
}
