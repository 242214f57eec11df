import { CredentialsVerifier } from './credentials.verifier';

const basic = (userPassword: string): string => `Basic ${Buffer.from(userPassword).toString('base64')}`;

describe('CredentialsVerifier', () => {
  describe('with every scheme configured', () => {
    const verifier = new CredentialsVerifier({
      apiKey: 's3cret-key',
      basic: 'Aladdin:open Sesame',
      bearer: 'oauth-token',
      ibsso: 'sso-token',
    });

    it.each([
      'App s3cret-key',
      'app s3cret-key',
      basic('Aladdin:open Sesame'),
      'Bearer oauth-token',
      'BEARER oauth-token',
      'IBSSO sso-token',
    ])('accepts %j', (header) => {
      expect(verifier.allows(header)).toBe(true);
    });

    it.each([
      undefined,
      '',
      's3cret-key',
      'App',
      'App ',
      'App s3cret-keY',
      'App s3cret-key2',
      'App s3cret-ke',
      'Bearer s3cret-key',
      'App oauth-token',
      'IBSSO oauth-token',
      basic('Aladdin:open sesame'),
      basic('s3cret-key'),
      'Digest s3cret-key',
      `App ${'x'.repeat(5000)}`,
    ])('refuses %j', (header) => {
      expect(verifier.allows(header)).toBe(false);
    });
  });

  it('compares long secrets too (an OAuth token of 3000 characters)', () => {
    const token = 'T'.repeat(3000);
    const verifier = new CredentialsVerifier({ apiKey: 'short', bearer: token });
    expect(verifier.allows(`Bearer ${token}`)).toBe(true);
    expect(verifier.allows(`Bearer ${token}x`)).toBe(false);
    expect(verifier.allows(`Bearer ${token.slice(1)}`)).toBe(false);
    expect(verifier.allows('App short')).toBe(true);
  });

  it('takes only the schemes it was given', () => {
    const verifier = new CredentialsVerifier({ bearer: 'only-this' });
    expect(verifier.allows('Bearer only-this')).toBe(true);
    expect(verifier.allows('App only-this')).toBe(false);
    expect(verifier.allows('IBSSO only-this')).toBe(false);
  });

  describe('without credentials', () => {
    const verifier = new CredentialsVerifier();

    it.each(['App any', basic('u:p'), 'Bearer t', 'IBSSO t'])(
      'accepts any value of a known scheme: %j',
      (header) => {
        expect(verifier.allows(header)).toBe(true);
      },
    );

    it.each([undefined, '', 'App', 'App  ', 'Digest x', 'Token abc', 'abc'])(
      'still refuses %j (as Infobip does)',
      (header) => {
        expect(verifier.allows(header)).toBe(false);
      },
    );
  });

  it.each([
    [{ apiKey: ' ' }, /apiKey/],
    [{ apiKey: ' padded' }, /apiKey/],
    [{ bearer: '' }, /bearer/],
    [{ basic: 'no-colon' }, /basic must be USER:PASSWORD/],
    [{ ibsso: 'x'.repeat(4097) }, /ibsso must be at most 4096/],
    [{ apiKey: 'clé' }, /apiKey must be at most 4096 ASCII/],
  ])('refuses %j at construction, naming the option', (credentials, message) => {
    expect(() => new CredentialsVerifier(credentials)).toThrow(message);
  });

  it('never puts a secret in its errors', () => {
    expect(() => new CredentialsVerifier({ basic: 'secret-without-colon' })).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining('secret-without-colon') }),
    );
  });
});
