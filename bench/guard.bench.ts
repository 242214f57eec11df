import 'reflect-metadata';
import { Controller, Get, HttpCode, Module, Post, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host';
import type { Request } from 'express';
import session from 'express-session';
import {
  InMemoryOutbox,
  RequireTwoFactor,
  SendPin,
  TwoFactorGuard,
  TwoFactorModule,
} from 'nestjs-infobip-2fa';
import { runBenchmark } from './support/benchmark';
import { expectStatus, JsonClient } from './support/http-client';
import { LoadGenerator, loadSubject } from './support/load-generator';
import { interleave, median, medianRatio } from './support/stats';

/*
 * What TwoFactorGuard (@RequireTwoFactor) costs a verified session: the same Nest app, the same
 * express-session middleware and the same cookie load two routes that differ only by the guard.
 */

const PHONE = '+41791234567';
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
  imports: [
    TwoFactorModule.forRoot({
      provider: { kind: 'local', console: false },
      purposes: { login: { template: { messageText: 'Your code is {{pin}}' } } },
    }),
  ],
  controllers: [BenchController],
})
class BenchModule {}

async function startApp(): Promise<{ app: INestApplication; url: string }> {
  const app = await NestFactory.create(BenchModule, { logger: false });
  app.use(
    session({ secret: 'benchmark session secret', resave: false, saveUninitialized: false, name: 'sid' }),
  );
  await app.listen(0, '127.0.0.1');
  return { app, url: (await app.getUrl()).replace('[::1]', '127.0.0.1') };
}

/** Logs in, reads the PIN from the local provider's outbox and verifies it: a verified session's cookie. */
async function verifiedCookie(app: INestApplication, client: JsonClient): Promise<string> {
  const login = expectStatus(
    await client.send('POST', '/login', { username: 'bench', phone: PHONE }),
    200,
    'login',
  );
  const outbox = app.get(InMemoryOutbox);
  const message = outbox.latest(PHONE) ?? outbox.latest(PHONE.slice(1));
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

runBenchmark('guard', async (bench) => {
  const { app, url } = await startApp();
  const client = new JsonClient(url);
  const load = LoadGenerator.start();
  try {
    const cookie = await verifiedCookie(app, client);
    const connections = 16;
    const durationSeconds = bench.scale(1.5, 1);
    const spec = (path: string, seconds = durationSeconds) => ({
      url,
      path,
      headers: { cookie },
      connections,
      durationSeconds: seconds,
    });
    await load.run(spec('/open', 1));
    await load.run(spec('/guarded', 1));
    const cpu = new Map<string, number[]>();
    const rounds = bench.rounds * 2 - 1;
    const samples = await interleave(
      rounds,
      [loadSubject('open', load, spec('/open'), cpu), loadSubject('guarded', load, spec('/guarded'), cpu)],
      bench.log,
    );
    const open = samples.get('open')!;
    const guarded = samples.get('guarded')!;
    bench.log(
      `server CPU µs/req, open: ${cpu
        .get('open')!
        .map((v) => v.toFixed(0))
        .join(' ')}`,
    );
    bench.log(
      `server CPU µs/req, guarded: ${cpu
        .get('guarded')!
        .map((v) => v.toFixed(0))
        .join(' ')}`,
    );
    const cpuNote = (name: string): string => `server CPU ${median(cpu.get(name)!).toFixed(1)} µs/req`;
    bench.record({
      name: 'guard.unguarded',
      value: median(open),
      unit: 'req/s',
      note: `GET, verified session, ${connections} connections, ${durationSeconds} s x ${rounds}; ${cpuNote('open')}`,
    });
    bench.record({
      name: 'guard.guarded',
      value: median(guarded),
      unit: 'req/s',
      note: `same route behind @RequireTwoFactor(); ${cpuNote('guarded')}`,
    });
    bench.ratio('ratio', medianRatio(guarded, open), 'guard.unguarded', { op: '>=', value: 0.95 });
    bench.record({
      name: 'guard.can_activate',
      value: median(Array.from({ length: 5 }, () => canActivateCost(app, 200_000))),
      unit: 'ns/call',
      note: 'TwoFactorGuard.canActivate alone, in process, verified session',
    });
  } finally {
    client.close();
    await load.close();
    await app.close();
  }
});
