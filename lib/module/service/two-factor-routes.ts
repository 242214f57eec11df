import type { TwoFactorRequest } from '../session/two-factor-request';
import { ipLimitSubject } from '../destinations/client-ip';
import { sessionIdOf } from '../session/http-platform';
import { isRecord } from '../options/option-checks';
import { TwoFactorException } from '../errors/two-factor.exception';
import type { TwoFactorService } from './two-factor.service';
import { readTwoFactorState, type TwoFactorStatus } from '../session/two-factor-session';

/**
 * The verify, resend and status routes, whatever the framework: bodies are checked by hand
 * (anything but a JSON object, or fields of the wrong type, is 400 `bad_request` and nothing
 * reaches the provider), then the service answers.
 */
export const twoFactorRoutes = {
  /**
   * `POST verify {pin, rememberDevice?}` -> 200 `{ verified: true }`;
   * `POST verify {recoveryCode, rememberDevice?}` -> 200 `{ verified: true, recoveryCodesLeft }`.
   */
  verify(
    service: TwoFactorService,
    req: TwoFactorRequest,
    body: unknown,
  ): Promise<{ verified: true } | { verified: true; recoveryCodesLeft: number }> {
    const pin = isRecord(body) && 'pin' in body;
    const recoveryCode = isRecord(body) && 'recoveryCode' in body;
    if (!isRecord(body) || pin === recoveryCode) {
      throw TwoFactorException.create(
        'bad_request',
        'The body must be a JSON object with either a "pin" or a "recoveryCode" string.',
      );
    }
    const { rememberDevice } = body;
    if (rememberDevice !== undefined && typeof rememberDevice !== 'boolean') {
      throw TwoFactorException.create('bad_request', 'rememberDevice must be a boolean.');
    }
    const options = { rememberDevice: rememberDevice === true };
    return pin
      ? service.verify(req, body.pin, options)
      : service.verifyRecoveryCode(req, body.recoveryCode, options);
  },

  /** `POST resend {channel?}` -> 202 status. */
  resend(service: TwoFactorService, req: TwoFactorRequest, body: unknown): Promise<TwoFactorStatus> {
    if (body !== undefined && !isRecord(body)) {
      throw TwoFactorException.create('bad_request', 'The body must be a JSON object.');
    }
    const channel = body?.channel;
    if (channel !== undefined && typeof channel !== 'string') {
      throw TwoFactorException.create('bad_request', 'channel must be a string.');
    }
    return service.resend(req, channel);
  },

  /** `POST recovery-codes` -> 201 `{ codes }` (a verification at most 5 minutes old). */
  async createRecoveryCodes(service: TwoFactorService, req: TwoFactorRequest): Promise<{ codes: string[] }> {
    return { codes: await service.createRecoveryCodes(req) };
  },

  /** `POST devices/forget` -> 204, every remembered device of the session's user forgotten. */
  async forgetDevices(service: TwoFactorService, req: TwoFactorRequest): Promise<void> {
    const state = readTwoFactorState(req);
    if (!state || !service.isVerified(req)) throw TwoFactorException.create('two_factor_required');
    await service.forgetDevices(req, state.userId);
  },
};

/**
 * Whom the throttling of the 2FA routes counts: the session while a challenge is pending (a
 * fresh cookie-less session id would be new on every request), else the client IP (IPv6 per
 * /64); `undefined` when neither is known.
 */
export function throttleSubject(req: unknown, ip: string | undefined): string | undefined {
  const sessionId = sessionIdOf(req);
  if (readTwoFactorState(req as TwoFactorRequest) && sessionId) return `session:${sessionId}`;
  return ip === undefined ? undefined : `ip:${ipLimitSubject(ip)}`;
}
