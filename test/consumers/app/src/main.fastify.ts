import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import fastifyCookie from '@fastify/cookie';
import fastifySession from '@fastify/session';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppModule } from './app.module.js';
import { runFlow, runMain } from './flow.js';

/**
 * The flow on Nest's Fastify platform with @fastify/session, on a free loopback port. The app
 * has neither Express's nor express-session's types installed.
 */
runMain(async () => {
  const app = await NestFactory.create<NestFastifyApplication>(AppModule, new FastifyAdapter(), {
    logger: ['error', 'warn'],
  });
  await app.register(fastifyCookie);
  await app.register(fastifySession, {
    secret: randomBytes(32).toString('hex'),
    cookieName: 'sid',
    cookie: { secure: false },
    saveUninitialized: false,
  });
  await app.listen(0, '127.0.0.1');
  try {
    await runFlow((await app.getUrl()).replace('[::1]', '127.0.0.1'));
  } finally {
    await app.close();
  }
});
