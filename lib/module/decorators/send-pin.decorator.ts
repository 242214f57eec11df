import { applyDecorators, SetMetadata, UseInterceptors } from '@nestjs/common';
import type { ResolvedRequest, TwoFactorRequest } from '../session/two-factor-request';
import { checkSendPinArguments } from '../service/request-user';
import { SEND_PIN_KEY } from '../options/two-factor.constants';
import { SendPinInterceptor } from '../http/send-pin.interceptor';
import type { SendPinMetadata, SendPinOptions } from '../http/send-pin.metadata';

export type { SendPinMetadata, SendPinOptions } from '../http/send-pin.metadata';

/**
 * After the handler has returned successfully, starts a challenge of `purpose`:
 * sends a PIN to the destination `resolveDestination` gives and keeps its state in
 * the session (whose id changes). If the handler throws, nothing is sent.
 *
 * @typeParam TRequest - the request as the route's guards leave it, so that the resolver can read
 * what they set: `@SendPin<TwoFactorRequest & { user: User }>('login', (req) => req.user.phone)`.
 * @example
 * @Post('login')
 * @UseGuards(LocalAuthGuard)
 * @SkipTwoFactor()
 * @SendPin('login', (req) => req.user.phone)
 * login() { return { twoFactor: 'required' }; }
 */
export function SendPin<TRequest extends TwoFactorRequest = ResolvedRequest>(
  purpose: string,
  resolveDestination: (req: TRequest) => string | Promise<string>,
  options: SendPinOptions<TRequest> = {},
): MethodDecorator & ClassDecorator {
  checkSendPinArguments('SendPin', purpose, resolveDestination);
  // The guards in front of the route made the request a TRequest; the interceptor reads it as such.
  const metadata = { purpose, resolveDestination, options } as unknown as SendPinMetadata;
  return applyDecorators(SetMetadata(SEND_PIN_KEY, metadata), UseInterceptors(SendPinInterceptor));
}
