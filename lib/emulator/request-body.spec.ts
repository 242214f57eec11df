import { InfobipApiError } from '../infobip/infobip-api.error';
import { isJsonMediaType, isJsonObject, parseRequestBody } from './request-body';

describe('request body parsing', () => {
  const json = 'application/json';

  it.each(['application/json', 'Application/JSON; charset=utf-8', 'application/problem+json'])(
    'accepts media type %j',
    (type) => expect(isJsonMediaType(type)).toBe(true),
  );

  it.each([
    undefined,
    '',
    'text/plain',
    'application/jsonp',
    'text/json',
    'application/x-www-form-urlencoded',
  ])('refuses media type %j', (type) => expect(isJsonMediaType(type)).toBe(false));

  it('parses JSON and treats an empty body as absent', () => {
    expect(parseRequestBody(Buffer.from('{"pin":"1234"}'), json)).toEqual({ pin: '1234' });
    expect(parseRequestBody(Buffer.alloc(0), undefined)).toBeUndefined();
    expect(parseRequestBody(Buffer.from(' \r\n'), undefined)).toBeUndefined();
    // Like Jackson, a UTF-8 byte-order mark is skipped.
    expect(parseRequestBody(Buffer.from('\uFEFF{}'), json)).toEqual({});
  });

  it('reads XML when the request says so, and keeps an int64 exact in JSON', () => {
    expect(
      parseRequestBody(
        Buffer.from('<VerifyPinRequest><pin>0123</pin></VerifyPinRequest>'),
        'application/xml',
      ),
    ).toEqual({
      pin: '0123',
    });
    expect(
      parseRequestBody(Buffer.from('<R><pinLength>6</pinLength></R>'), 'text/xml; charset=utf-8'),
    ).toEqual({
      pinLength: 6,
    });
    expect(parseRequestBody(Buffer.from('{"emailTemplateId":9007199254740993}'), json)).toEqual({
      emailTemplateId: 9007199254740993n,
    });
  });

  it.each([
    ['malformed XML', Buffer.from('<a><pin>1</a>'), 'application/xml', 400],
    ['malformed JSON', Buffer.from('{"pin":'), json, 400],
    ['invalid UTF-8', Buffer.from([0x7b, 0xff, 0x7d]), json, 400],
    ['another media type', Buffer.from('{}'), 'text/plain', 415],
    ['no media type', Buffer.from('{}'), undefined, 415],
  ])('refuses %s', (_what, bytes, type, status) => {
    let error: unknown;
    try {
      parseRequestBody(bytes, type);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(InfobipApiError);
    expect((error as InfobipApiError).status).toBe(status);
  });

  it('tells objects from other JSON values', () => {
    expect(isJsonObject({})).toBe(true);
    for (const value of [[], null, 'x', 1, true, undefined]) expect(isJsonObject(value)).toBe(false);
  });
});
