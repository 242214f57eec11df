import { applyDecorators, SetMetadata, UseInterceptors } from '@nestjs/common';
import type { Request } from 'express';
import type { PinChannel } from '../../infobip/infobip.types';
import { SEND_PIN_KEY } from '../two-factor.constants';
import { SendPinInterceptor } from '../send-pin.interceptor';

/**
 * Options of {@link SendPin}.
 * @typeParam TRequest - the request as the route's guards leave it (e.g. with `req.user`).
 */
export interface SendPinOptions<TRequest extends Request = Request> {
  /** Default: the purpose's `defaultChannel`. */
  channel?: PinChannel;
  /** The user id the challenge belongs to. Default: `req.user.id`, else `req.user.username`. */
  userId?: (req: TRequest) => string | Promise<string>;
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
 * @typeParam TRequest - the request as the route's guards leave it, so that the resolver can read
 * what they set: `@SendPin<Request & { user: User }>('login', (req) => req.user.phone)`.
 * @example
 * @Post('login')
 * @UseGuards(LocalAuthGuard)
 * @SkipTwoFactor()
 * @SendPin('login', (req) => req.user.phone)
 * login() { return { twoFactor: 'required' }; }
 */
export function SendPin<TRequest extends Request = Request>(
  purpose: string,
  resolveDestination: (req: TRequest) => string | Promise<string>,
  options: SendPinOptions<TRequest> = {},
): MethodDecorator & ClassDecorator {
  if (typeof purpose !== 'string' || purpose === '')
    throw new TypeError('SendPin: purpose must be a purpose name');
  if (typeof resolveDestination !== 'function') {
    throw new TypeError('SendPin: resolveDestination must be a function (req) => destination');
  }
  // The guards in front of the route made the request a TRequest; the interceptor reads it as such.
  const metadata = { purpose, resolveDestination, options } as unknown as SendPinMetadata;
  return applyDecorators(SetMetadata(SEND_PIN_KEY, metadata), UseInterceptors(SendPinInterceptor));
}
