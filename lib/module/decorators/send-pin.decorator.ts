import { applyDecorators, SetMetadata, UseInterceptors } from '@nestjs/common';
import type { Request } from 'express';
import type { PinChannel } from '../../infobip/infobip.types';
import { checkSendPinArguments } from '../request-user';
import { SEND_PIN_KEY } from '../two-factor.constants';
import { SendPinInterceptor } from '../send-pin.interceptor';

/** Options of {@link SendPin}. */
export interface SendPinOptions {
  /** Default: the purpose's `defaultChannel`. */
  channel?: PinChannel;
  /** The user id the challenge belongs to. Default: `req.user.id`, else `req.user.username`. */
  userId?: (req: Request) => string | Promise<string>;
}

/** What `@SendPin()` records. */
export interface SendPinMetadata {
  purpose: string;
  resolveDestination: (req: Request) => string | Promise<string>;
  options: SendPinOptions;
}

/**
 * After the handler has returned successfully, starts a challenge of `purpose`:
 * sends a PIN to the destination `resolveDestination` gives and keeps its state in
 * the session (whose id changes). If the handler throws, nothing is sent.
 *
 * @example
 * @Post('login')
 * @UseGuards(LocalAuthGuard)
 * @SkipTwoFactor()
 * @SendPin('login', (req) => req.user.phone)
 * login() { return { twoFactor: 'required' }; }
 */
export function SendPin(
  purpose: string,
  resolveDestination: (req: Request) => string | Promise<string>,
  options: SendPinOptions = {},
): MethodDecorator & ClassDecorator {
  checkSendPinArguments('SendPin', purpose, resolveDestination);
  const metadata: SendPinMetadata = { purpose, resolveDestination, options };
  return applyDecorators(SetMetadata(SEND_PIN_KEY, metadata), UseInterceptors(SendPinInterceptor));
}
