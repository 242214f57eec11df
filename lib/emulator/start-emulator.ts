import { InfobipEmulator, type InfobipEmulatorOptions } from './infobip.emulator';

/** Options of {@link startEmulator}: the emulator's, plus where to listen. */
export interface StartEmulatorOptions extends InfobipEmulatorOptions {
  /** Default 0: a free port. */
  port?: number;
  /** Default `127.0.0.1`. */
  host?: string;
}

/** A listening emulator. */
export interface StartedEmulator {
  /** Base URL, e.g. `http://127.0.0.1:40123`; give it to any Infobip client as its base URL. */
  url: string;
  emulator: InfobipEmulator;
  /** Stops the server (and the engine, when the emulator created it). */
  close(): Promise<void>;
}

/**
 * Creates an {@link InfobipEmulator} and starts it, for integration tests and scripts.
 *
 * @example
 * const { url, emulator, close } = await startEmulator();
 * const client = new InfobipTwoFactorClient({ baseUrl: url, apiKey: 'any' });
 * // ... send a PIN, then read it: emulator.engine.outbox or GET `${url}/_emulator/messages`
 * await close();
 */
export async function startEmulator(options: StartEmulatorOptions = {}): Promise<StartedEmulator> {
  const { port = 0, host = '127.0.0.1', ...emulatorOptions } = options;
  const emulator = new InfobipEmulator(emulatorOptions);
  try {
    const url = await emulator.listen(port, host);
    return { url, emulator, close: () => emulator.close() };
  } catch (error) {
    await emulator.close();
    throw error;
  }
}
