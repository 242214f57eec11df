import { maskDestination } from 'nestjs-infobip-2fa';
import { maskPhone, normalizePhone } from './phone';

describe('normalizePhone', () => {
  it('normalises mobile numbers in international format to E.164', () => {
    expect(normalizePhone('+41 79 123 67 27')).toBe('+41791236727');
    expect(normalizePhone('+1 (415) 555-0123')).toBe('+14155550123');
  });

  it('refuses numbers that are invalid, national, or not for personal phones', () => {
    expect(normalizePhone('079 123 67 27')).toBeUndefined(); // no country code
    expect(normalizePhone('+41 79 123')).toBeUndefined(); // too short
    expect(normalizePhone('+41 900 123 456')).toBeUndefined(); // premium rate
    expect(normalizePhone('+41 44 668 18 00')).toBeUndefined(); // fixed line: no SMS
    expect(normalizePhone('not a number')).toBeUndefined();
  });
});

describe('normalizePhone with a default region', () => {
  it('reads national numbers of that region, and international ones of any', () => {
    expect(normalizePhone('079 302 67 27', 'CH')).toBe('+41793026727');
    expect(normalizePhone('0793026727', 'CH')).toBe('+41793026727');
    expect(normalizePhone('+49 151 23456789', 'CH')).toBe('+4915123456789');
    expect(normalizePhone('044 668 18 00', 'CH')).toBeUndefined(); // fixed line, still refused
  });
});

describe('maskPhone', () => {
  it('keeps only the last four digits, in the one format of the 2FA module', () => {
    expect(maskPhone('+41791236727')).toBe('+*******6727');
    expect(maskPhone('+14155550123')).toBe('+*******0123');
    expect(maskPhone('+385911234567')).toBe(maskDestination('385911234567'));
  });
});
