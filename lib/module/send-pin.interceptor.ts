import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { concatMap, type Observable } from 'rxjs';
import type { SendPinMetadata } from './decorators/send-pin.decorator';
import { requestUserId } from './request-user';
import { SEND_PIN_KEY } from './two-factor.constants';
import { TwoFactorService } from './two-factor.service';

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
    const req = context.switchToHttp().getRequest<Request>();
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
    );
  }

  /** The user the challenge belongs to. */
  protected resolveUserId(req: Request, metadata: SendPinMetadata): Promise<string> {
    return requestUserId(req, metadata.purpose, metadata.options.userId);
  }
}
