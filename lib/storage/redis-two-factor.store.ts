import { pinFromHash, pinToHash } from './redis/pin-hash';
import {
  ReplicaConfirmation,
  type RedisClient,
  type ReplicaConfirmationOptions,
} from './redis/replica-confirmation';
import { withTwoFactorScripts, type ScriptClient } from './redis/two-factor.commands';
import type {
  ApplicationRecord,
  CreatePinOutcome,
  PinRecord,
  ResendPinOutcome,
  SendLimits,
  TemplateRecord,
  TwoFactorStore,
  VerifyPinOutcome,
} from './two-factor-store.interface';

/** Options of {@link RedisTwoFactorStore}. */
export interface RedisTwoFactorStoreOptions {
  /**
   * An ioredis client the application owns; the store never closes it. For the
   * engine to fail fast (and the module to answer 503) while Redis is down, give
   * it `enableOfflineQueue: false` or a `commandTimeout`, and a small
   * `maxRetriesPerRequest`.
   */
  client: RedisClient;
  /**
   * Prefix of every key. Default `2fa:` (apart from `RedisCounterStore`'s default
   * `2fa:counter:`). On Redis Cluster use a hash tag, e.g. `{2fa}:`, so that the
   * scripts find all keys in one slot.
   */
  prefix?: string;
  /**
   * Replica confirmation of every PIN write (sends counted, attempts used, single use), so
   * that a failover can't hand out attempts or a second use; `false` turns it off. See
   * {@link ReplicaConfirmationOptions}.
   * @default { replicas: 'auto', timeoutMs: 1000 }
   */
  confirmWrites?: ReplicaConfirmationOptions | false;
}

/**
 * {@link TwoFactorStore} on Redis, shared by every instance of the application
 * (give their engines the same secret).
 *
 * `createPin`, `resendPin` and `verifyPin` each check and update in one Lua
 * script (one round trip, `EVALSHA` with fallback to `EVAL`), so parallel
 * requests on any number of instances behave as if they ran one after another.
 *
 * Time is the caller's `now` only. Every PIN, destination list and rate-limit
 * window gets a TTL relative to that `now`, for garbage collection only: the
 * engine's clock never runs slower than real time, so Redis can't drop a live PIN
 * or window early, and records the engine's clock has left behind are ignored
 * until Redis drops them. Applications and templates have no TTL: Infobip's API
 * has no delete, so they live until removed by hand (keys `apps`, `apps:order`,
 * `tpl:{applicationId}`, `tpl-order:{applicationId}`).
 *
 * A method rejects when Redis can't be reached (the engine then fails, and the
 * module answers 503); once Redis is back, calls work again.
 *
 * @example
 * const engine = new LocalTwoFactorEngine({
 *   store: new RedisTwoFactorStore({ client: new Redis(process.env.REDIS_URL) }),
 *   secret: process.env.TWO_FACTOR_SECRET,
 * });
 */
export class RedisTwoFactorStore implements TwoFactorStore {
  /** The key prefix in use. */
  readonly prefix: string;
  private readonly client: ScriptClient;
  private readonly writes: ReplicaConfirmation;

  constructor(options: RedisTwoFactorStoreOptions) {
    if (!options?.client)
      throw new TypeError('RedisTwoFactorStore: options.client must be an ioredis client');
    const prefix = options.prefix ?? '2fa:';
    if (typeof prefix !== 'string')
      throw new TypeError('RedisTwoFactorStore: options.prefix must be a string');
    this.prefix = prefix;
    this.client = withTwoFactorScripts(options.client);
    this.writes = new ReplicaConfirmation(options.client, options.confirmWrites, 'RedisTwoFactorStore');
  }

  async getApplication(applicationId: string): Promise<ApplicationRecord | undefined> {
    const json = await this.client.hget(`${this.prefix}apps`, applicationId);
    return json === null ? undefined : (JSON.parse(json) as ApplicationRecord);
  }

  async listApplications(): Promise<ApplicationRecord[]> {
    return this.listRecords<ApplicationRecord>('apps', 'apps:order');
  }

