import type { INestApplication } from '@nestjs/common';
import { MemoryStore } from 'express-session';
import type {
  AdjustableClock,
  InMemoryOutbox,
  LocalTwoFactorEngine,
  OutboxMessage,
  TwoFactorService,
} from 'nestjs-infobip-2fa';
import { startEmulator, type StartedEmulator } from 'nestjs-infobip-2fa/emulator';
import type { App } from 'supertest/types';
import type { SampleEnv, SamplePlatform } from '../../../sample-app/config/sample-config';
import type { SampleAppOverrides } from '../../../sample-app/config/sample-app-overrides';
import { createSampleServer, type SampleServer } from '../../../sample-app/sample-server';
import { AttackClient } from './attack-client';
import { LogCapture } from './log-capture';

/** Where the sample app gets its PINs: the embedded engine, or Infobip's API served by the emulator. */
export type ProviderKind = 'local' | 'infobip';

/** The two providers every attack runs against. */
export const PROVIDERS: readonly ProviderKind[] = ['local', 'infobip'];

/** A running sample app under attack, on any platform, and the controls a test needs over it. */
export interface PlatformTarget {
  kind: ProviderKind;
  platform: SamplePlatform;
  server: App;
  /** The session store: tests look ids up in it to prove they are dead. */
  sessions: MemoryStore;
  /** With `infobip`: the emulator, for fault injection. */
  emulator?: StartedEmulator;
  /** The emulator's API key (`infobip`). */
  apiKey?: string;
  /** Every response any client of this target received. */
  transcript: string[];
  /** Every line the app logged. */
  logs: LogCapture;
  client(): AttackClient;
  /** Messages sent to a phone number (E.164 with `+`) or email address, oldest first. */
  messages(to: string): OutboxMessage[];
  allMessages(): OutboxMessage[];
  /** Moves the PIN provider's and the module's clock forward. */
  advance(ms: number): void;
  /** With `local`: the embedded engine (e.g. to make it fail once). */
  engine?: LocalTwoFactorEngine;
  /** The 2FA module's service (its events). */
  service: TwoFactorService;
  close(): Promise<void>;
}

/** The sample app on Nest under attack: also its Nest application, for tests that reach inside. */
export interface SampleTarget extends PlatformTarget {
  app: INestApplication;
}

/** Options of {@link startSampleTarget}. */
export interface SampleTargetOptions {
  /** More environment (the provider's is set here). */
  env?: SampleEnv;
  overrides?: SampleAppOverrides;
  /** The emulator's API key; `appApiKey` is what the app is configured with (default: the same). */
  apiKey?: string;
  appApiKey?: string;
  /** Where the app's log lines go (default: a new capture). */
  logs?: LogCapture;
}

/** Starts the sample app on `platform` and `kind`, its logs captured, PINs kept off the console. */
export async function startPlatformTarget(
  platform: SamplePlatform,
  kind: ProviderKind,
  options: SampleTargetOptions = {},
): Promise<PlatformTarget & { nestApp: INestApplication | undefined }> {
  const logs = options.logs ?? new LogCapture();
  const sessions = new MemoryStore();
  const transcript: string[] = [];
  const base = { logger: logs, printPins: false, sessionStore: sessions, ...options.overrides };
  const env = { SAMPLE_PLATFORM: platform, ...options.env };
  const common = { kind, platform, sessions, transcript, logs };
  const withClient = (sample: SampleServer) => {
    if (!sample.twoFactor) throw new Error(`the sample app on ${platform} does not expose its 2FA service`);
    const server = sample.server;
    return { server, service: sample.twoFactor, client: () => new AttackClient(server, transcript) };
  };
  if (kind === 'local') {
    const sample = await createSampleServer({ TWO_FACTOR_PROVIDER: 'local', ...env }, base);
    const { engine, outbox } = sample;
    if (!engine || !outbox) throw new Error('the sample app on the local provider has no embedded engine');
    const clock = engine.clock as AdjustableClock;
    return {
      ...common,
      ...withClient(sample),
      nestApp: sample.nestApp,
      engine,
      messages: (to) => outbox.list(to),
      allMessages: () => outbox.list(),
      advance: (ms) => clock.advance(ms),
      close: () => sample.close(),
    };
  }
  const apiKey = options.apiKey ?? 'security-suite-emulator-key-7f3a9c';
  const emulator = await startEmulator({ port: 0, host: '127.0.0.1', apiKey });
  const clock = emulator.emulator.engine.clock as AdjustableClock;
  const outbox = emulator.emulator.engine.outbox as InMemoryOutbox;
  let sample: SampleServer;
  try {
    sample = await createSampleServer(
      {
        TWO_FACTOR_PROVIDER: 'infobip',
        INFOBIP_BASE_URL: emulator.url,
        INFOBIP_API_KEY: options.appApiKey ?? apiKey,
        ...env,
      },
      { clock, ...base },
    );
  } catch (error) {
    await emulator.close();
    throw error;
  }
  return {
    ...common,
    ...withClient(sample),
    nestApp: sample.nestApp,
    emulator,
    apiKey,
    messages: (to) => outbox.list(to),
    allMessages: () => outbox.list(),
    advance: (ms) => clock.advance(ms),
    close: async () => {
      await sample.close();
      await emulator.close();
    },
  };
}

/** The platforms whose sample app is a Nest application. */
export type NestPlatform = 'nest-express' | 'nest-fastify';

/**
 * Starts the sample app on Nest (on Express unless `platform` says Fastify) and `kind`, its logs
 * captured, PINs kept off the console.
 */
export async function startSampleTarget(
  kind: ProviderKind,
  options: SampleTargetOptions = {},
  platform: NestPlatform = 'nest-express',
): Promise<SampleTarget> {
  const { nestApp, ...target } = await startPlatformTarget(platform, kind, options);
  if (!nestApp) throw new Error(`the sample app on ${platform} has no Nest application`);
  return { ...target, app: nestApp };
}

/** Whether the session id is still in the store. */
export function sessionExists(store: MemoryStore, id: string | undefined): Promise<boolean> {
  if (id === undefined) return Promise.resolve(false);
  return new Promise((resolve, reject) =>
    store.get(id, (error, session) => (error ? reject(error) : resolve(!!session))),
  );
}
