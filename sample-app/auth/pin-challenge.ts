import { randomUUID } from 'node:crypto';
import type { Request } from 'express';
import type { TwoFactorService } from 'nestjs-infobip-2fa';
import { PURPOSES } from '../config/two-factor-options';
import { pinDestination, type User } from '../users/user';
import type { Registration } from '../users/user-input';
import type { UsersService } from '../users/users.service';
import { currentUser, logIn, logOut } from './request-user';

/** What a password sign-in needs next: a PIN, or nothing on a browser the user remembered. */
export type SignInStep = 'required' | 'remembered';

/**
 * Sends the PIN of a password sign-in: a `login` PIN, or a `registration` PIN while the phone
 * number is unconfirmed, so a user who lost the first code can still finish signing up. A
 * confirmed account signing in from a browser it asked to remember gets no PIN: the session is
 * verified at once (never enough for a step-up route).
 */
export async function sendSignInPin(
  twoFactor: TwoFactorService,
  req: Request,
  user: User,
): Promise<SignInStep> {
  const input = {
    purpose: user.verified ? PURPOSES.login : PURPOSES.registration,
    destination: pinDestination(user),
    userId: user.id,
  };
  if (user.verified && (await twoFactor.signInRemembered(req, input))) return 'remembered';
  await twoFactor.start(req, input);
  return 'required';
}

/**
 * Registers an account by texting a `registration` PIN to its phone; the account is stored only
 * once the provider accepted that PIN, so a registration refused (limits, country, provider down)
 * leaves nothing behind, and it expires unless the PIN is verified in time
 * (`UNCONFIRMED_ACCOUNT_LIFETIME_MS`).
 *
 * A taken username is answered the very same way, down to the PIN sent to the phone given,
 * the session cookie and what `/2fa/status`, `/2fa/verify` and `/2fa/resend` then answer:
 * nothing tells who has an account until the right PIN is entered (which needs the phone,
 * and costs a rate-limited message). That challenge belongs to no account (a random user id),
 * so verifying it opens nothing.
 *
 * The JSON API and the HTML pages both register through this function.
 */
export async function registerWithPin(
  users: UsersService,
  twoFactor: TwoFactorService,
  req: Request,
  registration: Registration,
): Promise<void> {
  // A number the 2FA module would refuse (country, range) is refused before anything else.
  twoFactor.checkDestination(PURPOSES.registration, pinDestination(registration));
  const account = await users.newAccount(registration, twoFactor.now());
  if (!(await users.isTaken(account.username))) {
    await logIn(req, account, twoFactor.now());
    try {
      await sendSignInPin(twoFactor, req, account);
    } catch (error) {
      // No PIN went out: no account, and the session is signed in as nobody.
      if (currentUser(req)) await logOut(req);
      throw error;
    }
    // Taken meanwhile by a parallel registration: this PIN then confirms nothing, like a
    // taken name's.
    await users.insert(account);
    return;
  }
  // The session must not stay signed in as whoever it was (e.g. a password-only sign-in):
  // verifying this PIN, sent to a phone the caller chose, would otherwise open that account.
  if (currentUser(req)) await logOut(req);
  // Like a new account's session, this one ends at the absolute timeout: even hours later,
  // nothing tells the two apart.
  req.session.signedInAt = twoFactor.now();
  await twoFactor.start(req, {
    purpose: PURPOSES.registration,
    destination: pinDestination(registration),
    userId: randomUUID(),
  });
}
