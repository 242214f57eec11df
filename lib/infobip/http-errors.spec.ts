import { errorFromAnswer, parseRetryAfter, parseSuccessBody } from './http-errors';

const NOW = Date.parse('2026-01-01T00:00:00Z');
const keep = (text: string) => text;

describe('HTTP answers into InfobipApiError', () => {
  describe('Retry-After', () => {
    it.each([
      ['120', 120],
      [' 0 ', 0],
      [['7', '9'], 7],
      ['Thu, 01 Jan 2026 00:00:30 GMT', 30],
      ['Thu, 01 Jan 2026 00:00:29 GMT', 29],
      ['Wed, 31 Dec 2025 23:59:00 GMT', 0],
    ])('%j -> %i seconds', (value, seconds) => {
      expect(parseRetryAfter(value, NOW)).toBe(seconds);
    });

    it('rounds a date up to whole seconds', () => {
      expect(parseRetryAfter(new Date(NOW + 1_500).toUTCString(), NOW - 500)).toBe(2);
    });

    it.each([undefined, '', 'soon', '-5', '1.5'])('ignores %j', (value) => {
      expect(parseRetryAfter(value, NOW)).toBeUndefined();
    });
  });

  it('reads the legacy envelope, keeping only string validation messages', () => {
    const error = errorFromAnswer(
      'verifyPin',
      {
        status: 400,
        headers: { 'retry-after': '3' },
        body: JSON.stringify({
          requestError: {
            serviceException: {
              messageId: 'BAD_REQUEST',
              text: 'Bad',
              validationErrors: { pin: ['short', 5], x: 7 },
            },
          },
        }),
      },
      NOW,
      keep,
    );
    expect(error.toJSON()).toEqual({
      name: 'InfobipApiError',
      status: 400,
      messageId: 'BAD_REQUEST',
      text: 'Bad',
      validationErrors: { pin: ['short'] },
      retryAfterSeconds: 3,
      operation: 'verifyPin',
    });
  });

  it('reads the newer envelope', () => {
    const error = errorFromAnswer(
      'sendPinOverSms',
      {
        status: 429,
        headers: {},
        body: JSON.stringify({
          errorCode: 'E429',
          description: 'Too many requests',
          action: 'Slow down',
          violations: [],
        }),
      },
      NOW,
      keep,
    );
    expect(error).toMatchObject({ status: 429, messageId: 'E429', text: 'Too many requests' });
    expect(error.validationErrors).toBeUndefined();
  });

  it('scrubs server text with the given scrubber and caps its length', () => {
    const error = errorFromAnswer(
      'getApplications',
      {
        status: 401,
        headers: {},
        body: JSON.stringify({
          requestError: { serviceException: { messageId: 'U', text: `key=K ${'x'.repeat(900)}` } },
        }),
      },
      NOW,
      (text) => text.split('K').join('[REDACTED]'),
    );
    expect(error.text.startsWith('key=[REDACTED] xxx')).toBe(true);
    expect(error.text.length).toBeLessThanOrEqual(501);
  });

  it('does not let a validation field named __proto__ touch the prototype', () => {
    const error = errorFromAnswer(
      'verifyPin',
      {
        status: 400,
        headers: {},
        body: '{"requestError":{"serviceException":{"messageId":"B","text":"t","validationErrors":{"__proto__":["x"],"pin":["y"]}}}}',
      },
      NOW,
      keep,
    );
    expect(error.validationErrors).toEqual({ pin: ['y'] });
    expect(Object.getPrototypeOf(error.validationErrors)).toBe(Object.prototype);
  });

  it('reads violations on fields named like Object.prototype members (constructor, toString)', () => {
    const error = errorFromAnswer(
      'createApplication',
      {
        status: 400,
        headers: {},
        body: JSON.stringify({
          errorCode: 'E400',
          description: 'Bad request',
          violations: [
            { property: 'constructor', violation: 'a' },
            { property: 'toString', violation: 'b' },
            { property: 'constructor', violation: 'c' },
          ],
        }),
      },
      NOW,
      keep,
    );
    expect(error.validationErrors).toEqual({ constructor: ['a', 'c'], toString: ['b'] });
  });

  it('parses success bodies and refuses what is not JSON', () => {
    expect(parseSuccessBody('getApplications', { status: 200, headers: {}, body: '[]' })).toEqual([]);
    expect(() => parseSuccessBody('getApplications', { status: 200, headers: {}, body: 'null' })).toThrow(
      /INVALID_RESPONSE\): the HTTP 200 answer is not a JSON object or array/,
    );
    expect(() =>
      parseSuccessBody('getApplications', {
        status: 200,
        headers: { 'content-type': 'text/html' },
        body: '<p>',
      }),
    ).toThrow(/HTML page/);
  });
});
