import {
  exampleResponse,
  findOperation,
  operations,
  successStatus,
  validateRequest,
  validateResponse,
} from '../support/openapi';

const headers = { Authorization: 'App 0123456789abcdef', 'Content-Type': 'application/json' };
const sms = { applicationId: 'A1', messageId: 'M1', to: '41793026727' };

describe('OpenAPI validator of the Infobip 2FA specification', () => {
  it('knows the 18 operations and matches templated paths, decoding parameters', () => {
    expect(operations).toHaveLength(18);
    expect(findOperation('POST', '/2fa/2/pin/..%2Fapplications/verify')).toEqual({
      operationId: 'verify-2fa-phone-number',
      pathParams: { pinId: '../applications' },
    });
    expect(findOperation('POST', '/2fa/2/pin/voice')?.operationId).toBe('send-2fa-pin-code-over-voice');
    expect(findOperation('post', '/2fa/2/pin/?ncNeeded=false')?.operationId).toBe(
      'send-2fa-pin-code-over-sms',
    );
    expect(findOperation('DELETE', '/2fa/2/applications/X')).toBeUndefined();
    expect(findOperation('GET', '/2fa/2/nothing')).toBeUndefined();
  });

  it('accepts a conforming request', () => {
    const result = validateRequest(
      { method: 'POST', path: '/2fa/2/pin', query: { ncNeeded: 'false' }, headers, body: sms },
      { strict: true },
    );
    expect(result).toEqual({ operationId: 'send-2fa-pin-code-over-sms', errors: [] });
  });

  it('rejects a body that breaks the schema: required fields, types, enums, lengths', () => {
    const { errors } = validateRequest({
      method: 'POST',
      path: '/2fa/2/applications/A1/messages',
      query: {},
      headers,
      body: {
        pinType: 'DIGITS',
        pinLength: 4.5,
        regional: { indiaDlt: { contentTemplateId: 'x'.repeat(31) } },
      },
    });
    expect(errors).toEqual(
      expect.arrayContaining([
        "body must have required property 'messageText'",
        'body.pinType must be one of NUMERIC, ALPHA, HEX, ALPHANUMERIC',
        'body.pinLength must be integer',
        "body.regional.indiaDlt must have required property 'principalEntityId'",
        'body.regional.indiaDlt.contentTemplateId must NOT have more than 30 characters',
      ]),
    );
  });

  it('checks query parameters, authorization and content type', () => {
    const { errors } = validateRequest({
      method: 'GET',
      path: '/2fa/2/applications/A1/verifications',
      query: { verified: 'yes', page: '1' },
      headers: { Authorization: 'Token abc' },
      body: undefined,
    });
    expect(errors).toEqual([
      'query parameter verified must be true or false, got "yes"',
      'unknown query parameter page',
      'query parameter msisdn is required',
      'Authorization header must be "<App|Basic|IBSSO|Bearer> <credentials>"',
    ]);
    const noType = validateRequest({
      method: 'POST',
      path: '/2fa/2/pin',
      query: {},
      headers: { authorization: 'Basic ' + Buffer.from('user:pass').toString('base64') },
      body: sms,
    });
    expect(noType.errors).toEqual(['Content-Type must be application/json when a body is sent, got none']);
    const noAuth = validateRequest({
      method: 'GET',
      path: '/2fa/2/applications',
      query: {},
      headers: {},
      body: undefined,
    });
    expect(noAuth.errors).toEqual(['Authorization header is missing']);
  });

  it('names unknown operations and wrong methods', () => {
    expect(
      validateRequest({ method: 'DELETE', path: '/2fa/2/applications', query: {}, headers, body: undefined })
        .errors,
    ).toEqual(['DELETE is not allowed on /2fa/2/applications (allowed: GET, POST)']);
    expect(
      validateRequest({ method: 'GET', path: '/2fa/3/x', query: {}, headers, body: undefined }).errors,
    ).toEqual(['no operation for GET /2fa/3/x']);
  });

  it('in strict mode also reports unknown body properties, trailing slashes and missing bodies', () => {
    const request = {
      method: 'POST',
      path: '/2fa/2/pin/',
      query: {},
      headers,
      body: { ...sms, trackdelivery: true },
    };
    expect(validateRequest(request).errors).toEqual([]);
    expect(validateRequest(request, { strict: true }).errors).toEqual([
      'path /2fa/2/pin/ has a trailing slash',
      'body has unknown property trackdelivery',
    ]);
    const verify = { method: 'POST', path: '/2fa/2/pin/P1/verify', query: {}, headers, body: undefined };
    expect(validateRequest(verify).errors).toEqual([]);
    expect(validateRequest(verify, { strict: true }).errors).toEqual([
      'verify-2fa-phone-number was sent without a body',
    ]);
  });

  it('validates responses against the schema of their status, falling back to 4XX/5XX', () => {
    expect(
      validateResponse('create-2fa-application', 201, exampleResponse('create-2fa-application')),
    ).toEqual([]);
    expect(validateResponse('create-2fa-application', 201, { applicationId: 7, enabled: 'yes' })).toEqual([
      'response.applicationId must be string',
      'response.enabled must be boolean',
    ]);
    expect(
      validateResponse('send-2fa-pin-code-over-sms', 418, {
        requestError: { serviceException: { text: 1 } },
      }),
    ).toEqual(['response.requestError.serviceException.text must be string']);
    expect(
      validateResponse('verify-2fa-phone-number', 503, {
        requestError: { serviceException: { messageId: 'X', text: 'y', validationErrors: { pin: ['bad'] } } },
      }),
    ).toEqual([]);
  });

  it("returns copies of the specification's own examples and success statuses", () => {
    for (const { operationId } of operations) {
      const status = successStatus(operationId);
      expect(validateResponse(operationId, status, exampleResponse(operationId))).toEqual([]);
    }
    expect(successStatus('create-2fa-application')).toBe(201);
    expect(successStatus('verify-2fa-phone-number')).toBe(200);
    const example = exampleResponse('verify-2fa-phone-number') as { verified: boolean };
    example.verified = false;
    expect(exampleResponse('verify-2fa-phone-number')).toMatchObject({ verified: true });
    expect(exampleResponse('get-2fa-application', 404)).toEqual({
      requestError: { serviceException: { messageId: 'NOT_FOUND', text: 'Not found' } },
    });
    expect(exampleResponse('send-2fa-pin-code-over-sms', 429)).toEqual({
      requestError: { serviceException: { messageId: 'TOO_MANY_REQUESTS', text: 'Too many requests' } },
    });
  });
});
