import { ApiKeyVerifier } from './api-key.verifier';

describe('ApiKeyVerifier', () => {
  const verifier = new ApiKeyVerifier('s3cret-key');

  it('accepts the App scheme with the right key', () => {
    expect(verifier.allows('App s3cret-key')).toBe(true);
    expect(verifier.allows('app s3cret-key')).toBe(true);
  });

  it.each([
    undefined,
    '',
    's3cret-key',
    'App',
    'App ',
    'App s3cret-keY',
    'App s3cret-key2',
    'Bearer s3cret-key',
    'Basic czNjcmV0LWtleQ==',
  ])('refuses %j', (header) => {
    expect(verifier.allows(header)).toBe(false);
  });

  it('refuses an empty key at construction', () => {
    expect(() => new ApiKeyVerifier(' ')).toThrow(/apiKey/);
  });
});
