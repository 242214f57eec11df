import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { Response } from 'express';
import type { Observable } from 'rxjs';

/** Sets `Cache-Control: no-store` before the handler runs, so success and error responses carry it. */
@Injectable()
export class NoStoreInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() === 'http') setNoStore(context.switchToHttp().getResponse<Response>());
    return next.handle();
  }
}

/** `Cache-Control: no-store` (and `Pragma: no-cache` for old proxies), unless the response has started. */
export function setNoStore(res: Response): void {
  if (res && !res.headersSent && typeof res.setHeader === 'function') {
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Pragma', 'no-cache');
  }
}
