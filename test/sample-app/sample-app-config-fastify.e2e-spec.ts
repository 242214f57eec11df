import request from 'supertest';
import { createSampleServer } from '../../sample-app/sample-server';
import { closedPort } from '../support/closed-port';

describe('sample app start-up checks with SAMPLE_PLATFORM', () => {
  const start = (env: Record<string, string>) => createSampleServer(env, { logger: false, printPins: false });
  const fastify = (env: Record<string, string> = {}) => start({ SAMPLE_PLATFORM: 'nest-fastify', ...env });

  it('names SAMPLE_PLATFORM and the platforms it takes when the value is none of them', async () => {
    for (const value of ['fastify', 'Nest-Fastify', 'koa']) {
      await expect(start({ SAMPLE_PLATFORM: value })).rejects.toThrow(
        `SAMPLE_PLATFORM must be one of nest-express, nest-fastify, express, got '${value}'`,
      );
    }
  });

  it('runs the same checks on nest-fastify, with the same messages, before anything starts', async () => {
    await expect(fastify({ TWO_FACTOR_PROVIDER: 'infobip', INFOBIP_API_KEY: 'key' })).rejects.toThrow(
      'INFOBIP_BASE_URL is required when TWO_FACTOR_PROVIDER=infobip',
    );
    await expect(fastify({ NODE_ENV: 'production' })).rejects.toThrow(
      /SESSION_SECRET is required when NODE_ENV=production/,
    );
    await expect(fastify({ NODE_ENV: 'production', SESSION_SECRET: 's'.repeat(40) })).rejects.toThrow(
      /NODE_ENV=production needs a session store shared by all instances/,
    );
  });

  it('names REDIS_URL, password masked, when Redis cannot be reached on nest-fastify', async () => {
    const port = await closedPort();
    const error = await fastify({
      REDIS_URL: `redis://app:hunter2@127.0.0.1:${port}`,
      ENGINE_SECRET: 'e'.repeat(32),
    }).catch((e: Error) => e);
    expect(String(error)).toContain(`REDIS_URL (redis://app:****@127.0.0.1:${port}) cannot be reached`);
    expect(String(error)).not.toContain('hunter2');
  });

  it('takes a SESSION_SECRET shorter than @fastify/session wants outside production, as on Express', async () => {
    const sample = await fastify({ SESSION_SECRET: 'dev secret' });
    try {
      expect(sample.platform).toBe('nest-fastify');
      const res = await request(sample.server)
        .post('/auth/register')
        .send({ username: 'short-secret', password: 'a long enough password', phone: '+41791234567' });
      expect(res.status).toBe(201);
      expect(String(res.headers['set-cookie'])).toMatch(
        /^sid=[^;]+; Path=\/; Expires=[^;]+; HttpOnly; SameSite=Lax$/,
      );
    } finally {
      await sample.close();
    }
  });
});
