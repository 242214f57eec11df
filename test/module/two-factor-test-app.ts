import {
  Body,
  Controller,
  Get,
  HttpCode,
  Post,
  Req,
  UnauthorizedException,
  type DynamicModule,
  type INestApplication,
  type Type,
} from '@nestjs/common';
import { Test } from '@nestjs/testing';
import type { Request } from 'express';
import session from 'express-session';
import request from 'supertest';
import {
  RequireTwoFactor,
  SendPin,
  SkipTwoFactor,
  TwoFactorService,
  TwoFactorState,
  type TwoFactorStatus,
} from '../../lib/module';

/** A user of the test application: password `secret`. */
export const PASSWORD = 'secret';

/**
 * The application's own routes, as an app using the module would write them:
 * a login that sends a PIN after checking the password (userId and phone come
 * from the body to keep the test app small), protected and public routes.
 */
@Controller()
export class TestAuthController {
  constructor(private readonly twoFactor: TwoFactorService) {}

  @Post('login')
  @HttpCode(200)
  @SkipTwoFactor()
  @SendPin('login', (req) => (req.body as { phone: string }).phone, {
    userId: (req) => (req.body as { username: string }).username,
  })
  login(
    @Req() req: Request,
    @Body() body: { username: string; password: string },
  ): { twoFactor: 'required' } {
    if (body.password !== PASSWORD) throw new UnauthorizedException();
    (req.session as unknown as Record<string, unknown>).userId = body.username;
    (req.session as unknown as Record<string, unknown>).cart = 'dropped at login';
    return { twoFactor: 'required' };
  }

  @Post('login/voice')
  @HttpCode(200)
  @SkipTwoFactor()
  @SendPin('login', (req) => (req.body as { phone: string }).phone, {
    channel: 'voice',
    userId: (req) => (req.body as { username: string }).username,
  })
  loginByVoice(): { twoFactor: 'required' } {
    return { twoFactor: 'required' };
  }

  /** A login that skips the PIN on a device the user asked to remember. */
  @Post('login/device')
  @HttpCode(200)
  @SkipTwoFactor()
  async loginOnDevice(
    @Req() req: Request,
    @Body() body: { username: string; password: string; phone: string },
  ): Promise<{ twoFactor: 'required' | 'remembered' }> {
    if (body.password !== PASSWORD) throw new UnauthorizedException();
    const input = { purpose: 'login', destination: body.phone, userId: body.username };
    if (await this.twoFactor.signInRemembered(req, input)) return { twoFactor: 'remembered' };
    await this.twoFactor.start(req, input);
    return { twoFactor: 'required' };
  }

  @Post('logout')
  @HttpCode(204)
  @SkipTwoFactor()
  logout(@Req() req: Request): Promise<void> {
    this.twoFactor.cancel(req);
    return new Promise((resolve, reject) => req.session.destroy((err) => (err ? reject(err) : resolve())));
  }

  @Get('account')
  @RequireTwoFactor()
  account(
    @Req() req: Request,
    @TwoFactorState() state: TwoFactorStatus,
  ): { userId: unknown; twoFactor: TwoFactorStatus } {
    return { userId: (req.session as unknown as Record<string, unknown>).userId, twoFactor: state };
  }

  @Post('account')
  @HttpCode(200)
  @RequireTwoFactor()
  updateAccount(): { ok: true } {
    return { ok: true };
  }

  @Get('transfer')
  @RequireTwoFactor({ maxAge: '15m' })
  transfer(): { ok: true } {
    return { ok: true };
  }

  @Get('public')
  publicPage(): { ok: true } {
    return { ok: true };
  }

  @Post('public')
  @HttpCode(200)
  publicPost(): { ok: true } {
    return { ok: true };
  }

  @Get('cart')
  @SkipTwoFactor()
  cart(@Req() req: Request): { cart: unknown; userId: unknown } {
    const data = req.session as unknown as Record<string, unknown>;
    return { cart: data.cart, userId: data.userId };
  }
}

/** Builds an app around `twoFactorModule` with express-session mounted as the module requires. */
export async function createTestApp(
  twoFactorModule: DynamicModule,
  options: { controllers?: Type<unknown>[]; imports?: DynamicModule[]; session?: boolean } = {},
): Promise<INestApplication> {
  const moduleRef = await Test.createTestingModule({
    imports: [...(options.imports ?? []), twoFactorModule],
    controllers: options.controllers ?? [TestAuthController],
  }).compile();
  const app = moduleRef.createNestApplication({ logger: false });
  if (options.session !== false) {
    app.use(session({ secret: 'test secret', resave: false, saveUninitialized: false, name: 'sid' }));
  }
  await app.init();
  return app;
}

/** The session cookie a response set (`sid=...`), if any. */
export function sessionCookie(res: request.Response): string | undefined {
  const header = res.headers['set-cookie'] as unknown as string[] | undefined;
  return header?.find((c) => c.startsWith('sid='))?.split(';')[0];
}

/** Logs in through the test app's login route; answers the response. */
export function login(
  agent: ReturnType<typeof request.agent>,
  phone: string,
  username = 'alice',
  path = '/login',
): request.Test {
  return agent.post(path).send({ username, password: PASSWORD, phone });
}

/** Another PIN of the same length than `pin`. */
export function wrongPin(pin: string): string {
  return String((Number(pin) + 1) % 10 ** pin.length).padStart(pin.length, '0');
}

/** Resolves with the next payload of `event`. */
export function nextEvent<E extends 'waiting' | 'verified' | 'failed'>(
  service: TwoFactorService,
  event: E,
): Promise<unknown> {
  return new Promise((resolve) => {
    const off = service.events.on(event, (payload) => {
      off();
      resolve(payload);
    });
  });
}

/**
 * A mistyped PIN, then at once the right one as people paste it (`123 456`): the second
 * verification waits out the provider's verify window (3 s, moved on `clock`) and signs in;
 * a third one meanwhile is refused with 429 rate_limited.
 */
export async function expectTypoThenRetype(
  agent: ReturnType<typeof request.agent>,
  service: TwoFactorService,
  clock: { advance(ms: number): void },
  pin: string,
): Promise<void> {
  const typo = await agent.post('/2fa/verify').send({ pin: wrongPin(pin) });
  expect([typo.status, typo.body.code]).toEqual([401, 'invalid_pin']);
  const waiting = nextEvent(service, 'waiting');
  const retyped = agent
    .post('/2fa/verify')
    .send({ pin: `${pin.slice(0, 3)} ${pin.slice(3)}` })
    .then((res) => res);
  await waiting;
  const third = await agent.post('/2fa/verify').send({ pin });
  expect([third.status, third.body.code]).toEqual([429, 'rate_limited']);
  expect(Number(third.headers['retry-after'])).toBeGreaterThan(0);
  clock.advance(3_000);
  const res = await retyped;
  expect([res.status, res.body]).toEqual([200, { verified: true }]);
  await agent.get('/account').expect(200);
}
