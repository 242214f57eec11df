import type { ResolvedRequest, TwoFactorRequest } from '../session/two-factor-request';
import type { PinChannel } from '../../infobip/infobip.types';

/**
 * Options of `@SendPin()`.
 * @typeParam TRequest - the request as the route's guards leave it (e.g. with `req.user`).
 */
export interface SendPinOptions<TRequest extends TwoFactorRequest = ResolvedRequest> {
  /** @default the purpose's `defaultChannel` */
  channel?: PinChannel;
  /** The user id the challenge belongs to. @default `req.user.id`, else `req.user.username` */
  userId?: (req: TRequest) => string | Promise<string>;
}

/** What `@SendPin()` records, and the interceptor reads. */
export interface SendPinMetadata {
  purpose: string;
  resolveDestination: (req: TwoFactorRequest) => string | Promise<string>;
  options: SendPinOptions;
}
