import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { NestFactory } from '@nestjs/core';
import session from 'express-session';
import { checkSessionOptions } from 'nestjs-infobip-2fa';
import { AppModule } from './app.module.js';
import { runFlow, runMain } from './flow.js';

/** The flow on Nest's default platform, Express, with express-session, on a free loopback port. */
runMain(async () => {
  const app = await NestFactory.create(AppModule, { logger: ['error', 'warn'] });
  const secret = randomBytes(32).toString('hex');
  app.use(session(checkSessionOptions({ secret, resave: false, saveUninitialized: false })));
  await app.listen(0, '127.0.0.1');
  try {
    await runFlow((await app.getUrl()).replace('[::1]', '127.0.0.1'));
  } finally {
    await app.close();
  }
});
