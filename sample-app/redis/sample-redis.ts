import { Logger, type OnApplicationShutdown } from '@nestjs/common';
import Redis, { Cluster, type RedisOptions } from 'ioredis';
import type { RedisClient } from 'nestjs-infobip-2fa/redis';
import { describeAddresses, type SampleRedisConnection } from '../config/redis-config';
import { redisVariable, SampleConfigError, type SampleRedisConfig } from '../config/sample-config';
import { maskRedisUrl } from './redis-url';

/**
 * Client settings for a Redis that every request depends on: while Redis is down a command
 * fails at once (no offline queue) or after `commandTimeout`, so requests answer 503 instead
 * of hanging, and the client keeps reconnecting in the background until Redis is back.
 */
const reconnectDelay = (attempt: number): number => Math.min(100 * attempt, 2_000);

export const SAMPLE_REDIS_OPTIONS: RedisOptions = {
  lazyConnect: true,
  enableOfflineQueue: false,
  maxRetriesPerRequest: 1,
  commandTimeout: 2_000,
  connectTimeout: 5_000,
  retryStrategy: reconnectDelay,
};

/** A client on `connection` with {@link SAMPLE_REDIS_OPTIONS}, not connected yet. */
function createClient(connection: SampleRedisConnection): RedisClient {
  switch (connection.kind) {
    case 'url':
      return new Redis(connection.url, SAMPLE_REDIS_OPTIONS);
    case 'sentinel':
      return new Redis({
        ...SAMPLE_REDIS_OPTIONS,
        sentinels: connection.sentinels,
        name: connection.name,
        // Asks the Sentinels again while none answers, as the client does with a lost primary.
        sentinelRetryStrategy: reconnectDelay,
      });
    case 'cluster': {
      const { lazyConnect, enableOfflineQueue, ...redisOptions } = SAMPLE_REDIS_OPTIONS;
      return new Cluster(connection.nodes, {
        lazyConnect,
        enableOfflineQueue,
        clusterRetryStrategy: reconnectDelay,
        redisOptions,
      });
    }
  }
}

/** Where `connection` points, fit for logs: `REDIS_URL` masked, or the nodes or Sentinels. */
function describeConnection(connection: SampleRedisConnection): string {
  switch (connection.kind) {
    case 'url':
      return maskRedisUrl(connection.url);
    case 'cluster':
      return `cluster ${describeAddresses(connection.nodes)}`;
    case 'sentinel':
      return `'${connection.name}' of Sentinels ${describeAddresses(connection.sentinels)}`;
  }
}

/**
 * The app's one Redis connection (`REDIS_URL`, `REDIS_CLUSTER_NODES` or `REDIS_SENTINELS`) and
 * its key prefix. Created, and connected,
 * before the app starts, so that an unreachable Redis stops the start-up with a clear error;
 * closed when the app shuts down.
 */
export class SampleRedis implements OnApplicationShutdown {
  private readonly logger = new Logger('Redis');
  private down = false;
  private closed = false;

  private constructor(
    /** Shared by sessions, accounts, the 2FA module and the engine. */
    readonly client: RedisClient,
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
   * Connects to `config.connection`.
   * @throws SampleConfigError naming the variable (a URL's password masked) when Redis can't be
   *   reached.
   */
  static async connect(config: SampleRedisConfig): Promise<SampleRedis> {
    const maskedUrl = describeConnection(config.connection);
    const variable = redisVariable(config.connection);
    const client = createClient(config.connection);
    let reason = 'connection closed';
    const remember = (error: Error): void => {
      reason = error.message;
    };
    client.on('error', remember);
    let timer: NodeJS.Timeout | undefined;
    try {
      // A client behind Sentinel keeps asking unreachable Sentinels: give up after connectTimeout.
      const deadline = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('connection closed')), SAMPLE_REDIS_OPTIONS.connectTimeout);
      });
      await Promise.race([client.connect(), deadline]);
    } catch (error) {
      client.disconnect();
      if (reason === 'connection closed' && error instanceof Error) reason = error.message;
      throw new SampleConfigError(
        `${variable} (${maskedUrl}) cannot be reached: ${reason}. Start Redis there, or fix or unset ${variable}`,
      );
    } finally {
      clearTimeout(timer);
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
