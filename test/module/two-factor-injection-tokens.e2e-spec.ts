import type { DynamicModule, INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import session from 'express-session';
import request from 'supertest';
import { FanoutOutbox, InMemoryOutbox, LocalTwoFactorEngine } from '../../lib/engine';
import { startEmulator, type StartedEmulator } from '../../lib/emulator';
import type { TwoFactorApi } from '../../lib/infobip';
import {
  TWO_FACTOR_API,
  TwoFactorConfigurationError,
  TwoFactorModule,
  type TwoFactorModuleOptions,
} from '../../lib/module';
import {
  CounterStore,
  InMemoryCounterStore,
  InMemoryRecoveryCodeStore,
  InMemoryRememberedDeviceStore,
  RecoveryCodeStore,
  RememberedDeviceStore,
  TwoFactorStore,
} from '../../lib/storage';
import { createTestApp, login, TestAuthController } from './two-factor-test-app';

const API_KEY = 'tokens-test-key';
const purposes = { login: { template: { messageText: 'Your code is {{pin}}' } } };
const local: TwoFactorModuleOptions = { provider: { kind: 'local', console: false }, purposes };
const LOCAL_TOKENS = [LocalTwoFactorEngine, TwoFactorStore, InMemoryOutbox] as const;

/**
 * `target()` behind a seam that records the name of each method called (and its first argument
 * when `withKey`); the call itself goes to the real object.
 */
function recorded<T extends object>(target: () => T, calls: string[], withKey = false): T {
  return new Proxy({} as T, {
    get(_seam, name) {
      const object = target();
      const member = Reflect.get(object, name, object) as unknown;
      if (typeof member !== 'function') return member;
      return (...args: unknown[]) => {
        calls.push(withKey ? `${String(name)} ${String(args[0])}` : String(name));
        return (member as (...args: unknown[]) => unknown).apply(object, args);
      };
    },
  });
}

/** What compiling a module that imports `module` fails with. */
function bootstrapError(module: DynamicModule): Promise<unknown> {
  return Test.createTestingModule({ imports: [module] })
    .compile()
    .then(
      () => undefined,
      (error: unknown) => error,
    );
}

describe('TwoFactorModule local-engine tokens: the real object, or not provided where the module can know', () => {
  let emulator: StartedEmulator;
  const apps: INestApplication[] = [];
  const track = async (module: DynamicModule) => {
    const app = await createTestApp(module);
    apps.push(app);
    return app;
  };
  const infobip = (): TwoFactorModuleOptions => ({
    provider: { kind: 'infobip', baseUrl: emulator.url, apiKey: API_KEY },
    purposes,
  });
  const emulatorOutbox = () => emulator.emulator.engine.outbox as InMemoryOutbox;

  beforeAll(async () => {
    emulator = await startEmulator({ apiKey: API_KEY });
  });
  afterAll(async () => {
    for (const app of apps) await app.close();
    await emulator.close();
  });

  /** The engine, its store and its outbox are the ones the PINs go through. */
  async function expectWorkingLocalTokens(app: INestApplication, phone: string): Promise<void> {
    const engine = app.get(LocalTwoFactorEngine);
    expect(engine).toBeInstanceOf(LocalTwoFactorEngine);
    expect(app.get(TWO_FACTOR_API)).toBe(engine);
    expect(app.get(TwoFactorStore)).toBe(engine.store);
    const agent = request.agent(app.getHttpServer());
    await login(agent, phone).expect(200);
    const pin = app.get(InMemoryOutbox).latest(phone)!.pin;
    await agent.post('/2fa/verify').send({ pin }).expect(200, { verified: true });
  }

  /** `app.get` throws Nest's unknown-element error for each token named. */
  function expectAbsent(app: INestApplication, tokens: readonly (symbol | { name: string })[]): void {
    for (const token of tokens) {
      const name = typeof token === 'symbol' ? token.toString() : token.name;
      expect(() => app.get(token as never)).toThrow(`could not find ${name} element`);
    }
  }

  it('forRoot, local provider: engine, store and outbox', async () => {
    await expectWorkingLocalTokens(await track(TwoFactorModule.forRoot(local)), '+41790000101');
  });

  it('forRootAsync, local provider with localEngine: true: engine, store and outbox, as with forRoot', async () => {
    const app = await track(TwoFactorModule.forRootAsync({ localEngine: true, useFactory: () => local }));
    await expectWorkingLocalTokens(app, '+41790000102');
  });

  it('forRootAsync, local provider, localEngine not given: none of the local tokens, and the app works', async () => {
    const app = await track(TwoFactorModule.forRootAsync({ useFactory: () => local }));
    expectAbsent(app, LOCAL_TOKENS);
    await login(request.agent(app.getHttpServer()), '+41790000106').expect(200);
  });

  it('forRoot, Infobip provider: none of the local tokens', async () => {
    const app = await track(TwoFactorModule.forRoot(infobip()));
    expectAbsent(app, LOCAL_TOKENS);
    await login(request.agent(app.getHttpServer()), '+41790000103').expect(200);
    expect(emulatorOutbox().latest('41790000103')).toBeDefined();
  });

  it('forRootAsync, Infobip provider with localEngine: false: none of the local tokens', async () => {
    const app = await track(TwoFactorModule.forRootAsync({ localEngine: false, useFactory: infobip }));
    expectAbsent(app, LOCAL_TOKENS);
    await login(request.agent(app.getHttpServer()), '+41790000104').expect(200);
    expect(emulatorOutbox().latest('41790000104')).toBeDefined();
  });

  it('forRootAsync, Infobip provider, localEngine not given: none of the local tokens, nothing resolves to null', async () => {
    const app = await track(TwoFactorModule.forRootAsync({ useFactory: infobip }));
    expectAbsent(app, LOCAL_TOKENS);
    await login(request.agent(app.getHttpServer()), '+41790000105').expect(200);
    expect(emulatorOutbox().latest('41790000105')).toBeDefined();
  });

  it('forRootAsync, Infobip provider with localEngine: true: refuses to start, naming the fix', async () => {
    const error = await bootstrapError(
      TwoFactorModule.forRootAsync({ localEngine: true, useFactory: infobip }),
    );
    expect(error).toBeInstanceOf(TwoFactorConfigurationError);
    expect((error as Error).message).toMatch(
      /^TwoFactorModule: provider of kind 'infobip' has no (LocalTwoFactorEngine|TwoFactorStore|InMemoryOutbox) to provide\. Fix: drop localEngine: true /,
    );
  });

  describe('a given engine whose outbox is not in memory', () => {
    const engines: LocalTwoFactorEngine[] = [];
    const given = (): TwoFactorModuleOptions => {
      // Delivers nowhere: these tests send nothing.
      const engine = new LocalTwoFactorEngine({ outbox: new FanoutOutbox([]) });
      engines.push(engine);
      return { provider: { kind: 'local', engine }, purposes };
    };
    afterAll(async () => {
      for (const engine of engines) await engine.close();
    });

    it('forRoot: the engine and its store, no InMemoryOutbox', async () => {
      const options = given();
      const app = await track(TwoFactorModule.forRoot(options));
      expect(app.get(LocalTwoFactorEngine)).toBe(engines.at(-1));
      expect(app.get(TwoFactorStore)).toBe(engines.at(-1)!.store);
      expectAbsent(app, [InMemoryOutbox]);
    });

    it('forRootAsync with localEngine: true: refuses to start, naming the fix', async () => {
      const error = await bootstrapError(
        TwoFactorModule.forRootAsync({ localEngine: true, useFactory: given }),
      );
      expect(error).toBeInstanceOf(TwoFactorConfigurationError);
      expect((error as Error).message).toBe(
        'TwoFactorModule: provider.engine has an outbox that is not an InMemoryOutbox, so there is no ' +
          'InMemoryOutbox to provide. Fix: give the engine an InMemoryOutbox (alone or in a FanoutOutbox), ' +
          'or drop localEngine: true (no LocalTwoFactorEngine, TwoFactorStore or InMemoryOutbox is then ' +
          "provided), or use provider: { kind: 'local' }",
      );
    });
  });

  it('forRoot, a given engine whose FanoutOutbox delivers to an InMemoryOutbox: that outbox', async () => {
    const inMemory = new InMemoryOutbox();
    const engine = new LocalTwoFactorEngine({ outbox: new FanoutOutbox([inMemory]) });
    try {
      const app = await track(TwoFactorModule.forRoot({ provider: { kind: 'local', engine }, purposes }));
      expect(app.get(InMemoryOutbox)).toBe(inMemory);
    } finally {
      await engine.close();
    }
  });

  it('localEngine: false leaves the local tokens out, and localEngine: true with forRoot insists on them', async () => {
    expectAbsent(await track(TwoFactorModule.forRoot({ ...local, localEngine: false })), LOCAL_TOKENS);
    const error = await bootstrapError(TwoFactorModule.forRoot({ ...infobip(), localEngine: true }));
    expect(error).toBeInstanceOf(TwoFactorConfigurationError);
  });
});

describe('overrideProvider reaches every injection point', () => {
  const apps: INestApplication[] = [];
  const closers: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const app of apps) await app.close();
    for (const close of closers) await close();
  });

  async function start(override: (builder: ReturnType<typeof Test.createTestingModule>) => unknown) {
    const builder = Test.createTestingModule({
      imports: [TwoFactorModule.forRoot(local)],
      controllers: [TestAuthController],
    });
    override(builder);
    const app = (await builder.compile()).createNestApplication({ logger: false });
    app.use(session({ secret: 'test secret', resave: false, saveUninitialized: false, name: 'sid' }));
    await app.init();
    apps.push(app);
    return app;
  }

  it('TWO_FACTOR_API: purposes are bound on it at bootstrap, PINs sent through it, re-bound on it', async () => {
    const engineWith = (outbox: InMemoryOutbox) => {
      const engine = new LocalTwoFactorEngine({ outbox });
      closers.push(() => engine.close());
      return engine;
    };
    const outbox = new InMemoryOutbox();
    let current = engineWith(outbox);
    const calls: string[] = [];
    const api = recorded<TwoFactorApi>(() => current, calls);
    const app = await start((builder) => builder.overrideProvider(TWO_FACTOR_API).useValue(api));

    // Bound at bootstrap on the overriding API, not on the module's own engine.
    expect(calls).toEqual(expect.arrayContaining(['getApplications', 'createApplication']));
    expect(await current.getApplications()).toHaveLength(1);
    expect(await app.get(LocalTwoFactorEngine).getApplications()).toHaveLength(0);

    await login(request.agent(app.getHttpServer()), '+41790000111').expect(200);
    expect(calls).toContain('sendPinOverSms');
    expect(outbox.latest('+41790000111')).toBeDefined();
    expect(app.get(InMemoryOutbox).list()).toEqual([]);

    // The provider forgets the application: the re-binding goes through the override as well.
    current = engineWith(outbox);
    calls.length = 0;
    await login(request.agent(app.getHttpServer()), '+41790000112').expect(200);
    expect(calls).toEqual(expect.arrayContaining(['sendPinOverSms', 'getApplications', 'createApplication']));
    expect(await current.getApplications()).toHaveLength(1);
    expect(outbox.latest('+41790000112')).toBeDefined();
  });

  it('CounterStore: the send limits, the counters and the throttler of the 2FA routes count in it', async () => {
    const store = new InMemoryCounterStore();
    closers.push(async () => store.close());
    const keys: string[] = [];
    const counters = recorded<CounterStore>(() => store, keys, true);
    const app = await start((builder) => builder.overrideProvider(CounterStore).useValue(counters));
    expect(app.get(CounterStore)).toBe(counters);

    const agent = request.agent(app.getHttpServer());
    await login(agent, '+41790000113').expect(200);
    expect(keys.some((key) => key.startsWith('hit 2fa:send:'))).toBe(true);
    keys.length = 0;
    await agent.post('/2fa/verify').send({ pin: '000000' });
    expect(keys.some((key) => key.startsWith('hit 2fa:throttle:two-factor:'))).toBe(true);
  });

  it('RecoveryCodeStore and RememberedDeviceStore: recovery codes and remembered devices are kept in them', async () => {
    const calls: string[] = [];
    const codeStore = new InMemoryRecoveryCodeStore();
    const deviceStore = new InMemoryRememberedDeviceStore();
    const codes = recorded<RecoveryCodeStore>(() => codeStore, calls);
    const devices = recorded<RememberedDeviceStore>(() => deviceStore, calls);
    const app = await start((builder) =>
      builder
        .overrideProvider(RecoveryCodeStore)
        .useValue(codes)
        .overrideProvider(RememberedDeviceStore)
        .useValue(devices),
    );
    expect(app.get(RecoveryCodeStore)).toBe(codes);
    expect(app.get(RememberedDeviceStore)).toBe(devices);

    const agent = request.agent(app.getHttpServer());
    await login(agent, '+41790000114').expect(200);
    const pin = app.get(InMemoryOutbox).latest('+41790000114')!.pin;
    await agent.post('/2fa/verify').send({ pin, rememberDevice: true }).expect(200);
    expect(calls).toEqual(['add']);
    await agent.post('/2fa/recovery-codes').expect(201);
    expect(calls).toEqual(['add', 'replace']);
  });
});
