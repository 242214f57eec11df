import {
  Catch,
  Controller,
  Get,
  HttpException,
  Injectable,
  Module,
  Post,
  type ArgumentsHost,
  type ExceptionFilter,
  type INestApplication,
} from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { APP_FILTER, HttpAdapterHost } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import session from 'express-session';
import request from 'supertest';
import { InMemoryOutbox, LocalTwoFactorEngine, ManualClock } from '../../lib/engine';
import { CounterStore, InMemoryCounterStore } from '../../lib/storage';
import {
  SendPin,
  TWO_FACTOR_API,
  TWO_FACTOR_MODULE_OPTIONS,
  TwoFactorConfigurationError,
  TwoFactorErrorsFilter,
  TwoFactorGuard,
  TwoFactorModule,
  TwoFactorService,
  type TwoFactorModuleOptions,
  type TwoFactorOptionsFactory,
} from '../../lib/module';
import { createTestApp, login } from './two-factor-test-app';

const purposes = { login: { template: { messageText: 'Your code is {{pin}}' } } };

/** Logs in, reads the PIN from the outbox, verifies, and opens /account. */
async function mainFlow(app: INestApplication, phone: string, prefix = '/2fa'): Promise<void> {
  const agent = request.agent(app.getHttpServer());
  await login(agent, phone).expect(200);
  const pin = app.get(InMemoryOutbox).latest(phone)!.pin;
  await agent.get('/account').expect(401);
  await agent.post(`${prefix}/verify`).send({ pin }).expect(200, { verified: true });
  await agent.get('/account').expect(200);
}

