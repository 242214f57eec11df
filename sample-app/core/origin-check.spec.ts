import { isAllowedOrigin } from './origin-check';

const request = (method: string, headers: Record<string, string>, protocol = 'http') => ({
  method,
  protocol,
  header: (name: string) => headers[name],
});

describe('isAllowedOrigin', () => {
  const none = new Set<string>();

  it('serves safe methods and clients that send neither Origin nor Sec-Fetch-Site', () => {
    expect(isAllowedOrigin(request('GET', { origin: 'https://evil.example' }), none)).toBe(true);
    expect(isAllowedOrigin(request('POST', { host: 'app.example' }), none)).toBe(true);
  });

  it('takes the app’s own origin, scheme included, and the allowed ones', () => {
    const own = { host: 'app.example', origin: 'https://APP.example:443' };
    expect(isAllowedOrigin(request('POST', own, 'https'), none)).toBe(true);
    expect(isAllowedOrigin(request('POST', own, 'http'), none)).toBe(false);
    const front = { host: 'api.example', origin: 'https://front.example' };
    expect(isAllowedOrigin(request('DELETE', front, 'https'), new Set(['https://front.example']))).toBe(true);
  });

  it('refuses another site, a cross-site fetch, `Origin: null` and a malformed origin', () => {
    const refused: Record<string, string>[] = [
      { host: 'app.example', origin: 'https://evil.example' },
      { host: 'app.example', 'sec-fetch-site': 'cross-site' },
      { host: 'app.example', origin: 'null' },
      { host: 'app.example', origin: 'not a url' },
    ];
    for (const headers of refused) {
      expect(isAllowedOrigin(request('POST', headers, 'https'), none)).toBe(false);
    }
  });
});
