import { ManualClock } from '../../engine/clock';
import { InfobipApiError } from '../../infobip/infobip-api.error';
import { AccountLimits, ACCOUNT_LIMITS } from './account-limits';

function refusal(run: () => void): InfobipApiError | undefined {
  try {
    run();
    return undefined;
  } catch (error) {
    return error as InfobipApiError;
  }
}

describe('AccountLimits', () => {
  it("publishes the spec's x-throttling-info", () => {
    expect(ACCOUNT_LIMITS).toEqual({
      'get-2fa-applications': { count: 50, windowMs: 600_000 },
      'create-2fa-application': { count: 20, windowMs: 600_000 },
      'get-2fa-application': { count: 100, windowMs: 600_000 },
      'update-2fa-application': { count: 40, windowMs: 600_000 },
      'create-2fa-email-message-template': { count: 20, windowMs: 600_000 },
      'update-2fa-email-message-template': { count: 40, windowMs: 600_000 },
    });
  });

  it('refuses the 21st application create in 10 minutes with 429 and the seconds to wait, until the clock moves', () => {
    const clock = new ManualClock();
    const limits = new AccountLimits(clock);
    for (let i = 0; i < 20; i++) limits.take('create-2fa-application');
    clock.advance(60_000);
    const refused = refusal(() => limits.take('create-2fa-application'));
    expect(refused).toMatchObject({ status: 429, messageId: 'TOO_MANY_REQUESTS', retryAfterSeconds: 540 });
    // Other operations count apart.
    expect(refusal(() => limits.take('get-2fa-applications'))).toBeUndefined();
    clock.advance(540_000 - 1);
    expect(refusal(() => limits.take('create-2fa-application'))).toMatchObject({ retryAfterSeconds: 1 });
    clock.advance(1);
    expect(refusal(() => limits.take('create-2fa-application'))).toBeUndefined();
  });

  it('never limits an operation without published limits', () => {
    const limits = new AccountLimits(new ManualClock());
    for (let i = 0; i < 1000; i++) limits.take('send-2fa-pin-code-over-sms');
    expect(refusal(() => limits.take('send-2fa-pin-code-over-sms'))).toBeUndefined();
  });
});
