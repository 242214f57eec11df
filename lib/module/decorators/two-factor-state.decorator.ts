import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { TwoFactorRequest } from '../session/two-factor-request';
import { readTwoFactorState, toTwoFactorStatus } from '../session/two-factor-session';

/**
 * Injects the session's {@link TwoFactorStatus} into a handler parameter.
 *
 * @example
 * @Get('me')
 * me(@TwoFactorState() twoFactor: TwoFactorStatus) { return { twoFactor }; }
 */
export const TwoFactorState = createParamDecorator((_data: unknown, context: ExecutionContext) =>
  toTwoFactorStatus(readTwoFactorState(context.switchToHttp().getRequest<TwoFactorRequest>())),
);
