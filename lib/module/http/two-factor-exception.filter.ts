import { Catch, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import { errorResponseOf, toTwoFactorException } from '../errors/error-response';
import {
  responseStarted,
  sendJson,
  setResponseHeader,
  type PlatformResponse,
} from '../session/http-platform';
import { setNoStore } from './no-store.interceptor';
import { TwoFactorException, type TwoFactorErrorBody } from '../errors/two-factor.exception';

/** Writes a module error: `{ statusCode, code, message }`, `Retry-After` when set, `Cache-Control: no-store`. */
export function renderTwoFactorException(exception: TwoFactorException, res: PlatformResponse): void {
  if (responseStarted(res)) return;
  const { status, headers, body } = errorResponseOf(exception);
  for (const [name, value] of Object.entries(headers)) setResponseHeader(res, name, value);
  sendJson(res, status, body);
}

/**
 * Renders {@link TwoFactorException} wherever it is thrown (the guard's 401s on
 * application routes included). Registered globally by the module; it catches
 * nothing else, so the application's own filters keep working.
 */
@Catch(TwoFactorException)
export class TwoFactorExceptionFilter implements ExceptionFilter {
  catch(exception: TwoFactorException, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    renderTwoFactorException(exception, host.switchToHttp().getResponse<PlatformResponse>());
  }
}

/**
 * Renders every error in the module's format: {@link TwoFactorException} as is,
 * Nest's and the body parser's 400 / 413 / 415 / 422 as `bad_request`, 429 as
 * `rate_limited`; anything else goes to Nest's default handling (500s are
 * logged, never detailed to the client). Always with `Cache-Control: no-store`.
 *
 * Scoped to the 2FA controller by the module. Body-parser errors (malformed or
 * too large JSON) happen before any route, so to render those too, register it
 * globally:
 *
 * @example
 * const app = await NestFactory.create(AppModule);
 * app.useGlobalFilters(new TwoFactorErrorsFilter(app.get(HttpAdapterHost).httpAdapter));
 */
@Catch()
export class TwoFactorErrorsFilter extends BaseExceptionFilter {
  override catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') return super.catch(exception, host);
    const res = host.switchToHttp().getResponse<PlatformResponse>();
    const mapped = this.toTwoFactorException(exception);
    if (mapped) return renderTwoFactorException(mapped, res);
    setNoStore(res);
    return super.catch(exception, host);
  }

  /** The module error an exception stands for, or `undefined` to leave it to Nest. */
  protected toTwoFactorException(exception: unknown): TwoFactorException | undefined {
    return toTwoFactorException(exception);
  }
}

export type { TwoFactorErrorBody };
