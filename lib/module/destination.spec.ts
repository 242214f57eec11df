import { destinationKind, maskDestination, normalizeDestination, sameDestination } from './destination';

describe('destinations', () => {
  it('normalizes phone numbers to international digits', () => {
    expect(normalizeDestination('+41 79 302-67 27', 'sms')).toBe('41793026727');
    expect(normalizeDestination('(+41) 793.026.727', 'voice')).toBe('41793026727');
    expect(normalizeDestination('41793026727', 'sms')).toBe('41793026727');
    for (const bad of ['12345', '+1234567890123456', 'call me', '+41 79x', '', 41793026727, undefined]) {
      expect(normalizeDestination(bad, 'sms')).toBeUndefined();
    }
  });

  it('normalizes email addresses to lower case', () => {
    expect(normalizeDestination(' Jane@Example.COM ', 'email')).toBe('jane@example.com');
    expect(normalizeDestination('+41793026727', 'email')).toBeUndefined();
    expect(normalizeDestination('jane@localhost', 'email')).toBeUndefined();
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
