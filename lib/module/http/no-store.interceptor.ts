import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { Observable } from 'rxjs';
import { NO_STORE_HEADERS } from '../errors/error-response';
import {
  linkResponse,
  responseStarted,
  setResponseHeader,
  type PlatformResponse,
} from '../session/http-platform';

/**
 * Sets `Cache-Control: no-store` before the handler runs, so success and error responses carry
 * it; and links the response to the request, where Fastify doesn't (the routes set cookies).
 */
@Injectable()
export class NoStoreInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() === 'http') {
      const http = context.switchToHttp();
      const res = http.getResponse<PlatformResponse>();
      setNoStore(res);
      linkResponse(http.getRequest<object>(), res);
    }
    return next.handle();
  }
}

/** `Cache-Control: no-store` (and `Pragma: no-cache` for old proxies), unless the response has started. */
export function setNoStore(res: PlatformResponse): void {
  if (!res || responseStarted(res)) return;
  for (const [name, value] of Object.entries(NO_STORE_HEADERS)) setResponseHeader(res, name, value);
}
