import type { ApplicationConfiguration } from '../infobip/infobip.types';
import { ConfigurationCache } from './configuration-cache';

const CONFIGURATION: Required<ApplicationConfiguration> = {
  pinAttempts: 10,
  allowMultiplePinVerifications: true,
  pinTimeToLive: '15m',
  verifyPinLimit: '1/3s',
  sendPinPerApplicationLimit: '10000/1d',
  sendPinPerPhoneNumberLimit: '3/1d',
};

describe('ConfigurationCache', () => {
  it('parses the time and limits of a configuration', () => {
    const cache = new ConfigurationCache();
    expect(cache.timeToLive(CONFIGURATION)).toBe(900_000);
    expect(cache.verifyLimit(CONFIGURATION)).toEqual({ count: 1, windowMs: 3_000 });
    expect(cache.sendLimits(CONFIGURATION)).toEqual({
      perApplication: { count: 10_000, windowMs: 86_400_000 },
      perDestination: { count: 3, windowMs: 86_400_000 },
    });
  });

  it('answers the same frozen limit for the same text, and follows a changed text', () => {
    const cache = new ConfigurationCache();
    const first = cache.verifyLimit(CONFIGURATION);
    expect(Object.isFrozen(first)).toBe(true);
    expect(cache.verifyLimit({ ...CONFIGURATION })).toBe(first);
    expect(cache.verifyLimit({ ...CONFIGURATION, verifyPinLimit: '5/1m' })).toEqual({
      count: 5,
      windowMs: 60_000,
    });
    expect(cache.timeToLive({ ...CONFIGURATION, pinTimeToLive: '2h' })).toBe(7_200_000);
  });

  it('keeps each field to its own bounds and throws for a bad text every time', () => {
    const cache = new ConfigurationCache();
    // A two-day window is a fine send limit but too long for verifyPinLimit.
    const twoDays = { ...CONFIGURATION, sendPinPerApplicationLimit: '1/2d', verifyPinLimit: '1/2d' };
    expect(cache.sendLimits(twoDays).perApplication).toEqual({ count: 1, windowMs: 172_800_000 });
    expect(() => cache.verifyLimit(twoDays)).toThrow(/verifyPinLimit/);
    const bad = { ...CONFIGURATION, pinTimeToLive: 'soon' };
    expect(() => cache.timeToLive(bad)).toThrow(/pinTimeToLive/);
    expect(() => cache.timeToLive(bad)).toThrow(/pinTimeToLive/);
  });
});