describe('TwoFactorModule set-up styles', () => {
  const apps: INestApplication[] = [];
  afterAll(async () => {
    for (const app of apps) await app.close();
  });
  const track = (app: INestApplication) => (apps.push(app), app);

  it('forRoot', async () => {
    const app = track(
      await createTestApp(TwoFactorModule.forRoot({ provider: { kind: 'local', console: false }, purposes })),
    );
    await mainFlow(app, '+41790000001');
    expect(app.get(TWO_FACTOR_API)).toBe(app.get(LocalTwoFactorEngine));
    expect(app.get(CounterStore)).toBeInstanceOf(InMemoryCounterStore);
  });

  it('forRootAsync with useFactory and @nestjs/config', async () => {
    const app = track(
      await createTestApp(
        TwoFactorModule.forRootAsync({
          imports: [
            ConfigModule.forRoot({
              ignoreEnvFile: true,
              load: [() => ({ TWO_FACTOR_TEXT: 'Config code {{pin}}' })],
            }),
          ],
          inject: [ConfigService],
          useFactory: (config: ConfigService): TwoFactorModuleOptions => ({
            provider: { kind: 'local', console: false },
            purposes: { login: { template: { messageText: config.getOrThrow<string>('TWO_FACTOR_TEXT') } } },
          }),
          globalGuard: true,
          localEngine: true,
        }),
      ),
    );
    const pending = request.agent(app.getHttpServer());
    await login(pending, '+41790000022').expect(200);
    await pending.get('/public').expect(401);
    await mainFlow(app, '+41790000002');
    expect(app.get(InMemoryOutbox).latest('+41790000002')!.text).toMatch(/^Config code \d{6}$/);
  });

  it('forRootAsync with useClass', async () => {
    @Injectable()
    class OptionsFactory implements TwoFactorOptionsFactory {
      createTwoFactorOptions(): TwoFactorModuleOptions {
        return { provider: { kind: 'local', console: false }, purposes };
      }
    }
    const app = track(
      await createTestApp(TwoFactorModule.forRootAsync({ localEngine: true, useClass: OptionsFactory })),
    );
    await mainFlow(app, '+41790000003');
  });

  it('forRootAsync with useExisting', async () => {
    @Injectable()
    class SharedOptions implements TwoFactorOptionsFactory {
      async createTwoFactorOptions(): Promise<TwoFactorModuleOptions> {
        return { provider: { kind: 'local', console: false }, purposes };
      }
    }
    @Module({ providers: [SharedOptions], exports: [SharedOptions] })
    class OptionsModule {}
    const app = track(
      await createTestApp(
        TwoFactorModule.forRootAsync({
          localEngine: true,
          imports: [OptionsModule],
          useExisting: SharedOptions,
        }),
      ),
    );
    await mainFlow(app, '+41790000004');
    expect(app.get(TWO_FACTOR_MODULE_OPTIONS)).toMatchObject({ purposes });
  });

  it('mounts the controller at a configured path, or not at all', async () => {
    const moved = track(
      await createTestApp(
        TwoFactorModule.forRoot({
          provider: { kind: 'local', console: false },
          purposes,
          controller: { path: 'auth/second-factor' },
        }),
      ),
    );
    await mainFlow(moved, '+41790000005', '/auth/second-factor');
    await request(moved.getHttpServer()).get('/2fa/status').expect(404);

    const none = track(
      await createTestApp(
        TwoFactorModule.forRoot({ provider: { kind: 'local', console: false }, purposes, controller: false }),
      ),
    );
    await request(none.getHttpServer()).get('/2fa/status').expect(404);
  });

  it('isGlobal makes the service and guard available to every module', async () => {
    @Controller('feature')
    class FeatureController {
      constructor(private readonly service: TwoFactorService) {}
      @Get()
      get(): { purposes: boolean } {
        return { purposes: this.service instanceof TwoFactorService };
      }
    }
    @Module({ controllers: [FeatureController], providers: [] })
    class FeatureModule {}
    const moduleRef = await Test.createTestingModule({
      imports: [
        TwoFactorModule.forRoot({ provider: { kind: 'local', console: false }, purposes, isGlobal: true }),
        FeatureModule,
      ],
    }).compile();
    const app = track(moduleRef.createNestApplication({ logger: false }));
    await app.init();
    await request(app.getHttpServer()).get('/feature').expect(200, { purposes: true });
  });

  it('without the global guard, only @RequireTwoFactor routes are guarded', async () => {
    const app = track(
      await createTestApp(TwoFactorModule.forRoot({ provider: { kind: 'local', console: false }, purposes })),
    );
    const agent = request.agent(app.getHttpServer());
    await login(agent, '+41790000006').expect(200);
    await agent.get('/public').expect(200);
    expect((await agent.get('/account').expect(401)).body.code).toBe('two_factor_required');
  });

  it('requireByDefault makes every guarded route require a verified session', async () => {
    const app = track(
      await createTestApp(
        TwoFactorModule.forRoot({
          provider: { kind: 'local', console: false },
          purposes,
          requireByDefault: true,
          globalGuard: true,
        }),
      ),
    );
    await request(app.getHttpServer()).get('/public').expect(401);
    await request(app.getHttpServer()).get('/cart').expect(200);
    await request(app.getHttpServer()).get('/2fa/status').expect(200);
    await mainFlow(app, '+41790000007');
  });

  it('throttles the 2FA routes per session with rate_limited and Retry-After', async () => {
    const app = track(
      await createTestApp(
        TwoFactorModule.forRoot({
          provider: { kind: 'local', console: false },
          purposes,
          throttle: { limit: 2, ttl: '1m' },
        }),
      ),
    );
    const agent = request.agent(app.getHttpServer());
    await login(agent, '+41790000008').expect(200);
    await agent.post('/2fa/verify').send({ pin: 'x' }).expect(400);
    await agent.post('/2fa/verify').send({ pin: 'x' }).expect(400);
    const limited = await agent.post('/2fa/verify').send({ pin: 'x' }).expect(429);
    expect(limited.body).toEqual({
      statusCode: 429,
      code: 'rate_limited',
      message: 'Too many requests. Try again later.',
    });
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited.headers['cache-control']).toBe('no-store');
    // Another session is counted apart.
    const other = request.agent(app.getHttpServer());
    await login(other, '+41790000009').expect(200);
    await other.post('/2fa/verify').send({ pin: 'x' }).expect(400);
  });

  it('uses the clock and counter store it is given, and closes only what it created', async () => {
    const clock = new ManualClock(Date.UTC(2026, 5, 1));
    const counterStore = new InMemoryCounterStore();
    const closeStore = jest.spyOn(counterStore, 'close');
    const engine = new LocalTwoFactorEngine({ clock });
    const closeEngine = jest.spyOn(engine, 'close');
    const app = await createTestApp(
      TwoFactorModule.forRoot({ provider: { kind: 'local', engine }, purposes, counterStore, clock }),
    );
    const agent = request.agent(app.getHttpServer());
    await login(agent, '+41790000010').expect(200);
    const status = (await agent.get('/2fa/status')).body;
    expect(status.expiresAt).toBe(new Date(Date.UTC(2026, 5, 1) + 5 * 60_000).toISOString());
    expect(app.get(CounterStore)).toBe(counterStore);
    await app.close();
    expect(closeStore).not.toHaveBeenCalled();
    expect(closeEngine).not.toHaveBeenCalled();
    await engine.close();
    await counterStore.close();
  });

  it('answers a clear 500 when express-session is not mounted', async () => {
    @Controller()
    class NoSessionController {
      @Post('login')
      @SendPin('login', () => '+41790000011', { userId: () => 'u' })
      login(): { ok: true } {
        return { ok: true };
      }
    }
    const app = track(
      await createTestApp(
        TwoFactorModule.forRoot({ provider: { kind: 'local', console: false }, purposes }),
        {
          session: false,
          controllers: [NoSessionController],
        },
      ),
    );
    const res = await request(app.getHttpServer()).post('/login').expect(500);
    expect(res.body).toEqual({ statusCode: 500, message: 'Internal server error' });
    expect(app.get(InMemoryOutbox).latest('+41790000011')).toBeUndefined();
    const inController = await request(app.getHttpServer())
      .post('/2fa/verify')
      .send({ pin: '123456' })
      .expect(500);
    expect(inController.body).toEqual({ statusCode: 500, message: 'Internal server error' });
    expect(inController.headers['cache-control']).toBe('no-store');
    await expect(app.get(TwoFactorService).verify({} as never, '123456')).rejects.toThrow(
      /req.session is missing. Fix: mount express-session .*resave: false, saveUninitialized: false/,
    );
    await expect(
      app.get(TwoFactorService).verify({ session: { regenerate: undefined } } as never, '123456'),
    ).rejects.toThrow(/no regenerate\(\)/);
  });

  it('refuses at bootstrap a @SendPin purpose the options do not declare', async () => {
    @Controller()
    class WrongPurposeController {
      @Post('pay')
      @SendPin('payment', () => '+41790000012', { userId: () => 'u' })
      pay(): { ok: true } {
        return { ok: true };
      }
    }
    const error = await createTestApp(
      TwoFactorModule.forRoot({ provider: { kind: 'local', console: false }, purposes }),
      { controllers: [WrongPurposeController] },
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TwoFactorConfigurationError);
    expect((error as Error).message).toBe(
      'TwoFactorModule: purposes has no purpose "payment", which @SendPin("payment") on ' +
        'WrongPurposeController.pay() starts (declared: login). ' +
        'Fix: correct the name in @SendPin, or declare purposes.payment',
    );
  });

  it('sends nothing when the handler throws', async () => {
    @Controller()
    class FailingLoginController {
      @Post('login')
      @SendPin('login', () => '+41790000013', { userId: () => 'u' })
      login(): never {
        throw new Error('wrong password');
      }
    }
    const app = track(
      await createTestApp(
        TwoFactorModule.forRoot({ provider: { kind: 'local', console: false }, purposes }),
        {
          controllers: [FailingLoginController],
        },
      ),
    );
    await request(app.getHttpServer()).post('/login').expect(500);
    expect(app.get(InMemoryOutbox).list()).toEqual([]);
  });

  it('the errors filter, registered globally, renders body-parser errors as bad_request', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [TwoFactorModule.forRoot({ provider: { kind: 'local', console: false }, purposes })],
    }).compile();
    const app = track(moduleRef.createNestApplication({ logger: false }));
    app.use(session({ secret: 's', resave: false, saveUninitialized: false }));
    app.useGlobalFilters(new TwoFactorErrorsFilter(app.get(HttpAdapterHost).httpAdapter));
    await app.init();
    const tooLarge = await request(app.getHttpServer())
      .post('/2fa/verify')
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ pin: '1'.repeat(200_000) }))
      .expect(400);
    expect(tooLarge.body).toEqual({
      statusCode: 400,
      code: 'bad_request',
      message: 'The request body is too large.',
    });
    const malformed = await request(app.getHttpServer())
      .post('/2fa/verify')
      .set('Content-Type', 'application/json')
      .send('{"pin":')
      .expect(400);
    expect(malformed.body).toEqual({
      statusCode: 400,
      code: 'bad_request',
      message: 'The request is malformed.',
    });
    expect(malformed.headers['cache-control']).toBe('no-store');
    await request(app.getHttpServer()).get('/nowhere').expect(404);
  });

  it('sends and verifies PINs by email', async () => {
    @Controller()
    class SignupController {
      @Post('signup')
      @SendPin('signup', (req) => (req.body as { email: string }).email, { userId: () => 'new-user' })
      signup(): { twoFactor: 'required' } {
        return { twoFactor: 'required' };
      }
    }
    const app = track(
      await createTestApp(
        TwoFactorModule.forRoot({
          provider: { kind: 'local', console: false },
          purposes: {
            signup: {
              templates: { email: { emailTemplateId: 42, pinType: 'ALPHANUMERIC', pinLength: 8 } },
              defaultChannel: 'email',
            },
          },
        }),
        { controllers: [SignupController] },
      ),
    );
    const agent = request.agent(app.getHttpServer());
    await agent.post('/signup').send({ email: 'Jane.Doe@Example.com' }).expect(201);
    const status = (await agent.get('/2fa/status')).body;
    expect(status).toMatchObject({ state: 'pending', channel: 'email', destination: 'j***@example.com' });
    const message = app.get(InMemoryOutbox).latest('jane.doe@example.com')!;
    expect(message.channel).toBe('email');
    expect(message.pin).toMatch(/^[A-Z0-9]{8}$/);
    expect((await agent.post('/2fa/resend').send({ channel: 'sms' }).expect(400)).body.code).toBe(
      'bad_request',
    );
    await agent.post('/2fa/verify').send({ pin: message.pin.toLowerCase() }).expect(200, { verified: true });
    expect((await agent.get('/2fa/status')).body.state).toBe('verified');
  });

  it('exports the guard for per-route use', async () => {
    const app = track(
      await createTestApp(TwoFactorModule.forRoot({ provider: { kind: 'local', console: false }, purposes })),
    );
    expect(app.get(TwoFactorGuard)).toBeInstanceOf(TwoFactorGuard);
  });

  it("leaves the app's own errors to the app unless the global guard is asked for", async () => {
    /** The app's own rendering of HTTP errors, as a host app may have one. */
    @Catch(HttpException)
    class HostFilter implements ExceptionFilter {
      catch(exception: HttpException, host: ArgumentsHost): void {
        host.switchToHttp().getResponse().status(exception.getStatus()).json({ host: true });
      }
    }
    @Module({ providers: [{ provide: APP_FILTER, useClass: HostFilter }] })
    class HostModule {}
    const app = track(
      await createTestApp(
        TwoFactorModule.forRoot({
          provider: { kind: 'local', console: false },
          purposes,
          sendLimits: { perDestination: '1/1h' },
        }),
        { imports: [{ module: HostModule }] },
      ),
    );
    const agent = request.agent(app.getHttpServer());
    // The app's routes: its own filter answers, the refusal of @RequireTwoFactor included.
    await agent.get('/account').expect(401, { host: true });
    // The module's routes keep the module's format.
    await agent
      .post('/2fa/verify')
      .send({ pin: '123456' })
      .expect(409)
      .expect((res) => expect(res.body.code).toBe('no_challenge'));
    // @SendPin failures carry their headers whichever filter renders them.
    await login(agent, '+41790000077').expect(200);
    const limited = await login(agent, '+41790000077').expect(429, { host: true });
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited.headers['cache-control']).toBe('no-store');
  });

  it('provides the local engine and its outbox only where the options have them, never as null', async () => {
    const engine = new LocalTwoFactorEngine({ outbox: new InMemoryOutbox() });
    const custom = track(
      await createTestApp(TwoFactorModule.forRoot({ provider: { kind: 'custom', api: engine }, purposes })),
    );
    expect(custom.get(TWO_FACTOR_API)).toBe(engine);
    expect(() => custom.get(LocalTwoFactorEngine)).toThrow(/LocalTwoFactorEngine/);
    expect(() => custom.get(InMemoryOutbox)).toThrow(/InMemoryOutbox/);
    const local = track(
      await createTestApp(TwoFactorModule.forRoot({ provider: { kind: 'local', console: false }, purposes })),
    );
    expect(local.get(LocalTwoFactorEngine)).toBeInstanceOf(LocalTwoFactorEngine);
    expect(local.get(InMemoryOutbox)).toBeInstanceOf(InMemoryOutbox);
    await engine.close();
  });
});
