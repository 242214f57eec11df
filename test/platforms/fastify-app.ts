import fastifyCookie from '@fastify/cookie';
import fastifySession from '@fastify/session';
import type { NestApplicationOptions } from '@nestjs/common';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { TestingModule } from '@nestjs/testing';

/**
 * The compiled test module as a Nest app on Fastify, with @fastify/session (cookie `sid`, not
 * saved until it holds something) on `store` (its in-memory store by default), ready for supertest.
 * Nest logs nothing unless `logger` says where; `cookie` adds to the session cookie's settings.
 */
export async function createFastifyApp(
  moduleRef: TestingModule,
  store?: object,
  logger: NestApplicationOptions['logger'] = false,
  cookie: { maxAge?: number } = {},
): Promise<NestFastifyApplication> {
  const app = moduleRef.createNestApplication<NestFastifyApplication>(new FastifyAdapter(), { logger });
  await app.register(fastifyCookie);
  await app.register(fastifySession, {
    secret: 'a test secret of at least thirty-two characters',
    cookieName: 'sid',
    cookie: { secure: false, ...cookie },
    saveUninitialized: false,
    ...(store ? { store: store as never } : {}),
  });
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return app;
}
