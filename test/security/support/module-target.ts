import { Body, Controller, Get, HttpCode, Post, Req, type INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import type { Request } from 'express';
import session from 'express-session';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  type AdjustableClock,
  InMemoryOutbox,
  LocalTwoFactorEngine,
  type OutboxMessage,
  RequireTwoFactor,
  SkipTwoFactor,
  type TwoFactorApi,
  TwoFactorModule,
  type TwoFactorModuleOptions,
  TwoFactorService,
  getTwoFactorApiToken,
} from 'nestjs-infobip-2fa';
import { startEmulator, type StartedEmulator } from 'nestjs-infobip-2fa/emulator';
import type { PinChannel } from 'nestjs-infobip-2fa';
import { createFastifyApp } from '../../platforms/fastify-app';
import { LogCapture } from './log-capture';
import type { ProviderKind } from './sample-target';

/** What serves the module's test application: Nest on Express (express-session) or on Fastify (@fastify/session). */
export type ModulePlatform = 'nest-express' | 'nest-fastify';

/** A start request: the test chooses user, destination, purpose and channel freely. */
export interface StartBody {
  user: string;
  to: unknown;
  purpose?: string;
  channel?: PinChannel;
}

/**
 * An application as a developer writes it: its own login route starts a challenge
 * for whatever destination it was given (the body stands for the user's profile),
 * so that the module's own defences are what stands between input and provider.
 */
@Controller()
class StartController {
  constructor(private readonly twoFactor: TwoFactorService) {}

  @Post('start')
  @HttpCode(200)
  @SkipTwoFactor()
  async start(@Req() req: Request, @Body() body: StartBody): Promise<{ twoFactor: 'required' }> {
    await this.twoFactor.start(req, {
      purpose: body.purpose ?? 'login',
      destination: body.to as string,
      userId: body.user,
      ...(body.channel ? { channel: body.channel } : {}),
    });
    return { twoFactor: 'required' };
  }

  @Post('logout')
  @HttpCode(204)
  @SkipTwoFactor()
  logout(@Req() req: Request): Promise<void> {
    return new Promise((resolve, reject) =>
      req.session.destroy((error) => (error ? reject(error) : resolve())),
    );
  }

  @Get('secret')
  @RequireTwoFactor()
  secret(): { ok: true } {
    return { ok: true };
  }
}

/** A response of {@link ModuleTarget.post}. */
export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: { code?: string; [key: string]: unknown };
  cookie?: string;
}

/** A running application on the module, its provider, and raw HTTP from any loopback address. */
export interface ModuleTarget {
  kind: ProviderKind;
  app: INestApplication;
  service: TwoFactorService;
  api: TwoFactorApi;
  logs: LogCapture;
  messages(to?: string): OutboxMessage[];
  advance(ms: number): void;
  /**
   * POST with a JSON body from a chosen local address (127.0.0.x: every address of the
   * loopback network reaches the app), so per-IP limits see different clients.
   */
  post(
    path: string,
    body: unknown,
    options?: { from?: string; headers?: Record<string, string>; cookie?: string },
  ): Promise<RawResponse>;
  get(path: string, options?: { from?: string; cookie?: string }): Promise<RawResponse>;
  close(): Promise<void>;
}

/** What two instances of an application share: the provider, and (on Redis) the counters. */
export interface SharedProvider {
  kind: ProviderKind;
  /** Module provider options pointing at it. */
  provider: TwoFactorModuleOptions['provider'];
  clock: AdjustableClock;
  outbox: InMemoryOutbox;
  emulator?: StartedEmulator;
  close(): Promise<void>;
}

/** Starts an engine (local) or an emulator (infobip) that several applications can use at once. */
export async function startProvider(kind: ProviderKind): Promise<SharedProvider> {
  if (kind === 'local') {
    const outbox = new InMemoryOutbox();
    const engine = new LocalTwoFactorEngine({ outbox });
    return {
      kind,
      provider: { kind: 'local', engine },
      clock: engine.clock as AdjustableClock,
      outbox,
      close: () => engine.close(),
    };
  }
  const apiKey = 'module-security-key-1b7e';
  const emulator = await startEmulator({ port: 0, host: '127.0.0.1', apiKey });
  return {
    kind,
    provider: { kind: 'infobip', baseUrl: emulator.url, apiKey, timeoutMs: 5_000 },
    clock: emulator.emulator.engine.clock as AdjustableClock,
    outbox: emulator.emulator.engine.outbox as InMemoryOutbox,
    emulator,
    close: () => emulator.close(),
  };
}

/** Purposes of the test application: `login` (SMS, voice), `domestic` (Swiss numbers only), `email`. */
export const PURPOSES: TwoFactorModuleOptions['purposes'] = {
  login: {
    templates: { sms: { messageText: 'Code {{pin}}' }, voice: { messageText: 'Your code is {{pin}}' } },
  },
  domestic: { template: { messageText: 'Code {{pin}}' }, allowedCountries: ['CH'] },
  email: { templates: { email: { emailTemplateId: 1234 } }, defaultChannel: 'email' },
};

/** Starts an application on `provider` with the module options given (over test defaults), on `platform`. */
export async function startModuleTarget(
  provider: SharedProvider,
  options: Partial<TwoFactorModuleOptions> = {},
  platform: ModulePlatform = 'nest-express',
): Promise<ModuleTarget> {
  const logs = new LogCapture();
  const moduleRef = await Test.createTestingModule({
    imports: [
      TwoFactorModule.forRoot({
        provider: provider.provider,
        purposes: PURPOSES,
        clock: provider.clock,
        globalGuard: true,
        ...options,
      }),
    ],
    controllers: [StartController],
  }).compile();
  let app: INestApplication;
  if (platform === 'nest-fastify') {
    app = await createFastifyApp(moduleRef, undefined, logs);
  } else {
    app = moduleRef.createNestApplication({ logger: logs });
    app.use(
      session({ secret: 'module target secret', resave: false, saveUninitialized: false, name: 'sid' }),
    );
  }
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  const send = (
    method: 'GET' | 'POST',
    path: string,
    body: unknown,
    options: { from?: string; headers?: Record<string, string>; cookie?: string } = {},
  ): Promise<RawResponse> =>
    new Promise((resolve, reject) => {
      const payload = body === undefined ? undefined : JSON.stringify(body);
      const req = httpRequest(
        {
          host: '127.0.0.1',
          port,
          method,
          path,
          localAddress: options.from ?? '127.0.0.1',
          agent: false,
          headers: {
            ...(payload !== undefined ? { 'Content-Type': 'application/json' } : {}),
            ...(options.cookie ? { Cookie: options.cookie } : {}),
            ...options.headers,
          },
        },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (text += chunk));
          res.on('end', () => {
            const cookie = ([] as string[]).concat(res.headers['set-cookie'] ?? [])[0]?.split(';')[0];
            let parsed: RawResponse['body'] = {};
            try {
              parsed = text ? JSON.parse(text) : {};
            } catch {
              parsed = { text };
            }
            resolve({
              status: res.statusCode ?? 0,
              headers: res.headers,
              body: parsed,
              ...(cookie ? { cookie } : {}),
            });
          });
        },
      );
      req.on('error', reject);
      req.end(payload);
    });
  return {
    kind: provider.kind,
    app,
    service: app.get(TwoFactorService),
    api: app.get(getTwoFactorApiToken()),
    logs,
    messages: (to) => provider.outbox.list(to),
    advance: (ms) => provider.clock.advance(ms),
    post: (path, body, opts) => send('POST', path, body, opts),
    get: (path, opts) => send('GET', path, undefined, opts),
    close: () => app.close(),
  };
}