  async putApplication(application: ApplicationRecord): Promise<void> {
    await this.writes.run(
      'nestjsInfobip2faPutRecord',
      `${this.prefix}apps`,
      `${this.prefix}apps:order`,
      application.applicationId,
      JSON.stringify(application),
    );
  }

  async getTemplate(applicationId: string, messageId: string): Promise<TemplateRecord | undefined> {
    const json = await this.client.hget(`${this.prefix}tpl:${applicationId}`, messageId);
    return json === null ? undefined : (JSON.parse(json) as TemplateRecord);
  }

  async listTemplates(applicationId: string): Promise<TemplateRecord[]> {
    return this.listRecords<TemplateRecord>(`tpl:${applicationId}`, `tpl-order:${applicationId}`);
  }

  async putTemplate(template: TemplateRecord): Promise<void> {
    const { applicationId, messageId } = template.message;
    await this.writes.run(
      'nestjsInfobip2faPutRecord',
      `${this.prefix}tpl:${applicationId}`,
      `${this.prefix}tpl-order:${applicationId}`,
      messageId,
      JSON.stringify(template),
    );
  }

  async createPin(pin: PinRecord, limits: SendLimits, now: number): Promise<CreatePinOutcome> {
    const [created, retryAfterMs] = await this.writes.run<number[]>(
      'nestjsInfobip2faCreatePin',
      this.prefix,
      now,
      ...limitArgs(limits),
      ...pinToHash(pin),
    );
    return created === 1
      ? { status: 'created' }
      : { status: 'rate_limited', retryAfterMs: Number(retryAfterMs) };
  }

  async getPin(pinId: string, now: number): Promise<PinRecord | undefined> {
    const pin = pinFromHash(await this.client.hgetall(`${this.prefix}pin:${pinId}`));
    return pin && now < pin.keepUntil ? pin : undefined;
  }

  async resendPin(pinId: string, limits: SendLimits, now: number): Promise<ResendPinOutcome> {
    const [status, detail] = await this.writes.run<[string, unknown]>(
      'nestjsInfobip2faResendPin',
      this.prefix,
      pinId,
      now,
      ...limitArgs(limits),
    );
    switch (status) {
      case 'resent': {
        const pin = pinFromHash(detail as string[]);
        return pin ? { status, pin } : { status: 'not_found' };
      }
      case 'rate_limited':
        return { status, retryAfterMs: Number(detail) };
      case 'not_found':
      case 'expired':
      case 'verified':
      case 'locked':
        return { status };
      default:
        throw new Error(`RedisTwoFactorStore: unexpected resend outcome ${status}`);
    }
  }

  async verifyPin(pinId: string, correct: boolean, now: number): Promise<VerifyPinOutcome> {
    const [status, to, attempts] = await this.writes.run<[string, unknown, unknown]>(
      'nestjsInfobip2faVerifyPin',
      this.prefix,
      pinId,
      correct ? 1 : 0,
      now,
    );
    switch (status) {
      case 'not_found':
        return { status };
      case 'rate_limited':
        return { status, retryAfterMs: Number(to) };
      case 'expired':
      case 'no_attempts':
      case 'wrong':
      case 'verified':
        return { status, to: String(to), attemptsRemaining: Number(attempts) };
      default:
        throw new Error(`RedisTwoFactorStore: unexpected verify outcome ${status}`);
    }
  }

  async listPins(applicationId: string, to: string, now: number): Promise<PinRecord[]> {
    const hashes = await this.client.nestjsInfobip2faListPins(this.prefix, applicationId, to, now);
    return hashes.flatMap((hash) => pinFromHash(hash) ?? []);
  }

  /** Nothing to release: the client belongs to the application, which closes it. */
  async close(): Promise<void> {}

  private async listRecords<T>(hash: string, order: string): Promise<T[]> {
    const records = await this.client.nestjsInfobip2faListRecords(this.prefix + hash, this.prefix + order);
    return records.flatMap((json) => (json === null ? [] : [JSON.parse(json) as T]));
  }
}

function limitArgs({ perApplication, perDestination }: SendLimits): number[] {
  return [perApplication.count, perApplication.windowMs, perDestination.count, perDestination.windowMs];
}
