/** Map of field path to messages, as in Infobip's `validationErrors`. */
export type ValidationErrors = Record<string, string[]>;

/** What an {@link InfobipApiError} is made of. */
export interface InfobipApiErrorInit {
  /** HTTP status; 0 when no HTTP answer arrived (network failure, timeout). */
  status: number;
  /** Infobip's error id, e.g. `BAD_REQUEST`, `TOO_MANY_REQUESTS`, or one of ours for transport faults. */
  messageId: string;
  /** Human-readable description; never contains credentials. */
  text: string;
  validationErrors?: ValidationErrors;
  /** From a `Retry-After` header or a limit window, when known. */
  retryAfterSeconds?: number;
  /** The `TwoFactorApi` method that failed, when known (named in the message). */
  operation?: string;
  /** Underlying failure, reduced to safe fields (never an HTTP client error carrying request headers). */
  cause?: Error;
}

/** `messageId`s used for failures that are not answers from Infobip. */
export const TRANSPORT_ERROR_IDS = {
  network: 'NETWORK_ERROR',
  timeout: 'TIMEOUT',
  invalidResponse: 'INVALID_RESPONSE',
  invalidRequest: 'INVALID_REQUEST',
} as const;

const STANDARD_TEXTS: Record<number, [string, string]> = {
  400: ['BAD_REQUEST', 'Bad request'],
  401: ['UNAUTHORIZED', 'Unauthorized'],
  403: ['FORBIDDEN', 'Forbidden'],
  404: ['NOT_FOUND', 'Not found'],
  405: ['METHOD_NOT_ALLOWED', 'Method not allowed'],
  413: ['PAYLOAD_TOO_LARGE', 'Request body too large'],
  429: ['TOO_MANY_REQUESTS', 'Too many requests'],
  500: ['GENERAL_ERROR', 'Something went wrong. Please contact support.'],
};

/**
 * An error answered by Infobip's 2FA API (or by the embedded engine, with the
 * status Infobip would answer), or a transport failure (`status` 0).
 *
 * It carries only what is safe to log: no request headers, no API key, no
 * request body.
 */
export class InfobipApiError extends Error {
  override readonly name = 'InfobipApiError';
  readonly status: number;
  readonly messageId: string;
  readonly text: string;
  readonly validationErrors?: ValidationErrors;
  readonly retryAfterSeconds?: number;
  readonly operation?: string;

  constructor(init: InfobipApiErrorInit) {
    super(InfobipApiError.describe(init), init.cause ? { cause: init.cause } : undefined);
    this.status = init.status;
    this.messageId = init.messageId;
    this.text = init.text;
    if (init.validationErrors) this.validationErrors = init.validationErrors;
    if (init.retryAfterSeconds !== undefined) this.retryAfterSeconds = init.retryAfterSeconds;
    if (init.operation !== undefined) this.operation = init.operation;
  }

  /** An error with Infobip's standard `messageId` and text for `status`. */
  static of(status: number, text?: string, validationErrors?: ValidationErrors): InfobipApiError {
    const [messageId, standardText] = STANDARD_TEXTS[status] ?? ['GENERAL_ERROR', `HTTP ${status}`];
    return new InfobipApiError({ status, messageId, text: text ?? standardText, validationErrors });
  }

  /** 400 BAD_REQUEST, optionally with validation errors. */
  static badRequest(text = 'Bad request', validationErrors?: ValidationErrors): InfobipApiError {
    return InfobipApiError.of(400, text, validationErrors);
  }

  /** 404 NOT_FOUND. */
  static notFound(text = 'Not found'): InfobipApiError {
    return InfobipApiError.of(404, text);
  }

  /** 429 TOO_MANY_REQUESTS with the seconds until the window reopens. */
  static tooManyRequests(retryAfterSeconds?: number): InfobipApiError {
    return new InfobipApiError({
      status: 429,
      messageId: 'TOO_MANY_REQUESTS',
      text: 'Too many requests',
      retryAfterSeconds,
    });
  }

  /** Infobip's legacy error envelope, as the API and the emulator answer it. */
  toResponseBody(): {
    requestError: {
      serviceException: { messageId: string; text: string; validationErrors?: ValidationErrors };
    };
  } {
    const serviceException: { messageId: string; text: string; validationErrors?: ValidationErrors } = {
      messageId: this.messageId,
      text: this.text,
    };
    if (this.validationErrors) serviceException.validationErrors = this.validationErrors;
    return { requestError: { serviceException } };
  }

  /** Plain, secret-free form for `JSON.stringify` and loggers. */
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      status: this.status,
      messageId: this.messageId,
      text: this.text,
      ...(this.validationErrors ? { validationErrors: this.validationErrors } : {}),
      ...(this.retryAfterSeconds !== undefined ? { retryAfterSeconds: this.retryAfterSeconds } : {}),
      ...(this.operation !== undefined ? { operation: this.operation } : {}),
    };
  }

  private static describe(init: InfobipApiErrorInit): string {
    const where = `${init.operation ? `${init.operation}, ` : ''}${init.status ? `HTTP ${init.status}` : 'no HTTP answer'}`;
    return `Infobip 2FA API error (${where}, ${init.messageId}): ${init.text}`;
  }
}
