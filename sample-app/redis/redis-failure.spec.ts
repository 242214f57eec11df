import { ReplyError } from 'ioredis';
import { ReplicaConfirmationError } from 'nestjs-infobip-2fa/redis';
import { isRedisFailure } from './redis-failure';

describe('isRedisFailure', () => {
  it('recognises what ioredis rejects with while Redis is down, slow or erroring', () => {
    expect(isRedisFailure(new Error("Stream isn't writeable and enableOfflineQueue options is false"))).toBe(
      true,
    );
    expect(isRedisFailure(new Error('Connection is closed.'))).toBe(true);
    expect(isRedisFailure(new Error('Command timed out'))).toBe(true);
    expect(isRedisFailure(new ReplyError('LOADING Redis is loading the dataset in memory'))).toBe(true);
    expect(isRedisFailure(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }))).toBe(
      true,
    );
  });

  it('recognises a cluster that is down or failing over, and a write no replica confirmed', () => {
    expect(isRedisFailure(new Error("Cluster isn't ready and enableOfflineQueue options is false"))).toBe(
      true,
    );
    expect(isRedisFailure(new ReplyError('CLUSTERDOWN The cluster is down'))).toBe(true);
    expect(
      isRedisFailure(
        Object.assign(new Error('Failed to refresh slots cache.'), { name: 'ClusterAllFailedError' }),
      ),
    ).toBe(true);
    expect(isRedisFailure(new ReplicaConfirmationError('0 of 1 Redis replicas confirmed a write'))).toBe(
      true,
    );
  });

  it('leaves other errors alone', () => {
    expect(isRedisFailure(new Error('boom'))).toBe(false);
    expect(isRedisFailure(new TypeError('x is undefined'))).toBe(false);
    expect(isRedisFailure('Connection is closed.')).toBe(false);
  });
});
