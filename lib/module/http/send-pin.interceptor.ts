import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { TwoFactorRequest } from '../session/two-factor-request';
import { catchError, concatMap, type Observable } from 'rxjs';
import type { SendPinMetadata } from './send-pin.metadata';
import { errorResponseOf } from '../errors/error-response';
import { responseStarted, setResponseHeader, type PlatformResponse } from '../session/http-platform';
import { requestUserId } from '../service/request-user';
import { TwoFactorException } from '../errors/two-factor.exception';
import { SEND_PIN_KEY } from '../options/two-factor.constants';
import { TwoFactorService } from '../service/two-factor.service';

/**
 * Runs `@SendPin()`: once the handler has produced its result, starts the
 * challenge, then lets the result through. A handler that throws sends nothing.
 */
@Injectable()
export class SendPinInterceptor implements NestInterceptor {
  constructor(
    protected readonly service: TwoFactorService,
    protected readonly reflector: Reflector,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const metadata = this.reflector.getAllAndOverride<SendPinMetadata | undefined>(SEND_PIN_KEY, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!metadata || context.getType() !== 'http') return next.handle();
    const req = context.switchToHttp().getRequest<TwoFactorRequest>();
    return next.handle().pipe(
      concatMap(async (result) => {
        await this.service.start(req, {
          purpose: metadata.purpose,
          destination: await metadata.resolveDestination(req),
          userId: await this.resolveUserId(req, metadata),
          ...(metadata.options.channel ? { channel: metadata.options.channel } : {}),
        });
        return result;
      }),
      catchError((error: unknown) => {
        if (error instanceof TwoFactorException) this.setErrorHeaders(context, error);
        throw error;
      }),
    );
  }

  /**
   * `Retry-After` and `Cache-Control: no-store` of a module error, set here so that they are sent
   * whichever filter renders the error (the app's own, or Nest's).
   */
  protected setErrorHeaders(context: ExecutionContext, error: TwoFactorException): void {
    const res = context.switchToHttp().getResponse<PlatformResponse>();
    if (responseStarted(res)) return;
    for (const [name, value] of Object.entries(errorResponseOf(error).headers))
      setResponseHeader(res, name, value);
  }

  /** The user the challenge belongs to. */
  protected resolveUserId(req: TwoFactorRequest, metadata: SendPinMetadata): Promise<string> {
    return requestUserId(req, metadata.purpose, metadata.options.userId);
  }
}
