import type { INestApplication } from '@nestjs/common';
import { join, resolve } from 'node:path';
import { InMemoryOutbox } from 'nestjs-infobip-2fa';
import { ratePerSecond } from './stats';

/*
 * Hosts one sample app in this process (passport keeps its strategies in a process-wide
 * singleton, so two sample apps can't share a process). Talks to the benchmark over IPC:
 * `ready` with the URL; PINs of the embedded engine's outbox on request; the password-check
 * baseline measured here, beside the app, on the same thread pool.
 */

const SAMPLE_DIST = resolve(__dirname, '..', '..', '..', '..', 'dist-sample');

type CreateSampleApp = (
  env: Record<string, string | undefined>,
  options?: { logger?: false; printPins?: boolean },
) => Promise<INestApplication>;
interface PasswordModule {
  hashPassword(password: string): Promise<unknown>;
  verifyPassword(password: string, stored: unknown): Promise<boolean>;
}

/** Messages from the benchmark. */
export type HostRequest =
  | { type: 'pin'; id: number; to: string }
  | { type: 'password-check'; id: number; password: string; ms: number; concurrency: number }
  | { type: 'close' };
/** Messages to the benchmark. */
export type HostReply =
  | { type: 'ready'; url: string }
  | { type: 'failed'; error: string }
  | { type: 'pin'; id: number; pin?: string }
  | { type: 'password-check'; id: number; perSecond: number };

function reply(message: HostReply): void {
  process.send?.(message);
}

async function main(): Promise<void> {
  const env = JSON.parse(process.env.SAMPLE_APP_ENV ?? '{}') as Record<string, string>;
  const { createSampleApp } = (await import(join(SAMPLE_DIST, 'create-app.js'))) as {
    createSampleApp: CreateSampleApp;
  };
  const passwords = (await import(join(SAMPLE_DIST, 'users', 'password.js'))) as PasswordModule;
  const app = await createSampleApp(env, { logger: false, printPins: false });
  await app.listen(0, '127.0.0.1');
  const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  const outbox = env.TWO_FACTOR_PROVIDER === 'infobip' ? undefined : app.get(InMemoryOutbox);

  process.on('message', (message: HostRequest) => {
    switch (message.type) {
      case 'pin':
        reply({ type: 'pin', id: message.id, pin: outbox?.latest(message.to)?.pin });
        return;
      case 'password-check':
        void (async () => {
          const stored = await passwords.hashPassword(message.password);
          const batch = () =>
            Promise.all(
              Array.from({ length: message.concurrency }, () =>
                passwords.verifyPassword(message.password, stored),
              ),
            );
          const perSecond = (await ratePerSecond(message.ms, batch, 1)) * message.concurrency;
          reply({ type: 'password-check', id: message.id, perSecond });
        })();
        return;
      case 'close':
        void app.close().then(() => process.exit(0));
    }
  });
  process.on('disconnect', () => void app.close().then(() => process.exit(0)));
  reply({ type: 'ready', url });
}

main().catch((error: unknown) => {
  reply({ type: 'failed', error: error instanceof Error ? error.message : String(error) });
  process.exit(1);
});
