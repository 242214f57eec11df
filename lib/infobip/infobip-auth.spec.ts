import { authorizationHeader, authSecrets, resolveInfobipAuth } from './infobip-auth';

describe('Infobip credentials', () => {
  it('builds the header of each scheme', () => {
    expect(authorizationHeader({ type: 'App', apiKey: '003026bb-8f4b' })).toBe('App 003026bb-8f4b');
    expect(authorizationHeader({ type: 'Basic', username: 'Aladdin', password: 'openSesame' })).toBe(
      'Basic QWxhZGRpbjpvcGVuU2VzYW1l',
    );
    expect(authorizationHeader({ type: 'IBSSO', token: '2f9b4d31' })).toBe('IBSSO 2f9b4d31');
    expect(authorizationHeader({ type: 'Bearer', token: 'eyJhbGciOi' })).toBe('Bearer eyJhbGciOi');
  });

  it('encodes Basic credentials as UTF-8', () => {
    const header = authorizationHeader({ type: 'Basic', username: 'zoë', password: 'pässword' });
    expect(Buffer.from(header.slice('Basic '.length), 'base64').toString('utf8')).toBe('zoë:pässword');
  });

  it('takes apiKey as shorthand for the App scheme', () => {
    expect(resolveInfobipAuth({ apiKey: 'k-1' })).toEqual({ type: 'App', apiKey: 'k-1' });
    expect(resolveInfobipAuth({ auth: { type: 'Bearer', token: 't' } })).toEqual({
      type: 'Bearer',
      token: 't',
    });
  });

  it.each([
    [{}, /credentials are missing/],
    [{ apiKey: 'a', auth: { type: 'App' as const, apiKey: 'b' } }, /either apiKey or auth, not both/],
    [{ apiKey: '' }, /apiKey must be a non-empty string/],
    [{ apiKey: 'key\n' }, /apiKey contains whitespace or control characters/],
    [{ apiKey: ' key' }, /apiKey contains whitespace/],
    [{ auth: { type: 'App' as const, apiKey: '' } }, /auth\.apiKey must be a non-empty string/],
    [
      { auth: { type: 'Basic' as const, username: 'a:b', password: 'p' } },
      /auth\.username must not contain ":"/,
    ],
    [
      { auth: { type: 'Basic' as const, username: 'a', password: '' } },
      /auth\.password must be a non-empty string/,
    ],
    [{ auth: { type: 'IBSSO' as const, token: '\u0000' } }, /auth\.token contains/],
    [{ auth: { type: 'Token', token: 't' } as never }, /auth\.type must be one of App, Basic, IBSSO, Bearer/],
  ])('refuses %j', (options, message) => {
    expect(() => resolveInfobipAuth(options)).toThrow(TypeError);
    expect(() => resolveInfobipAuth(options)).toThrow(message);
  });

  it('allows spaces inside a Basic password', () => {
    expect(
      resolveInfobipAuth({ auth: { type: 'Basic', username: 'u', password: ' two words ' } }),
    ).toBeTruthy();
  });

  it('never repeats a credential in its error', () => {
    expect(() => resolveInfobipAuth({ apiKey: 'SECRET-123 ' })).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining('SECRET-123') }),
    );
  });

  it('lists every form of a secret for scrubbing', () => {
    expect(authSecrets({ type: 'App', apiKey: 'k-1' })).toEqual(['k-1']);
    expect(authSecrets({ type: 'Basic', username: 'Aladdin', password: 'openSesame' })).toEqual([
      'QWxhZGRpbjpvcGVuU2VzYW1l',
      'openSesame',
      'Aladdin:openSesame',
    ]);
  });
});
