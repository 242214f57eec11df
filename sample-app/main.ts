import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import { createSampleServer } from './sample-server';

async function bootstrap(): Promise<void> {
  const port = Number(process.env.PORT || 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`PORT must be a port number, got '${process.env.PORT}'`);
  }
  const sample = await createSampleServer(process.env);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      sample.close().then(
        () => process.exit(0),
        () => process.exit(1),
      );
    });
  }
  await new Promise<void>((resolve, reject) => {
    sample.server.once('error', reject);
    sample.server.listen(port, resolve);
  });
  // PORT=0 picks a free port: print the one in use.
  const listening = (sample.server.address() as AddressInfo).port;
  console.log(`sample app listening on http://localhost:${listening} (${sample.platform})`);
}

bootstrap().catch((error: unknown) => {
  console.error(`sample app failed to start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
