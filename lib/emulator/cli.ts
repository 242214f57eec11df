#!/usr/bin/env node
/**
 * `infobip-2fa-emulator`: Infobip's 2FA API served by the embedded engine.
 *
 * Imports only the emulator and the engine (no Nest, no HTTP client) so that it
 * starts fast. Exit codes: 0 after SIGTERM/SIGINT, 1 when it cannot listen,
 * 2 for a bad command line.
 */
import { LocalTwoFactorEngine } from '../engine/local-two-factor.engine';
import { InMemoryTwoFactorStore } from '../storage/in-memory-two-factor.store';
import { OffsetClock } from '../time/clock';
import { EMULATOR_USAGE, parseEmulatorCliArgs } from './cli-options';
import { garbageCollector } from './collect-garbage';
import { InfobipEmulator } from './infobip.emulator';

async function main(): Promise<void> {
  const command = parseEmulatorCliArgs(process.argv.slice(2), process.env);
  if (command.kind === 'help') {
    process.stdout.write(EMULATOR_USAGE);
    return;
  }
  if (command.kind === 'error') {
    process.stderr.write(`infobip-2fa-emulator: ${command.message}\n\n${EMULATOR_USAGE}`);
    process.exitCode = 2;
    return;
  }
  const { port, host, verbose, ...options } = command.options;
  // After a burst, once the sweep forgot most PINs, the memory goes back at once
  // (the emulator closes neither engine nor store it did not create: stop() does).
  const clock = new OffsetClock();
  const store = new InMemoryTwoFactorStore({ clock, afterLargeSweep: garbageCollector() });
  const engine = new LocalTwoFactorEngine({ clock, store });
  let emulator: InfobipEmulator;
  try {
    emulator = new InfobipEmulator({
      ...options,
      engine,
      log: verbose ? (line) => process.stdout.write(`${line}\n`) : undefined,
    });
  } catch (error) {
    // A credential the emulator refuses (e.g. too long); the message names the option, never the value.
    process.stderr.write(`infobip-2fa-emulator: ${error instanceof Error ? error.message : String(error)}\n`);
    await engine.close();
    process.exitCode = 2;
    return;
  }
  let url: string;
  try {
    url = await emulator.listen(port, host);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    process.stderr.write(`infobip-2fa-emulator: cannot listen on ${host}:${port}: ${reason}\n`);
    await emulator.close();
    await store.close();
    process.exitCode = 1;
    return;
  }
  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    emulator
      .close()
      .then(() => engine.close())
      .then(
        () => {
          process.stdout.write(`infobip-2fa-emulator stopped (${signal})\n`);
          process.exit(0);
        },
        (error: unknown) => {
          process.stderr.write(`infobip-2fa-emulator: error while stopping: ${String(error)}\n`);
          process.exit(1);
        },
      );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  const schemes = [
    options.apiKey && 'App',
    options.basic && 'Basic',
    options.bearer && 'Bearer',
    options.ibsso && 'IBSSO',
  ].filter(Boolean);
  const auth = schemes.length
    ? ` (credentials required: ${schemes.join(', ')})`
    : ' (any App, Basic, Bearer or IBSSO credential)';
  process.stdout.write(`infobip-2fa-emulator listening on ${url}${auth}\n`);
}

void main();
