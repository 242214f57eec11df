import type { TwoFactorService } from 'nestjs-infobip-2fa';
import type { User } from '../users/user';
import { maskPhone } from '../users/phone';

/** What `GET /account` shows: never the full phone number. */
export interface AccountView {
  username: string;
  /** Masked, e.g. `+41*****6727`. */
  phone: string;
  /** Unused recovery codes (`POST /2fa/recovery-codes` makes 10). */
  recoveryCodesLeft: number;
}

/** The answer of `GET /account` for the signed-in, verified `user`. */
export async function accountView(twoFactor: TwoFactorService, user: User): Promise<AccountView> {
  return {
    username: user.username,
    phone: maskPhone(user.phone),
    recoveryCodesLeft: await twoFactor.recoveryCodesLeft(user.id),
  };
}
