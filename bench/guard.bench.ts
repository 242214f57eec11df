import 'reflect-metadata';
import fastifyCookie from '@fastify/cookie';
import fastifySession from '@fastify/session';
import { Controller, Get, HttpCode, Module, Post, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import express, { type Request } from 'express';
import session from 'express-session';
import type { Server } from 'node:http';
import {
  InMemoryOutbox,
  LocalTwoFactorEngine,
  RequireTwoFactor,
  SendPin,
  TwoFactorGuard,
  TwoFactorModule,
} from 'nestjs-infobip-2fa';
import { createTwoFactorExpress } from 'nestjs-infobip-2fa/express';
import { runBenchmark, type BenchContext } from './support/benchmark';
import { expectStatus, JsonClient } from './support/http-client';
import { LoadGenerator, loadSubject } from './support/load-generator';
import { interleave, median, medianRatio } from './support/stats';

/*
 * What TwoFactorGuard (@RequireTwoFactor) costs a verified session: the same app, the same session
 * middleware and the same cookie load two routes that differ only by the guard. On each platform:
 * Nest on Express (express-session), Nest on Fastify (@fastify/session) and plain Express with
 * requireTwoFactor() (express-session).
 */

const PHONE = '+41791234567';
const SESSION_SECRET = 'benchmark session secret, long enough for fastify';
const PURPOSES = { login: { template: { messageText: 'Your code is {{pin}}' } } };
const ANSWER = { account: 'bench', plan: 'basic', items: [1, 2, 3] };

interface LoginBody {
  username: string;
  phone: string;
}

@Controller()
class BenchController {
  @Post('login')
  @HttpCode(200)
  @SendPin('login', (req: Request) => (req.body as LoginBody).phone, {
    userId: (req: Request) => (req.body as LoginBody).username,
  })
  login(): { twoFactor: 'required' } {
    return { twoFactor: 'required' };
  }

  @Get('open')
  open(): typeof ANSWER {
    return ANSWER;
  }

  @Get('guarded')
  @RequireTwoFactor()
  guarded(): typeof ANSWER {
    return ANSWER;
  }
}

@Module({
  imports: [TwoFactorModule.forRoot({ provider: { kind: 'local', console: false }, purposes: PURPOSES })],
  controllers: [BenchController],
})
class BenchModule {}

/** An app under load: its address, the outbox its PINs land in, and how to stop it. */
interface BenchApp {
  url: string;
  outbox: InMemoryOutbox;
  /** The Nest app, for the in-process guard figure (Nest on Express only). */
  nest?: INestApplication;
  close(): Promise<void>;
}

async function startNestExpress(): Promise<BenchApp> {
  const app = await NestFactory.create(BenchModule, { logger: false });
  app.use(session({ secret: SESSION_SECRET, resave: false, saveUninitialized: false, name: 'sid' }));
  await app.listen(0, '127.0.0.1');
  const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  return { url, outbox: app.get(InMemoryOutbox), nest: app, close: () => app.close() };
}

async function startNestFastify(): Promise<BenchApp> {
  const app = await NestFactory.create<NestFastifyApplication>(BenchModule, new FastifyAdapter(), {
    logger: false,
  });
  await app.register(fastifyCookie);
  await app.register(fastifySession, {
    secret: SESSION_SECRET,
    cookieName: 'sid',
    cookie: { secure: false },
    saveUninitialized: false,
  });
  await app.listen(0, '127.0.0.1');
  const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  return { url, outbox: app.get(InMemoryOutbox), close: () => app.close() };
}

async function startPlainExpress(): Promise<BenchApp> {
  const outbox = new InMemoryOutbox();
  const engine = new LocalTwoFactorEngine({ outbox });
  const twoFactor = await createTwoFactorExpress({ provider: { kind: 'local', engine }, purposes: PURPOSES });
  const app = express();
  app.use(session({ secret: SESSION_SECRET, resave: false, saveUninitialized: false, name: 'sid' }));
  app.post(
    '/login',
    express.json(),
    (req, _res, next) => {
      (req as { user?: object }).user = { id: (req.body as LoginBody).username };
      next();
    },
    twoFactor.sendPin('login', (req) => (req.body as LoginBody).phone),
    (_req, res) => res.json({ twoFactor: 'required' }),
  );
  app.use('/2fa', twoFactor.router());
  app.get('/open', (_req, res) => res.json(ANSWER));
  app.get('/guarded', twoFactor.requireTwoFactor(), (_req, res) => res.json(ANSWER));
  app.use(twoFactor.errorHandler());
  const server = await new Promise<Server>((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    outbox,
    close: async () => {
      await new Promise((resolve) => server.close(resolve));
      await twoFactor.close();
      await engine.close();
    },
  };
}

/** Logs in, reads the PIN from the local provider's outbox and verifies it: a verified session's cookie. */
async function verifiedCookie(app: BenchApp, client: JsonClient): Promise<string> {
  const login = expectStatus(
    await client.send('POST', '/login', { username: 'bench', phone: PHONE }),
    200,
    'login',
  );
  const message = app.outbox.latest(PHONE) ?? app.outbox.latest(PHONE.slice(1));
  if (!message || !login.cookie) throw new Error('login sent no PIN or set no session cookie');
  const verify = expectStatus(
    await client.send('POST', '/2fa/verify', { pin: message.pin }, login.cookie),
    200,
    'verify',
  );
  const cookie = verify.cookie ?? login.cookie;
  expectStatus(
    await client.send('GET', '/guarded', undefined, cookie),
    200,
    'guarded route with the verified session',
  );
  return cookie;
}

/**
 * Nanoseconds per `TwoFactorGuard.canActivate` on the guarded route, for a verified session, in
 * process: the guard's own work, without HTTP noise (Nest adds an execution context and an await).
 */
function canActivateCost(app: INestApplication, calls: number): number {
  const guard = app.get(TwoFactorGuard);
  const req = {
    session: {
      regenerate: () => undefined,
      twoFactor: { state: 'verified', purpose: 'login', userId: 'bench', verifiedAt: Date.now() },
    },
  };
  const context = new ExecutionContextHost(
    [req, {}, () => undefined],
    BenchController,
    BenchController.prototype.guarded,
  );
  context.setType('http');
  for (let i = 0; i < 10_000; i++) guard.canActivate(context);
  const start = process.hrtime.bigint();
  for (let i = 0; i < calls; i++) {
    if (!guard.canActivate(context)) throw new Error('the guard refused a verified session');
  }
  return Number(process.hrtime.bigint() - start) / calls;
}

/**
 * Loads the open and the guarded route of `app` in interleaved rounds and records their
 * throughput and the ratio; `prefix` names the platform (none for Nest on Express, whose figures
 * keep their earlier names).
 */
async function measure(bench: BenchContext, app: BenchApp, prefix: string, label: string): Promise<void> {
  const client = new JsonClient(app.url);
  const load = LoadGenerator.start();
  try {
    const cookie = await verifiedCookie(app, client);
    const connections = 16;
    const durationSeconds = bench.scale(1.5, 1);
    const spec = (path: string, seconds = durationSeconds) => ({
      url: app.url,
      path,
      headers: { cookie },
      connections,
      durationSeconds: seconds,
    });
    await load.run(spec('/open', 1));
    await load.run(spec('/guarded', 1));
    const cpu = new Map<string, number[]>();
    const rounds = bench.steadyRounds;
    const samples = await interleave(
      rounds,
      [loadSubject('open', load, spec('/open'), cpu), loadSubject('guarded', load, spec('/guarded'), cpu)],
      bench.log,
    );
    const open = samples.get('open')!;
    const guarded = samples.get('guarded')!;
    for (const name of ['open', 'guarded']) {
      bench.log(
        `${label}: server CPU µs/req, ${name}: ${cpu
          .get(name)!
          .map((v) => v.toFixed(0))
          .join(' ')}`,
      );
    }
    const cpuNote = (name: string): string => `server CPU ${median(cpu.get(name)!).toFixed(1)} µs/req`;
    bench.record({
      name: `guard.${prefix}unguarded`,
      value: median(open),
      unit: 'req/s',
      note: `${label}: GET, verified session, ${connections} connections, ${durationSeconds} s x ${rounds}; ${cpuNote('open')}`,
    });
    bench.record({
      name: `guard.${prefix}guarded`,
      value: median(guarded),
      unit: 'req/s',
      note: `${label}: same route behind the guard; ${cpuNote('guarded')}`,
    });
    bench.ratio(`${prefix}ratio`, medianRatio(guarded, open), `guard.${prefix}unguarded`, {
      op: '>=',
      value: 0.95,
    });
  } finally {
    client.close();
    await load.close();
  }
}

runBenchmark('guard', async (bench) => {
  const nestExpress = await startNestExpress();
  try {
    await measure(bench, nestExpress, '', 'Nest on Express, @RequireTwoFactor()');
    bench.record({
      name: 'guard.can_activate',
      value: median(Array.from({ length: 5 }, () => canActivateCost(nestExpress.nest!, 200_000))),
      unit: 'ns/call',
      note: 'TwoFactorGuard.canActivate alone, in process, verified session',
    });
  } finally {
    await nestExpress.close();
  }
  for (const [start, prefix, label] of [
    [startNestFastify, 'fastify.', 'Nest on Fastify, @RequireTwoFactor()'],
    [startPlainExpress, 'express.', 'plain Express, requireTwoFactor()'],
  ] as const) {
    const app = await start();
    try {
      await measure(bench, app, prefix, label);
    } finally {
      await app.close();
    }
  }
});
