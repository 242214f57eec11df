import { HttpException } from '@nestjs/common';
import {
  TWO_FACTOR_ERROR_MESSAGES,
  TWO_FACTOR_ERROR_STATUS,
  type TwoFactorErrorCode,
} from './two-factor-error-code';

/** Body of every error the module answers. */
export interface TwoFactorErrorBody {
  statusCode: number;
  code: TwoFactorErrorCode;
  message: string;
}

/**
 * A request-time failure of two-factor authentication, rendered by
 * {@link TwoFactorExceptionFilter} as `{ statusCode, code, message }` (plus a
 * `Retry-After` header when `retryAfterSeconds` is set).
 *
 * @example
 * throw TwoFactorException.create('rate_limited', undefined, 30);
 */
export class TwoFactorException extends HttpException {
  override readonly name = 'TwoFactorException';

  private constructor(
    readonly code: TwoFactorErrorCode,
    message: string,
    /** Seconds the client should wait, sent as `Retry-After`. */
    readonly retryAfterSeconds?: number,
  ) {
    const statusCode = TWO_FACTOR_ERROR_STATUS[code];
    super({ statusCode, code, message } satisfies TwoFactorErrorBody, statusCode);
  }

  /**
   * @param code machine code; fixes the HTTP status.
   * @param message defaults to a safe generic text for the code. Never put a PIN,
   *   pinId, API key or full destination in it: it goes to the client.
   * @param retryAfterSeconds rounded up to a whole number of seconds, at least 1.
   */
  static create(code: TwoFactorErrorCode, message?: string, retryAfterSeconds?: number): TwoFactorException {
    if (!(code in TWO_FACTOR_ERROR_STATUS))
      throw new TypeError(`unknown two-factor error code: ${String(code)}`);
    const retry =
      retryAfterSeconds === undefined || !Number.isFinite(retryAfterSeconds)
        ? undefined
        : Math.max(1, Math.ceil(retryAfterSeconds));
    return new TwoFactorException(code, message ?? TWO_FACTOR_ERROR_MESSAGES[code], retry);
  }

  /** The response body. */
  toBody(): TwoFactorErrorBody {
    return this.getResponse() as TwoFactorErrorBody;
  }
}
