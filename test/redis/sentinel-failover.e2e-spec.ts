import Redis from 'ioredis';
import { randomBytes } from 'node:crypto';
import { InMemoryOutbox } from '../../lib/engine/in-memory.outbox';
import { LocalTwoFactorEngine } from '../../lib/engine/local-two-factor.engine';
import { smsSetup } from '../../lib/engine/testing';
import { RedisTwoFactorStore } from '../../lib/storage/redis-two-factor.store';
import { TwoFactorKeys } from '../../lib/storage/redis/two-factor.keys';
import { ManualClock } from '../../lib/time/clock';
import { startRedisSentinel, type TestRedisSentinel } from '../support/redis-sentinel';
import { describeWithRedis } from '../support/redis-server';
import { raceOnPrimary, settle, wrongPin, type Outcome } from './support/failover-race';

const PIN_ATTEMPTS = 5;
const FAILOVERS = 4;
const WRONG_IN_FLIGHT = 3;

/** What one challenge answered over its whole life, failovers included. */
class Tally {
  verified = 0;
  wrong = 0;
  failed = 0;

  add(...outcomes: Outcome[]): void {
    for (const outcome of outcomes) {
      if (outcome === 'failed') this.failed++;
      else if (outcome.verified) this.verified++;
      else if (outcome.pinError === 'WRONG_PIN') this.wrong++;
    }
  }
}

interface RoundResult {
  /** WRONG_PIN answers beyond pinAttempts, over both challenges. */
  extraAttempts: number;
  /** `verified: true` answers beyond the first. */
  doubleVerifies: number;
  /** Requests that rejected instead of answering. */
  failedClosed: number;
}

