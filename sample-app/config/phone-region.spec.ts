import { parsePhoneRegion } from './phone-region';
import { SampleConfigError } from './sample-config';

describe('parsePhoneRegion', () => {
  it('takes TWO_FACTOR_DEFAULT_REGION, else the first of TWO_FACTOR_COUNTRIES, else none', () => {
    expect(parsePhoneRegion({ TWO_FACTOR_DEFAULT_REGION: 'ch' })).toBe('CH');
    expect(parsePhoneRegion({ TWO_FACTOR_COUNTRIES: 'DE,CH' }, ['DE', 'CH'])).toBe('DE');
    expect(parsePhoneRegion({ TWO_FACTOR_COUNTRIES: '+881,CH' }, ['+881', 'CH'])).toBeUndefined();
    // The built-in list of countries (no TWO_FACTOR_COUNTRIES) names no region.
    expect(parsePhoneRegion({}, ['AT', 'BE', 'CH'])).toBeUndefined();
    expect(parsePhoneRegion({})).toBeUndefined();
  });

  it('refuses an unknown code, or one outside TWO_FACTOR_COUNTRIES, naming the variable', () => {
    expect(() => parsePhoneRegion({ TWO_FACTOR_DEFAULT_REGION: 'XX' })).toThrow(SampleConfigError);
    expect(() => parsePhoneRegion({ TWO_FACTOR_DEFAULT_REGION: 'FR' }, ['CH'])).toThrow(
      /^TWO_FACTOR_DEFAULT_REGION: FR is not one of TWO_FACTOR_COUNTRIES/,
    );
  });
});
