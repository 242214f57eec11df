import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { concatMap, type Observable } from 'rxjs';
import type { SendPinMetadata } from './decorators/send-pin.decorator';
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
  protected async resolveUserId(req: Request, metadata: SendPinMetadata): Promise<string> {
    if (metadata.options.userId) return metadata.options.userId(req);
    const user = (req as { user?: { id?: unknown; username?: unknown } }).user;
    const id = user?.id ?? user?.username;
    if ((typeof id !== 'string' || id === '') && typeof id !== 'number') {
      throw new Error(
        `SendPin('${metadata.purpose}'): cannot tell the user: req.user has no id or username. ` +
          'Fix: authenticate before the handler (e.g. a passport guard) or pass options.userId: (req) => ...',
      );
    }
    return String(id);
  }
}
