import { Controller, Get, HttpException, Logger, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host';
import { Test, type TestingModule } from '@nestjs/testing';
import { ManualClock } from '../../engine/clock';
import { RequireTwoFactor, SkipTwoFactor } from '../decorators';
import { TwoFactorController } from './two-factor.controller';
import { TwoFactorException } from '../errors/two-factor.exception';
import { TwoFactorGuard } from './two-factor.guard';
import { TwoFactorModule } from '../nest/two-factor.module';
import { TwoFactorService } from '../service/two-factor.service';
import type { TwoFactorSessionState } from '../session/two-factor-session';

@Controller()
@RequireTwoFactor()
class RequiredByClass {
  @Get() plain() {}
  @Get() @SkipTwoFactor() skipped() {}
  @Get() @RequireTwoFactor({ maxAge: '1m' }) recent() {}
}

@Controller()
@SkipTwoFactor()
class SkippedByClass {
  @Get() plain() {}
  @Get() @RequireTwoFactor() required() {}
}

@Controller()
class Undecorated {
  @Get() plain() {}
}

const T0 = Date.UTC(2026, 0, 1);

function session(state?: Partial<TwoFactorSessionState>) {
  const twoFactor = state && {
    purpose: 'login',
    userId: 'u',
    channel: 'sms',
    destination: '41793026727',
    maskedDestination: '+*******6727',
    startedAt: T0,
    resends: 0,
    ...state,
  };
  return { session: { regenerate() {}, ...(twoFactor ? { twoFactor } : {}) } };
}
const anonymous = { session: { regenerate() {} } };
const pending = session({ state: 'pending', pinId: 'p' });
const verifiedNow = session({ state: 'verified', verifiedAt: T0 });
const verifiedLongAgo = session({ state: 'verified', verifiedAt: T0 - 2 * 60_000 });

function contextOf(req: object, cls: object, handler: string) {
  const type = cls as { prototype: Record<string, () => void> };
  return new ExecutionContextHost([req, {}, undefined], type as never, type.prototype[handler]);
}

describe('TwoFactorGuard', () => {
  let moduleRef: TestingModule;
  let guard: TwoFactorGuard;

  async function compile(requireByDefault = false) {
    moduleRef = await Test.createTestingModule({
      imports: [
        TwoFactorModule.forRoot({
          provider: { kind: 'local', console: false },
          purposes: { login: {} },
          clock: new ManualClock(T0),
          requireByDefault,
        }),
      ],
    }).compile();
    guard = moduleRef.get(TwoFactorGuard);
  }
  const decide = (req: object, cls: object, handler: string): number => {
    try {
      return guard.canActivate(contextOf(req, cls, handler)) ? 200 : 403;
    } catch (error) {
      expect(error).toBeInstanceOf(TwoFactorException);
      expect((error as TwoFactorException).code).toBe('two_factor_required');
      return 401;
    }
  };

  afterEach(() => moduleRef?.close());

  it('resolves the most specific of handler and class metadata', async () => {
    await compile();
    expect(decide(anonymous, RequiredByClass, 'plain')).toBe(401);
    expect(decide(verifiedNow, RequiredByClass, 'plain')).toBe(200);
    expect(decide(anonymous, RequiredByClass, 'skipped')).toBe(200);
    expect(decide(anonymous, SkippedByClass, 'plain')).toBe(200);
    expect(decide(anonymous, SkippedByClass, 'required')).toBe(401);
    expect(decide(verifiedNow, SkippedByClass, 'required')).toBe(200);
  });

  it('applies maxAge with the module clock', async () => {
    await compile();
    expect(decide(verifiedNow, RequiredByClass, 'recent')).toBe(200);
    expect(decide(verifiedLongAgo, RequiredByClass, 'recent')).toBe(401);
    expect(decide(verifiedLongAgo, RequiredByClass, 'plain')).toBe(200);
  });

  it('confines pending sessions to the 2FA controller and skipped routes', async () => {
    await compile();
    expect(decide(pending, Undecorated, 'plain')).toBe(401);
    expect(decide(pending, RequiredByClass, 'plain')).toBe(401);
    expect(decide(pending, RequiredByClass, 'skipped')).toBe(200);
    expect(decide(pending, SkippedByClass, 'plain')).toBe(200);
    expect(decide(pending, TwoFactorController, 'verify')).toBe(200);
    expect(decide(anonymous, Undecorated, 'plain')).toBe(200);
    expect(decide({}, Undecorated, 'plain')).toBe(200);
  });

  it('requires a verified session everywhere but skipped routes with requireByDefault', async () => {
    await compile(true);
    expect(decide(anonymous, Undecorated, 'plain')).toBe(401);
    expect(decide(verifiedNow, Undecorated, 'plain')).toBe(200);
    expect(decide(anonymous, SkippedByClass, 'plain')).toBe(200);
  });

  it('fails loudly on a guarded route without express-session', async () => {
    await compile();
    jest.spyOn(Logger.prototype, 'error').mockImplementationOnce(() => undefined);
    expect(() => guard.canActivate(contextOf({}, RequiredByClass, 'plain'))).toThrow(/mount express-session/);
  });

  it('reads NODE_ENV when the module starts, not on each request', async () => {
    const env = process.env.NODE_ENV;
    process.env.NODE_ENV = 'production';
    try {
      await compile();
    } finally {
      process.env.NODE_ENV = env;
    }
    class MemoryStore {}
    jest.spyOn(Logger.prototype, 'error').mockImplementationOnce(() => undefined);
    const onMemoryStore = { ...verifiedNow, sessionStore: new MemoryStore() };
    expect(() => guard.canActivate(contextOf(onMemoryStore, RequiredByClass, 'plain'))).toThrow(
      /in-memory store in production/,
    );
  });

  it('keeps the metadata of an inherited handler apart per class', async () => {
    await compile();
    @Controller()
    @SkipTwoFactor()
    class Inheriting extends RequiredByClass {}
    expect(decide(anonymous, RequiredByClass, 'plain')).toBe(401);
    expect(decide(anonymous, Inheriting, 'plain')).toBe(200);
    expect(decide(anonymous, RequiredByClass, 'plain')).toBe(401);
  });

  it('refuses through a protected hook that a subclass can override', async () => {
    await compile();
    class RedirectingGuard extends TwoFactorGuard {
      protected override throwTwoFactorRefusal(
        _context: ExecutionContext,
        refusal: TwoFactorException,
      ): never {
        throw new HttpException({ redirect: '/verify', code: refusal.code }, 303);
      }
    }
    const redirecting = new RedirectingGuard(moduleRef.get(TwoFactorService), moduleRef.get(Reflector));
    expect(() => redirecting.canActivate(contextOf(pending, RequiredByClass, 'plain'))).toThrow(
      expect.objectContaining({
        status: 303,
        response: { redirect: '/verify', code: 'two_factor_required' },
      }),
    );
    expect(redirecting.canActivate(contextOf(verifiedNow, RequiredByClass, 'plain'))).toBe(true);
  });

  it('lets non-HTTP contexts through', async () => {
    await compile();
    const context = contextOf(anonymous, RequiredByClass, 'plain');
    context.setType('rpc');
    expect(guard.canActivate(context)).toBe(true);
  });

  it('refuses a malformed maxAge when the decorator is applied', () => {
    expect(() => RequireTwoFactor({ maxAge: '15 minutes' })).toThrow(
      /RequireTwoFactor maxAge must be a duration like "5m"/,
    );
  });
});
