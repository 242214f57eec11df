import { ReplyError } from 'ioredis';
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

  it('leaves other errors alone', () => {
    expect(isRedisFailure(new Error('boom'))).toBe(false);
    expect(isRedisFailure(new TypeError('x is undefined'))).toBe(false);
    expect(isRedisFailure('Connection is closed.')).toBe(false);
  });
});
