import { checkPhoneDestination, isKnownCountry } from './destination-rules';

describe('checkPhoneDestination', () => {
  it('accepts valid mobile, fixed-line and VoIP numbers', () => {
    expect(checkPhoneDestination('41791234567')).toBeUndefined(); // CH mobile
    expect(checkPhoneDestination('14155550123')).toBeUndefined(); // US fixed line or mobile
    expect(checkPhoneDestination('4930123456')).toBeUndefined(); // DE fixed line (voice)
  });

  it.each([
    ['premium rate', '41900123456'],
    ['premium rate', '19005551234'],
    ['premium rate', '33891234567'],
    ['shared cost', '41840123456'],
    ['UAN', '445512345678'],
    ['personal number', '447011234567'],
    ['voicemail', '41860791234567'],
  ])('refuses a %s number (%s)', (_kind, digits) => {
    expect(checkPhoneDestination(digits)).toBe('number_type');
  });

  it('refuses numbers the numbering plan does not know, or not written as E.164', () => {
    for (const digits of [
      '41000000000',
      '4479',
      '0000000000',
      '999123456789',
      '410791234567',
      '4407911123456',
    ]) {
      expect([digits, checkPhoneDestination(digits)]).toEqual([digits, 'invalid']);
    }
  });

  it('accepts only the allowed countries when a list is given', () => {
    expect(checkPhoneDestination('41791234567', ['CH', 'DE'])).toBeUndefined();
    expect(checkPhoneDestination('4915112345678', ['CH', 'DE'])).toBeUndefined();
    expect(checkPhoneDestination('385911234567', ['CH', 'DE'])).toBe('country');
    expect(checkPhoneDestination('14155550123', ['CA'])).toBe('country');
    // The number type is checked first: a premium number is refused whatever the country.
    expect(checkPhoneDestination('41900123456', ['CH'])).toBe('number_type');
  });

  it('refuses satellite and international-network numbers unless their calling code is listed', () => {
    for (const digits of ['881612345678', '8821612345678', '883510012345678', '870773123456']) {
      expect([digits, checkPhoneDestination(digits)]).toEqual([digits, 'international_network']);
      expect(checkPhoneDestination(digits, ['CH'])).toBe('international_network');
    }
    expect(checkPhoneDestination('881612345678', ['CH', '+881'])).toBeUndefined();
    expect(checkPhoneDestination('8821612345678', ['+881'])).toBe('international_network');
    expect(checkPhoneDestination('41791234567', ['+881'])).toBe('country');
  });
});

describe('isKnownCountry', () => {
  it('takes upper-case ISO codes with a numbering plan', () => {
    expect(isKnownCountry('CH')).toBe(true);
    expect(isKnownCountry('ch')).toBe(false);
    expect(isKnownCountry('XX')).toBe(false);
    expect(isKnownCountry('CHE')).toBe(false);
    expect(isKnownCountry(41)).toBe(false);
    expect(isKnownCountry('+881')).toBe(true);
    expect(isKnownCountry('+41')).toBe(false);
  });
});
