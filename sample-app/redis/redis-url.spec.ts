import { maskRedisUrl } from './redis-url';

describe('maskRedisUrl', () => {
  it('hides the password, or a lone user name', () => {
    expect(maskRedisUrl('redis://app:s3cret@cache:6379/2')).toBe('redis://app:****@cache:6379/2');
    expect(maskRedisUrl('rediss://:s3cret@cache.example')).toBe('rediss://:****@cache.example');
    expect(maskRedisUrl('redis://tokenonly@cache')).toBe('redis://****@cache');
    expect(maskRedisUrl('redis://cache:6379')).toBe('redis://cache:6379');
  });

  it('never echoes what it cannot parse', () => {
    expect(maskRedisUrl('redis://a:b@[bad')).toBe('<invalid URL>');
  });
});
