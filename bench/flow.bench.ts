import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { startEmulator, type StartedEmulator } from 'nestjs-infobip-2fa/emulator';
import { type InMemoryOutbox } from 'nestjs-infobip-2fa';
import { runBenchmark } from './support/benchmark';
import { SampleAppDriver, type FlowUser } from './support/flow-driver';
import { SampleAppProcess } from './support/sample-app.process';
import { interleave, median, medianRatio } from './support/stats';

/*
 * Whole sign-in flows through the sample app (login -> PIN -> verify -> GET /account), on the
 * embedded engine and on TWO_FACTOR_PROVIDER=infobip against the emulator, in turns. Each app
 * runs in a process of its own; this process drives the flows and hosts the emulator. The
 * baseline is the password check alone (the app's own scrypt check, in the app's process, at
 * the same concurrency), which bounds any flow that starts with a password.
 */

const SAMPLE_APP = resolve(__dirname, '..', '..', '..', 'dist-sample', 'create-app.js');
/**
 * Logins per account: the module's default `sendLimits.perDestination` is 5 PINs a day per
 * number, all purposes together, and registration took one.
 */
const LOGINS_PER_ACCOUNT = 4;
/**
 * Accounts per client address: the module's default `sendLimits.perIp` is 50 PINs an hour per
 * IP, and an account asks for at most 5 (registration and 4 logins). Requests come from
 * 127.0.0.2, 127.0.0.3... as they would from many users' devices.
 */
const ACCOUNTS_PER_ADDRESS = 8;
const PASSWORD = 'correct horse battery';

function accounts(prefix: string, count: number): FlowUser[] {
  return Array.from({ length: count }, (_, i) => {
    const host = 2 + Math.floor(i / ACCOUNTS_PER_ADDRESS);
    return {
      username: `${prefix}${i}`,
      password: PASSWORD,
      // Swiss mobile numbers (+41 79 ...), one per account.
      phone: `+4179${String(i).padStart(7, '0')}`,
      address: `127.0.${host >> 8}.${host & 255}`,
      logins: 0,
      readyAt: 0,
    };
  });
}

async function registerAll(driver: SampleAppDriver, users: FlowUser[], concurrency: number): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < users.length) await driver.register(users[next++]);
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

runBenchmark('flow', async (bench) => {
  if (!existsSync(SAMPLE_APP)) {
    bench.skip(
      'flow',
      'dist-sample/create-app.js is missing: run `npm run build:sample` (`npm run bench` does)',
    );
    return;
  }
  const concurrency = 8;
  const roundMs = bench.scale(3_000, 1_500);
  // Enough accounts that the per-number send limit never stops a round, even on a larger machine.
  const accountsPerApp = bench.scale(Math.max(120, 40 * availableParallelism()), 30);
  const processes: SampleAppProcess[] = [];
  const drivers: SampleAppDriver[] = [];
  let emulator: StartedEmulator | undefined;
  try {
    const local = await SampleAppProcess.start({
      TWO_FACTOR_PROVIDER: 'local',
      SESSION_SECRET: 'bench session secret, local',
    });
    processes.push(local);
    const localDriver = new SampleAppDriver(local.url, (to) => local.pin(to), concurrency);
    drivers.push(localDriver);

    emulator = await startEmulator();
    const emulatorOutbox = emulator.emulator.engine.outbox as InMemoryOutbox;
    const infobip = await SampleAppProcess.start({
      TWO_FACTOR_PROVIDER: 'infobip',
      INFOBIP_BASE_URL: emulator.url,
      INFOBIP_API_KEY: 'bench-api-key',
      SESSION_SECRET: 'bench session secret, infobip',
    });
    processes.push(infobip);
    const infobipDriver = new SampleAppDriver(
      infobip.url,
      async (to) => emulatorOutbox.latest(to)?.pin,
      concurrency,
    );
    drivers.push(infobipDriver);

    const localUsers = accounts('local', accountsPerApp);
    const infobipUsers = accounts('infobip', accountsPerApp);
    const started = Date.now();
    await Promise.all([
      registerAll(localDriver, localUsers, concurrency),
      registerAll(infobipDriver, infobipUsers, concurrency),
    ]);
    bench.log(`registered ${2 * accountsPerApp} accounts in ${((Date.now() - started) / 1000).toFixed(1)} s`);

    const stops = new Map<string, string>();
    const flows = (name: string, driver: SampleAppDriver, users: FlowUser[]) => async (): Promise<number> => {
      const run = await driver.run(users, roundMs, concurrency, LOGINS_PER_ACCOUNT);
      if (run.stoppedBy && !stops.has(name)) stops.set(name, run.stoppedBy);
      if (run.waitedMs > 0 && !stops.has(name)) {
        stops.set(
          name,
          `flows waited ${Math.round(run.waitedMs)} ms for the 1 verification / 3 s per number limit`,
        );
      }
      return run.flowsPerSecond;
    };
    const samples = await interleave(
      bench.rounds,
      [
        { name: 'password', measure: () => local.passwordChecks(PASSWORD, roundMs, concurrency) },
        { name: 'local', measure: flows('local', localDriver, localUsers) },
        { name: 'infobip', measure: flows('infobip', infobipDriver, infobipUsers) },
      ],
      bench.log,
    );
    const [password, localFlows, infobipFlows] = ['password', 'local', 'infobip'].map((name) =>
      samples.get(name)!,
    );
    const limitNote = (name: string): string => (stops.has(name) ? `; LIMITED: ${stops.get(name)}` : '');
    bench.record({
      name: 'flow.password_check',
      value: median(password),
      unit: 'checks/s',
      note: `the app's scrypt password check alone, ${concurrency} at a time`,
    });
    bench.record({
      name: 'flow.local',
      value: median(localFlows),
      unit: 'flows/s',
      note: `embedded engine, ${concurrency} flows in flight, ${accountsPerApp} accounts on ${Math.ceil(accountsPerApp / ACCOUNTS_PER_ADDRESS)} client addresses${limitNote('local')}`,
    });
    bench.record({
      name: 'flow.infobip',
      value: median(infobipFlows),
      unit: 'flows/s',
      note: `TWO_FACTOR_PROVIDER=infobip, emulator${limitNote('infobip')}`,
    });
    bench.ratio('local_vs_password_check', medianRatio(localFlows, password), 'flow.password_check');
    bench.ratio('infobip_vs_local', medianRatio(infobipFlows, localFlows), 'flow.local');
  } finally {
    for (const driver of drivers) driver.close();
    for (const app of processes) await app.close();
    await emulator?.close();
  }
});
