import type { Request } from 'express';
import { TwoFactorException, type TwoFactorService } from 'nestjs-infobip-2fa';
import { sendSignInPin, type SignInStep } from '../auth/pin-challenge';
import type { User } from '../users/user';
import { setFlash } from './page-session';
import { startErrorText } from './pin-messages';

/**
 * Sends the PIN of a password sign-in ({@link sendSignInPin}), as `POST /auth/login` does.
 * A refusal (lockout, limits, provider down) becomes the verify page's message; the session
 * stays pending either way.
 */
export async function startPin(twoFactor: TwoFactorService, req: Request, user: User): Promise<SignInStep> {
  try {
    return await sendSignInPin(twoFactor, req, user);
  } catch (error) {
    if (!(error instanceof TwoFactorException)) throw error;
    setFlash(req, { kind: 'error', text: startErrorText(error) });
    return 'required';
  }
}
