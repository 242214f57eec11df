import { Logger, type OnApplicationShutdown } from '@nestjs/common';
import Redis, { type RedisOptions } from 'ioredis';
import { SampleConfigError, type SampleRedisConfig } from '../config/sample-config';
import { maskRedisUrl } from './redis-url';

/**
 * Client settings for a Redis that every request depends on: while Redis is down a command
 * fails at once (no offline queue) or after `commandTimeout`, so requests answer 503 instead
 * of hanging, and the client keeps reconnecting in the background until Redis is back.
 */
export const SAMPLE_REDIS_OPTIONS: RedisOptions = {
  lazyConnect: true,
  enableOfflineQueue: false,
  maxRetriesPerRequest: 1,
  commandTimeout: 2_000,
  connectTimeout: 5_000,
  retryStrategy: (attempt: number) => Math.min(100 * attempt, 2_000),
};

/**
 * The app's one Redis connection (`REDIS_URL`) and its key prefix. Created, and connected,
 * before the app starts, so that an unreachable Redis stops the start-up with a clear error;
 * closed when the app shuts down.
 */
export class SampleRedis implements OnApplicationShutdown {
  private readonly logger = new Logger('Redis');
  private down = false;
  private closed = false;

  private constructor(
    /** Shared by sessions, accounts, the 2FA module and the engine. */
    readonly client: Redis,
    /** Prefix of every key the app writes. */
    readonly prefix: string,
    private readonly maskedUrl: string,
  ) {
    // Without a listener ioredis prints every failed reconnection; one line per outage is enough.
    client.on('error', (error: Error) => {
      if (this.down || this.closed) return;
      this.down = true;
      this.logger.error(`lost ${this.maskedUrl}: ${error.message}; requests answer 503 until it is back`);
    });
    client.on('ready', () => {
      if (!this.down) return;
      this.down = false;
      this.logger.log(`reconnected to ${this.maskedUrl}`);
    });
  }

  /**
   * Connects to `config.url`.
   * @throws SampleConfigError naming REDIS_URL (password masked) when Redis can't be reached.
   */
  static async connect(config: SampleRedisConfig): Promise<SampleRedis> {
    const maskedUrl = maskRedisUrl(config.url);
    const client = new Redis(config.url, SAMPLE_REDIS_OPTIONS);
    let reason = 'connection closed';
    const remember = (error: Error): void => {
      reason = error.message;
    };
    client.on('error', remember);
    try {
      await client.connect();
    } catch (error) {
      client.disconnect();
      if (reason === 'connection closed' && error instanceof Error) reason = error.message;
      throw new SampleConfigError(
        `REDIS_URL (${maskedUrl}) cannot be reached: ${reason}. Start Redis there, or fix or unset REDIS_URL`,
      );
    } finally {
      client.off('error', remember);
    }
    return new SampleRedis(client, config.prefix, maskedUrl);
  }

  /** `prefix` + `name`: the key (or key prefix) of one kind of data. */
  key(name: string): string {
    return this.prefix + name;
  }

  /** Closes the connection (waits for commands in flight), once. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      await this.client.quit();
    } catch {
      // Already disconnected (Redis down): nothing left to flush.
      this.client.disconnect();
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.close();
  }
}
