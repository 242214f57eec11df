import { normalizeInfobipBaseUrl } from './base-url';

describe('normalizeInfobipBaseUrl', () => {
  it.each([
    ['xyz.api.infobip.com', 'https://xyz.api.infobip.com'],
    ['  xyz.api.infobip.com/  ', 'https://xyz.api.infobip.com'],
    ['https://xyz.api.infobip.com///', 'https://xyz.api.infobip.com'],
    ['HTTPS://XYZ.api.infobip.com', 'https://xyz.api.infobip.com'],
    ['https://gateway.example/infobip/', 'https://gateway.example/infobip'],
    ['api.infobip.com:8443', 'https://api.infobip.com:8443'],
    ['http://localhost:4010/', 'http://localhost:4010'],
    ['http://127.0.0.1:4010', 'http://127.0.0.1:4010'],
    ['http://[::1]:4010', 'http://[::1]:4010'],
  ])('%j -> %s', (input, expected) => {
    expect(normalizeInfobipBaseUrl(input)).toBe(expected);
  });

  it.each([
    ['http://xyz.api.infobip.com', /must use https:\/\/ \(got http:\/\/xyz\.api\.infobip\.com\).*localhost/],
    ['http://127.0.0.2', /allowed only for localhost, 127\.0\.0\.1 and \[::1\]/],
    ['http://localhost.evil.example', /must use https/],
    ['ftp://xyz.api.infobip.com', /must use https:\/\/ \(got ftp:\/\/\)/],
    ['https://user:secret@xyz.api.infobip.com', /must not contain credentials/],
    ['https://xyz.api.infobip.com/?a=1', /query string/],
    [
      'https://xyz.api.infobip.com/2fa/2',
      /must not contain Infobip's API path .*Fix: pass the base URL alone, e\.g\. "https:\/\/xyz\.api\.infobip\.com"/,
    ],
    ['http://127.0.0.1:4010/2fa/2/', /must not contain Infobip's API path \(got the path \/2fa\/2\)/],
    ['https://gateway.example/infobip/2FA', /must not contain Infobip's API path/],
    ['https://', /not a valid URL/],
    ['', /baseUrl must be your Infobip base URL/],
    ['   ', /baseUrl must be your Infobip base URL/],
  ])('refuses %j', (input, message) => {
    expect(() => normalizeInfobipBaseUrl(input)).toThrow(TypeError);
    expect(() => normalizeInfobipBaseUrl(input)).toThrow(message);
  });

  it('refuses values that are not strings', () => {
    for (const value of [undefined, null, 42, {}])
      expect(() => normalizeInfobipBaseUrl(value)).toThrow(TypeError);
  });

  it('never repeats credentials of a refused URL in its message', () => {
    expect(() => normalizeInfobipBaseUrl('http://user:hunter2@example.com')).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining('hunter2') }),
    );
  });
});
