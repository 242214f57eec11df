import type { PasswordHash } from './password';

/** An account of the sample app. */
export interface User {
  /** Random id; the only thing the session stores about the user. */
  id: string;
  /** Lower-case, unique. */
  username: string;
  /** E.164, e.g. `+41791236727`. */
  phone: string;
  password: PasswordHash;
  /** False until the registration PIN was verified; only then can the account be used. */
  verified: boolean;
  /**
   * While unconfirmed: when the account disappears, username and all (epoch ms, the 2FA
   * module's clock). Cleared when the registration PIN is verified.
   */
  expiresAt?: number;
}

/** The digits Infobip expects as a PIN destination: E.164 without the `+`. */
export function pinDestination(user: Pick<User, 'phone'>): string {
  return user.phone.slice(1);
}
