import { ArgumentsHost, BadRequestException, HttpException, NotFoundException } from '@nestjs/common';
import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host';
import { ThrottlerException } from '@nestjs/throttler';
import { TwoFactorErrorsFilter, TwoFactorExceptionFilter } from '../http/two-factor-exception.filter';
import { TWO_FACTOR_ERROR_CODES, TWO_FACTOR_ERROR_STATUS } from './two-factor-error-code';
import { TwoFactorException } from './two-factor.exception';

/** A minimal express-like response that records what is written. */
function fakeResponse() {
  const res = {
    headersSent: false,
    statusCode: 200,
    headers: {} as Record<string, string>,
    body: undefined as unknown,
    setHeader(name: string, value: string) {
      res.headers[name.toLowerCase()] = value;
    },
    status(code: number) {
      res.statusCode = code;
      return res;
    },
    json(body: unknown) {
      res.body = body;
      return res;
    },
  };
  return res;
}

function httpHost(res: unknown): ArgumentsHost {
  return new ExecutionContextHost([{}, res, undefined]);
}

describe('TwoFactorException', () => {
  it('maps every code to its status and a safe default message', () => {
    for (const code of TWO_FACTOR_ERROR_CODES) {
      const exception = TwoFactorException.create(code);
      expect(exception).toBeInstanceOf(HttpException);
      expect(exception.getStatus()).toBe(TWO_FACTOR_ERROR_STATUS[code]);
      expect(exception.toBody()).toEqual({
        statusCode: TWO_FACTOR_ERROR_STATUS[code],
        code,
        message: expect.any(String),
      });
    }
    expect(TWO_FACTOR_ERROR_STATUS).toMatchObject({
      bad_request: 400,
      two_factor_required: 401,
      invalid_credentials: 401,
      invalid_pin: 401,
      pin_expired: 401,
      too_many_attempts: 403,
      no_challenge: 409,
      rate_limited: 429,
      provider_unavailable: 503,
    });
  });

  it('rounds Retry-After up to whole seconds, at least 1', () => {
    expect(TwoFactorException.create('rate_limited', undefined, 2.1).retryAfterSeconds).toBe(3);
    expect(TwoFactorException.create('rate_limited', undefined, 0).retryAfterSeconds).toBe(1);
    expect(TwoFactorException.create('rate_limited').retryAfterSeconds).toBeUndefined();
  });

  it('refuses unknown codes', () => {
    expect(() => TwoFactorException.create('oops' as never)).toThrow(/unknown two-factor error code/);
  });
});

describe('TwoFactorExceptionFilter', () => {
  it('renders the body, Retry-After and no-store', () => {
    const res = fakeResponse();
    new TwoFactorExceptionFilter().catch(
      TwoFactorException.create('rate_limited', 'Slow down.', 30),
      httpHost(res),
    );
    expect(res.statusCode).toBe(429);
    expect(res.body).toEqual({ statusCode: 429, code: 'rate_limited', message: 'Slow down.' });
    expect(res.headers).toMatchObject({ 'retry-after': '30', 'cache-control': 'no-store' });
  });

  it('leaves a response that already started alone', () => {
    const res = fakeResponse();
    res.headersSent = true;
    new TwoFactorExceptionFilter().catch(TwoFactorException.create('invalid_pin'), httpHost(res));
    expect(res.body).toBeUndefined();
  });
});

describe('TwoFactorErrorsFilter', () => {
  const filter = new TwoFactorErrorsFilter();
  it.each([
    [new BadRequestException('Unexpected token'), 400, 'bad_request', 'The request is malformed.'],
    [
      Object.assign(new Error('request entity too large'), {
        status: 413,
        statusCode: 413,
        expose: true,
        type: 'entity.too.large',
      }),
      400,
      'bad_request',
      'The request body is too large.',
    ],
    [new ThrottlerException(), 429, 'rate_limited', 'Too many requests. Try again later.'],
    [TwoFactorException.create('no_challenge'), 409, 'no_challenge', 'There is no verification in progress.'],
  ])('renders %s in the module format', (exception, status, code, message) => {
    const res = fakeResponse();
    filter.catch(exception, httpHost(res));
    expect(res.statusCode).toBe(status);
    expect(res.body).toEqual({ statusCode: status, code, message });
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('leaves other errors to Nest (no details of the error in the body)', () => {
    const replies: unknown[] = [];
    const adapter = {
      isHeadersSent: () => false,
      reply: (_res: unknown, body: unknown, status: number) => replies.push({ body, status }),
      end: () => undefined,
    };
    const res = fakeResponse();
    new TwoFactorErrorsFilter(adapter as never).catch(new NotFoundException(), httpHost(res));
    expect(replies).toEqual([{ status: 404, body: { statusCode: 404, message: 'Not Found' } }]);
  });
});
