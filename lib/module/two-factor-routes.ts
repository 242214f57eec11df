import type { Request } from 'express';
import { isRecord } from './option-checks';
import { TwoFactorException } from './two-factor.exception';
import type { TwoFactorService } from './two-factor.service';
import type { TwoFactorStatus } from './two-factor-session';

/**
 * The verify, resend and status routes, whatever the framework: bodies are checked by hand
 * (anything but a JSON object, or fields of the wrong type, is 400 `bad_request` and nothing
 * reaches the provider), then the service answers.
 */
export const twoFactorRoutes = {
  /** `POST verify {pin}` -> 200 `{ verified: true }`. */
  verify(service: TwoFactorService, req: Request, body: unknown): Promise<{ verified: true }> {
    if (!isRecord(body) || !('pin' in body)) {
      throw TwoFactorException.create('bad_request', 'The body must be a JSON object with a "pin" string.');
    }
    return service.verify(req, body.pin);
  },

  /** `POST resend {channel?}` -> 202 status. */
  resend(service: TwoFactorService, req: Request, body: unknown): Promise<TwoFactorStatus> {
    if (body !== undefined && !isRecord(body)) {
      throw TwoFactorException.create('bad_request', 'The body must be a JSON object.');
    }
    const channel = body?.channel;
    if (channel !== undefined && typeof channel !== 'string') {
      throw TwoFactorException.create('bad_request', 'channel must be a string.');
    }
    return service.resend(req, channel);
  },
};
