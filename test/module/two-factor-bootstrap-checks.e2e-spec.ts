import { Controller, Get, Post, type INestApplication, type LoggerService } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { startEmulator, type StartedEmulator } from '../../lib/emulator';
import { RequireTwoFactor, SendPin, TwoFactorConfigurationError, TwoFactorModule } from '../../lib/module';
import { createTestApp } from './two-factor-test-app';

const purposes = { login: { template: { messageText: 'Your code is {{pin}}' } } };

/** Every line the app logged, by level. */
class RecordingLogger implements LoggerService {
  readonly lines: string[] = [];
  log(message: unknown): void {
    this.lines.push(`log ${String(message)}`);
  }
  error(message: unknown, ...rest: unknown[]): void {
    this.lines.push(`error ${String(message)} ${rest.map(String).join(' ')}`);
  }
  warn(message: unknown): void {
    this.lines.push(`warn ${String(message)}`);
  }
}

describe('TwoFactorModule: mistakes found at bootstrap, not at request time', () => {
  describe('@SendPin purposes', () => {
    it('refuses a purpose declared on the controller class that the options lack', async () => {
      @Controller('payments')
      @SendPin('payment', () => '+41790000021', { userId: () => 'u' })
      class PaymentsController {
        @Post()
        pay(): { ok: true } {
          return { ok: true };
        }
      }
      const error = await createTestApp(
        TwoFactorModule.forRoot({ provider: { kind: 'local', console: false }, purposes }),
        { controllers: [PaymentsController] },
      ).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TwoFactorConfigurationError);
      expect((error as Error).message).toMatch(
        /^TwoFactorModule: purposes has no purpose "payment", which @SendPin\("payment"\) on PaymentsController starts/,
      );
    });

    it('starts when every @SendPin names a declared purpose', async () => {
      @Controller()
      class SignInController {
        @Post('login')
        @SendPin('login', () => '+41790000022', { userId: () => 'u' })
        login(): { ok: true } {
          return { ok: true };
        }
      }
      const app = await createTestApp(
        TwoFactorModule.forRoot({ provider: { kind: 'local', console: false }, purposes }),
        { controllers: [SignInController] },
      );
      await app.close();
    });
  });

  describe('provider.baseUrl', () => {
    let emulator: StartedEmulator;
    beforeAll(async () => {
      emulator = await startEmulator({ apiKey: 'bootstrap-key' });
    });
    afterAll(() => emulator.close());

    it("refuses a baseUrl that already ends in Infobip's API path, with its own fix", async () => {
      const error = await createTestApp(
        TwoFactorModule.forRoot({
          provider: { kind: 'infobip', baseUrl: `${emulator.url}/2fa/2`, apiKey: 'bootstrap-key' },
          purposes,
        }),
      ).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TwoFactorConfigurationError);
      expect((error as Error).message).toBe(
        "TwoFactorModule: provider.baseUrl must not contain Infobip's API path (got the path /2fa/2); " +
          `the client adds /2fa/2/... to every request. Fix: pass the base URL alone, e.g. "${emulator.url}"`,
      );
      expect(await emulator.emulator.engine.getApplications()).toEqual([]);
    });

    it('says to check provider.baseUrl when no 2FA API answers under its path', async () => {
      const error = await createTestApp(
        TwoFactorModule.forRoot({
          provider: { kind: 'infobip', baseUrl: `${emulator.url}/gateway`, apiKey: 'bootstrap-key' },
          purposes,
        }),
      ).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TwoFactorConfigurationError);
      expect((error as Error).message).toMatch(
        /HTTP 404 .*Fix: check provider\.baseUrl: no 2FA API answers there/,
      );
    });
  });

  describe('a 2FA route without express-session', () => {
    let app: INestApplication;
    const logger = new RecordingLogger();

    beforeAll(async () => {
      @Controller()
      class AccountController {
        @Get('account')
        @RequireTwoFactor()
        account(): { ok: true } {
          return { ok: true };
        }
      }
      const moduleRef = await Test.createTestingModule({
        imports: [TwoFactorModule.forRoot({ provider: { kind: 'local', console: false }, purposes })],
        controllers: [AccountController],
      }).compile();
      app = moduleRef.createNestApplication({ logger });
      await app.init();
    });
    afterAll(() => app.close());

    it.each([
      ['GET', '/2fa/status'],
      ['POST', '/2fa/verify'],
      ['POST', '/2fa/resend'],
      ['GET', '/account'],
    ])('%s %s fails the same way, logged once with the fix', async (method, path) => {
      logger.lines.length = 0;
      const server = request(app.getHttpServer());
      const res = await (method === 'GET' ? server.get(path) : server.post(path).send({ pin: '123456' }));
      expect(res.status).toBe(500);
      expect(res.body).toEqual({ statusCode: 500, message: 'Internal server error' });
      const logged = logger.lines.filter((line) => line.includes('req.session is missing'));
      expect(logged).toHaveLength(1);
      expect(logged[0]).toMatch(/^error .*Fix: mount express-session before Nest routes/);
    });
  });
});
