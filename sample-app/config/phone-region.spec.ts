import { parsePhoneRegion } from './phone-region';
import { SampleConfigError } from './sample-config';

describe('parsePhoneRegion', () => {
  it('takes TWO_FACTOR_DEFAULT_REGION, else the first allowed country, else none', () => {
    expect(parsePhoneRegion({ TWO_FACTOR_DEFAULT_REGION: 'ch' })).toBe('CH');
    expect(parsePhoneRegion({}, ['DE', 'CH'])).toBe('DE');
    expect(parsePhoneRegion({})).toBeUndefined();
  });

  it('refuses an unknown code, or one outside TWO_FACTOR_COUNTRIES, naming the variable', () => {
    expect(() => parsePhoneRegion({ TWO_FACTOR_DEFAULT_REGION: 'XX' })).toThrow(SampleConfigError);
    expect(() => parsePhoneRegion({ TWO_FACTOR_DEFAULT_REGION: 'FR' }, ['CH'])).toThrow(
      /^TWO_FACTOR_DEFAULT_REGION: FR is not one of TWO_FACTOR_COUNTRIES/,
    );
  });
});
