import { EmulatorRouter, splitPath } from './emulator.router';

describe('EmulatorRouter', () => {
  const router = new EmulatorRouter<string>()
    .add('GET', '/2fa/2/applications', 'list')
    .add('POST', '/2fa/2/applications', 'create')
    .add('GET', '/2fa/2/applications/:appId', 'get')
    .add('PUT', '/2fa/2/applications/:appId', 'update')
    .add('POST', '/2fa/2/pin', 'sms')
    .add('POST', '/2fa/2/pin/voice', 'voice')
    .add('POST', '/2fa/2/pin/:pinId/resend', 'resend')
    .add('POST', '/2fa/2/pin/:pinId/verify', 'verify');

  it('matches literal routes and collects decoded parameters in order', () => {
    expect(router.match('GET', '/2fa/2/applications')).toEqual({ kind: 'found', route: 'list', params: [] });
    expect(router.match('PUT', '/2fa/2/applications/A%20B')).toEqual({
      kind: 'found',
      route: 'update',
      params: ['A B'],
    });
  });

  it('ignores one trailing slash', () => {
    expect(router.match('POST', '/2fa/2/pin/')).toMatchObject({ route: 'sms' });
    expect(router.match('POST', '/2fa/2/pin/P1/verify/')).toMatchObject({ route: 'verify', params: ['P1'] });
  });

  it('prefers literal segments and falls back to parameters', () => {
    expect(router.match('POST', '/2fa/2/pin/voice')).toMatchObject({ route: 'voice' });
    expect(router.match('POST', '/2fa/2/pin/voice/verify')).toMatchObject({
      route: 'verify',
      params: ['voice'],
    });
  });

  it('keeps an encoded slash inside its segment', () => {
    expect(router.match('POST', '/2fa/2/pin/a%2Fverify/resend')).toMatchObject({
      route: 'resend',
      params: ['a/verify'],
    });
    expect(router.match('GET', '/2fa/2/applications/x%2Fmessages').kind).toBe('found');
    expect(router.match('POST', '/2fa/2/pin%2Fvoice').kind).toBe('not-found');
  });

  it('decodes a segment once only', () => {
    expect(router.match('GET', '/2fa/2/applications/%2541')).toMatchObject({ params: ['%41'] });
  });

  it('answers method-not-allowed with the allowed methods', () => {
    expect(router.match('DELETE', '/2fa/2/applications')).toEqual({
      kind: 'method-not-allowed',
      allow: 'GET, POST',
    });
    expect(router.match('GET', '/2fa/2/pin/voice')).toEqual({ kind: 'method-not-allowed', allow: 'POST' });
  });

  it.each([
    '/',
    '',
    '2fa/2/pin',
    '/2fa/2/applications/A/unknown',
    '/2fa//applications',
    '/2fa/2/pin//verify',
    '/2fa/2/applications//',
    '/2fa/2/applications/%E0%A4%A',
  ])('does not match %j', (path) => {
    expect(router.match('GET', path).kind).toBe('not-found');
  });

  it('refuses a route added twice', () => {
    expect(() => new EmulatorRouter<string>().add('GET', '/a/:x', '1').add('GET', '/a/:y', '2')).toThrow(
      /added twice/,
    );
  });
});

describe('splitPath', () => {
  it('splits, decodes and drops one trailing slash', () => {
    expect(splitPath('/a/b%20c/')).toEqual(['a', 'b c']);
    expect(splitPath('/a//')).toEqual(['a', '']);
    expect(splitPath('/%ZZ')).toBeUndefined();
  });
});
