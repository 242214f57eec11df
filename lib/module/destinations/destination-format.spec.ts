import {
  destinationKind,
  maskDestination,
  normalizeDestination,
  sameDestination,
} from './destination-format';

describe('destinations', () => {
  it('normalizes phone numbers to international digits', () => {
    expect(normalizeDestination('+41 79 302-67 27', 'sms')).toBe('41793026727');
    expect(normalizeDestination('(+41) 793.026.727', 'voice')).toBe('41793026727');
    expect(normalizeDestination('41793026727', 'sms')).toBe('41793026727');
    for (const bad of [
      '12345',
      '+1234567890123456',
      'call me',
      '+41 79x',
      '',
      41793026727,
      undefined,
      '+41793026727\r\n',
      '+41\t793026727',
      '+41793026727\u0000',
      '+41 ٧٩٣٠٢٦٧٢٧',
    ]) {
      expect(normalizeDestination(bad, 'sms')).toBeUndefined();
    }
  });

  it('normalizes email addresses to lower case', () => {
    expect(normalizeDestination(' Jane@Example.COM ', 'email')).toBe('jane@example.com');
    expect(normalizeDestination('+41793026727', 'email')).toBeUndefined();
    expect(normalizeDestination('jane@localhost', 'email')).toBeUndefined();
    expect(normalizeDestination('jane.doe+2fa@mail.example.co.uk', 'email')).toBe(
      'jane.doe+2fa@mail.example.co.uk',
    );
    expect(normalizeDestination('jane@xn--bcher-kva.example', 'email')).toBe('jane@xn--bcher-kva.example');
  });

  it('refuses email addresses that smuggle separators, markup or control characters', () => {
    for (const bad of [
      'jane\u0000@example.com',
      'jane@example.com\r\nBcc: all@example.com',
      '"jane doe"@example.com',
      'jane@[127.0.0.1]',
      '<script>@example.com',
      'jane@example.com,joe@example.com',
      'jane..doe@example.com',
      '.jane@example.com',
      'jane@-example.com',
      'jane@example.c',
      'jane@example.123',
      'jäne@example.com',
      `${'j'.repeat(65)}@example.com`,
      'jane@@example.com',
    ]) {
      expect([bad, normalizeDestination(bad, 'email')]).toEqual([bad, undefined]);
    }
  });

  it('masks all but the last digits', () => {
    expect(maskDestination('41793026727')).toBe('+*******6727');
    expect(maskDestination('jane@example.com')).toBe('j***@example.com');
  });

  it('compares the provider msisdn with the session destination', () => {
    expect(sameDestination('41793026727', '41793026727')).toBe(true);
    expect(sameDestination('+41 793026727', '41793026727')).toBe(true);
    expect(sameDestination('41793026728', '41793026727')).toBe(false);
    expect(sameDestination('', '41793026727')).toBe(false);
    expect(sameDestination(undefined, '41793026727')).toBe(false);
    expect(sameDestination(41793026727, '41793026727')).toBe(false);
    expect(sameDestination('Jane@Example.com', 'jane@example.com')).toBe(true);
    expect(sameDestination('joe@example.com', 'jane@example.com')).toBe(false);
  });

  it('groups channels by destination kind', () => {
    expect(destinationKind('sms')).toBe('phone');
    expect(destinationKind('voice')).toBe('phone');
    expect(destinationKind('email')).toBe('email');
  });
});
