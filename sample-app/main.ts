import 'reflect-metadata';
import { createSampleApp } from './create-app';

async function bootstrap(): Promise<void> {
  const port = Number(process.env.PORT || 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`PORT must be a port number, got '${process.env.PORT}'`);
  }
  const app = await createSampleApp(process.env);
  app.enableShutdownHooks();
  await app.listen(port);
  // PORT=0 picks a free port: print the one in use.
  const address = app.getHttpServer().address();
  const listening = typeof address === 'object' && address ? address.port : port;
  console.log(`sample app listening on http://localhost:${listening}`);
}

bootstrap().catch((error: unknown) => {
  console.error(`sample app failed to start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
