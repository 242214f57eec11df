import { parseRedisConnection } from './redis-config';

describe('parseRedisConnection', () => {
  it('reads one server, a cluster or Sentinel', () => {
    expect(parseRedisConnection({})).toBeUndefined();
    expect(parseRedisConnection({ REDIS_URL: ' redis://cache:6379 ' })).toEqual({
      kind: 'url',
      url: 'redis://cache:6379',
    });
    expect(parseRedisConnection({ REDIS_CLUSTER_NODES: '10.0.0.1:7000, 10.0.0.2:7001,[::1]:7002' })).toEqual({
      kind: 'cluster',
      nodes: [
        { host: '10.0.0.1', port: 7000 },
        { host: '10.0.0.2', port: 7001 },
        { host: '::1', port: 7002 },
      ],
    });
    expect(
      parseRedisConnection({ REDIS_SENTINELS: 's1:26379,s2:26379', REDIS_SENTINEL_NAME: 'mymaster' }),
    ).toEqual({
      kind: 'sentinel',
      sentinels: [
        { host: 's1', port: 26379 },
        { host: 's2', port: 26379 },
      ],
      name: 'mymaster',
    });
  });

  it('refuses two ways at once, naming both', () => {
    expect(() => parseRedisConnection({ REDIS_URL: 'redis://a', REDIS_CLUSTER_NODES: 'a:1' })).toThrow(
      'REDIS_URL and REDIS_CLUSTER_NODES are both set: set only one',
    );
  });

  it('names the variable and the fix for a malformed address list', () => {
    expect(() => parseRedisConnection({ REDIS_CLUSTER_NODES: 'a:1,b' })).toThrow(
      "REDIS_CLUSTER_NODES: 'b' is not host:port. Fix: a comma-separated list",
    );
    expect(() => parseRedisConnection({ REDIS_SENTINELS: 'a:70000', REDIS_SENTINEL_NAME: 'm' })).toThrow(
      /REDIS_SENTINELS: 'a:70000' is not host:port/,
    );
  });

  it('needs REDIS_SENTINEL_NAME with REDIS_SENTINELS, and only then', () => {
    expect(() => parseRedisConnection({ REDIS_SENTINELS: 'a:1' })).toThrow(
      /REDIS_SENTINEL_NAME is required with REDIS_SENTINELS/,
    );
    expect(() => parseRedisConnection({ REDIS_URL: 'redis://a', REDIS_SENTINEL_NAME: 'm' })).toThrow(
      /REDIS_SENTINEL_NAME needs REDIS_SENTINELS/,
    );
  });

  it('refuses a URL of another scheme without echoing it', () => {
    expect(() => parseRedisConnection({ REDIS_URL: 'http://u:hunter2@a' })).toThrow(
      /^REDIS_URL must be a redis:\/\/ or rediss:\/\/ URL, e.g. redis:\/\/localhost:6379$/,
    );
  });
});