// Redis replicates asynchronously: a write the primary acknowledged can be missing on the replica
// that Sentinel promotes. Each round freezes the replica and cuts its link (a network blip), races
// wrong PINs and the right PIN on the primary, kills the primary (SIGKILL) with those writes
// applied there only, lets Sentinel promote the replica, and then counts what the attacker got.
describeWithRedis('RedisTwoFactorStore through Sentinel failovers', () => {
  let sentinel: TestRedisSentinel;
  let client: Redis;
  const outbox = new InMemoryOutbox();
  const clock = new ManualClock();
  const secret = randomBytes(32);
  let app: { applicationId: string; messageId: string };
  let phones = 0;
  const keys = new TwoFactorKeys('failover:');

  /** An engine on the shared client; `confirmWrites` as the store takes it. */
  function engineOn(confirmWrites?: false) {
    const store = new RedisTwoFactorStore({
      client,
      prefix: 'failover:',
      confirmWrites: confirmWrites ?? { timeoutMs: 2_000 },
    });
    return { store, engine: new LocalTwoFactorEngine({ store, clock, outbox, secret }) };
  }

  beforeAll(async () => {
    sentinel = await startRedisSentinel();
    // As the sample app runs it: no offline queue, so requests fail at once while the primary is gone.
    client = sentinel.client({ enableOfflineQueue: false, maxRetriesPerRequest: 0 });
    client.on('error', () => undefined);
    await new Promise((resolve) => client.once('ready', resolve));
    app = await smsSetup(engineOn().engine, {
      pinAttempts: PIN_ATTEMPTS,
      allowMultiplePinVerifications: false,
      verifyPinLimit: '1000/1s',
    });
  });

  afterAll(async () => {
    client?.disconnect();
    await sentinel?.stop();
  });

  /** A PIN sent to a new destination, and the Redis key of its record. */
  async function challenge(
    engine: LocalTwoFactorEngine,
  ): Promise<{ pinId: string; pin: string; key: string }> {
    const to = `4179300${String(++phones).padStart(4, '0')}`;
    const { pinId } = await engine.sendPinOverSms({ ...app, to });
    return {
      pinId: pinId!,
      pin: outbox.latest(to)!.pin,
      key: keys.pin(keys.group(app.applicationId, to), pinId!),
    };
  }

  /** Resolves once the client is connected to a primary again. */
  async function reconnected(): Promise<void> {
    while ((await client.ping().catch(() => 'down')) !== 'PONG') {
      await new Promise((resolve) => client.once('ready', resolve));
    }
  }

  /** One failover under attack; `confirmWrites: false` for the unconfirmed control. */
  async function round(confirmWrites?: false): Promise<RoundResult> {
    const { engine } = engineOn(confirmWrites);
    const guessed = await challenge(engine); // wrong PINs only
    const raced = await challenge(engine); // wrong PINs and the right one
    const guesses = new Tally();
    const race = new Tally();

    const primary = await sentinel.primary();
    const replica = sentinel.servers.find((server) => server !== primary)!;
    replica.pause();
    const direct = new Redis(primary.port, '127.0.0.1');
    await direct.client('KILL', 'TYPE', 'replica');

    const wrongGuess = () => settle(engine.verifyPin(guessed.pinId, { pin: wrongPin(guessed.pin) }));
    const inFlight = (await raceOnPrimary(engine, direct, guessed, raced, WRONG_IN_FLIGHT, PIN_ATTEMPTS))
      .outcomes;
    direct.disconnect();
    const promoted = sentinel.failover(() => replica.resume());
    const answered = await inFlight;
    guesses.add(...answered.slice(0, WRONG_IN_FLIGHT));
    race.add(...answered.slice(WRONG_IN_FLIGHT));
    await promoted;
    await reconnected();

    // On the promoted primary: guess until the PIN is locked, and try the right PIN again.
    for (let i = 0; i < 2 * PIN_ATTEMPTS; i++) {
      const outcome = await wrongGuess();
      guesses.add(outcome);
      if (outcome !== 'failed' && outcome.pinError === 'NO_MORE_PIN_ATTEMPTS') break;
    }
    race.add(await settle(engine.verifyPin(raced.pinId, { pin: raced.pin })));

    // The flow works again: a new PIN verifies once.
    const fresh = await challenge(engine);
    expect(await engine.verifyPin(fresh.pinId, { pin: fresh.pin })).toMatchObject({ verified: true });
    return {
      extraAttempts: Math.max(0, guesses.wrong - PIN_ATTEMPTS) + Math.max(0, race.wrong - PIN_ATTEMPTS),
      doubleVerifies: Math.max(0, race.verified - 1),
      failedClosed: guesses.failed + race.failed,
    };
  }

  it(`loses no attempt and verifies no PIN twice over ${FAILOVERS} failovers, and works after each`, async () => {
    const totals = { failovers: 0, doubleVerifies: 0, extraAttempts: 0, failedClosed: 0 };
    for (let i = 0; i < FAILOVERS; i++) {
      const result = await round();
      totals.failovers++;
      totals.doubleVerifies += result.doubleVerifies;
      totals.extraAttempts += result.extraAttempts;
      totals.failedClosed += result.failedClosed;
      // Every request whose write the replica never received failed closed.
      expect(result.failedClosed).toBe(WRONG_IN_FLIGHT + 2);
    }
    console.log(
      `failovers run ${totals.failovers}, double verifies ${totals.doubleVerifies}, ` +
        `extra attempts ${totals.extraAttempts}, requests failed closed ${totals.failedClosed}`,
    );
    expect(totals).toEqual({
      failovers: FAILOVERS,
      doubleVerifies: 0,
      extraAttempts: 0,
      failedClosed: FAILOVERS * (WRONG_IN_FLIGHT + 2),
    });
  }, 300_000);

  it('without replica confirmation, the same failover hands out attempts and a second verification', async () => {
    // Why confirmWrites exists: this is what a failover does to acknowledged writes.
    const result = await round(false);
    console.log(
      `unconfirmed control: double verifies ${result.doubleVerifies}, extra attempts ${result.extraAttempts}`,
    );
    expect(result).toEqual({ extraAttempts: WRONG_IN_FLIGHT, doubleVerifies: 1, failedClosed: 0 });
  }, 120_000);
});
