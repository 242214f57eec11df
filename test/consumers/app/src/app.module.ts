import {
  type CanActivate,
  Controller,
  type ExecutionContext,
  Get,
  HttpCode,
  Injectable,
  Module,
  Post,
  Req,
  UnauthorizedException,
  UseGuards,
} from '@nestjs/common';
import {
  InMemoryOutbox,
  LocalTwoFactorEngine,
  RequireTwoFactor,
  SendPin,
  SkipTwoFactor,
  TwoFactorModule,
  type TwoFactorRequest,
  TwoFactorService,
} from 'nestjs-infobip-2fa';
import { ManualClock } from 'nestjs-infobip-2fa/testing';

/** The user a password sign-in puts on the request. */
export interface User {
  username: string;
  phone: string;
}

/**
 * A request after {@link PasswordGuard}, on Express or Fastify: the module's `TwoFactorRequest`
 * names neither, so the same code compiles on both platforms.
 */
export type SignedInRequest = TwoFactorRequest & { body?: unknown; user: User };

/** The PINs the embedded engine "sends": the flow reads them here. */
export const outbox = new InMemoryOutbox();
/** The engine's clock, moved by the flow instead of waiting. */
export const clock = new ManualClock(Date.UTC(2026, 0, 1));

@Injectable()
class PasswordGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<SignedInRequest>();
    const body = req.body as { username?: unknown; password?: unknown };
    if (body.username !== 'alice' || body.password !== 'correct horse') throw new UnauthorizedException();
    req.user = { username: 'alice', phone: '+41 79 302 67 27' };
    return true;
  }
}

@Controller()
class AccountController {
  constructor(private readonly twoFactor: TwoFactorService) {}

  @Post('auth/login')
  @HttpCode(200)
  @SkipTwoFactor()
  @UseGuards(PasswordGuard)
  @SendPin<SignedInRequest>('login', (req) => req.user.phone)
  login(): { twoFactor: string } {
    return { twoFactor: 'required' };
  }

  @Get('account')
  @RequireTwoFactor()
  account(@Req() req: TwoFactorRequest): { verified: boolean } {
    return { verified: this.twoFactor.isVerified(req) };
  }
}

@Module({
  imports: [
    TwoFactorModule.forRoot({
      provider: {
        kind: 'local',
        engine: new LocalTwoFactorEngine({ outbox, clock }),
        console: false,
      },
      purposes: { login: { template: { messageText: 'Your Acme code is {{pin}}' } } },
    }),
  ],
  controllers: [AccountController],
})
export class AppModule {}
