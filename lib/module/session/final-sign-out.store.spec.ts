import express from 'express';
import session, { MemoryStore, type SessionData } from 'express-session';
import request from 'supertest';
import { InMemoryCounterStore } from '../../storage/in-memory-counter.store';
import { FinalSignOutStore } from './final-sign-out.store';

const data = (user: string) => ({ cookie: { originalMaxAge: 60_000 }, user }) as unknown as SessionData;

describe('FinalSignOutStore', () => {
  let counters: InMemoryCounterStore;
  let inner: MemoryStore;
  let store: FinalSignOutStore<SessionData>;
  const get = (sid: string) =>
    new Promise<unknown>((resolve, reject) =>
      store.get(sid, (error, value) => (error ? reject(error) : resolve(value ?? undefined))),
    );
  const innerGet = (sid: string) =>
    new Promise<unknown>((resolve) => inner.get(sid, (_error, value) => resolve(value ?? undefined)));
  const call = (fn: (done: (error?: unknown) => void) => void) =>
    new Promise<void>((resolve, reject) => fn((error) => (error ? reject(error) : resolve())));

  beforeEach(() => {
    counters = new InMemoryCounterStore();
    inner = new MemoryStore();
    store = new FinalSignOutStore(inner, { counterStore: counters });
  });
  afterEach(() => counters.close());

  it('keeps sessions like the store it wraps', async () => {
    await call((done) => store.set('a', data('ann'), done));
    expect(await get('a')).toMatchObject({ user: 'ann' });
    await call((done) => store.touch('a', data('ann'), done));
    expect(await innerGet('a')).toMatchObject({ user: 'ann' });
  });

  it('never writes a destroyed id again: a request in flight cannot bring it back', async () => {
    await call((done) => store.set('a', data('ann'), done));
    const loaded = (await get('a')) as SessionData;
    await call((done) => store.destroy('a', done));
    // The request that loaded the session before the sign-out ends and saves its copy.
    await call((done) => store.set('a', loaded, done));
    await call((done) => store.touch('a', loaded, done));
    expect(await innerGet('a')).toBeUndefined();
    expect(await get('a')).toBeUndefined();
  });

  it('undoes a write that landed between the mark and the delete of a sign-out', async () => {
    await call((done) => store.set('a', data('ann'), done));
    // The write checked the id before the sign-out marked it, and lands after the delete.
    const innerSet = inner.set.bind(inner);
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    jest.spyOn(inner, 'set').mockImplementationOnce((sid, value, done) => {
      void held.then(() => innerSet(sid, value, done));
    });
    const write = call((done) => store.set('a', data('ann'), done));
    await new Promise((resolve) => setImmediate(resolve));
    await call((done) => store.destroy('a', done));
    release();
    await write;
    expect(await innerGet('a')).toBeUndefined();
  });

  it('marks only ids that were stored: renewing a new session costs no mark', async () => {
    const hit = jest.spyOn(counters, 'hit');
    await call((done) => store.destroy('never-stored', done));
    expect(hit).not.toHaveBeenCalled();
    await call((done) => store.set('a', data('ann'), done));
    await call((done) => store.destroy('a', done));
    expect(hit).toHaveBeenCalledTimes(1);
  });

  it('holds across instances sharing the counter store', async () => {
    const other = new FinalSignOutStore(inner, { counterStore: counters });
    await call((done) => store.set('a', data('ann'), done));
    await call((done) => other.destroy('a', done));
    await call((done) => store.set('a', data('ann'), done));
    expect(await innerGet('a')).toBeUndefined();
  });

  it('fails the request when the counter store fails, never writes unchecked', async () => {
    jest.spyOn(counters, 'get').mockRejectedValue(new Error('connection refused'));
    await expect(call((done) => store.set('a', data('ann'), done))).rejects.toThrow('connection refused');
    expect(await innerGet('a')).toBeUndefined();
  });

  it('refuses a tombstone lifetime that is not a positive number of milliseconds', () => {
    expect(() => new FinalSignOutStore(inner, { counterStore: counters, tombstoneTtlMs: 0 })).toThrow(
      'tombstoneTtlMs must be a positive whole number',
    );
  });

  it('works as express-session’s store: sign-out while a slow request is in flight is final', async () => {
    const app = express();
    app.use(session({ secret: 's', resave: false, saveUninitialized: false, store }));
    let releaseSlow!: () => void;
    const slowGate = new Promise<void>((resolve) => (releaseSlow = resolve));
    let slowStarted!: () => void;
    const slowRunning = new Promise<void>((resolve) => (slowStarted = resolve));
    app.post('/login', (req, res) => {
      (req.session as unknown as { user: string }).user = 'ann';
      res.sendStatus(200);
    });
    app.post('/slow', (req, res) => {
      slowStarted();
      (req.session as unknown as { seen: boolean }).seen = true;
      void slowGate.then(() => res.sendStatus(401));
    });
    app.post('/logout', (req, res) => req.session.destroy(() => res.sendStatus(204)));
    app.get('/me', (req, res) =>
      res.json({ user: (req.session as unknown as { user?: string }).user ?? null }),
    );

    const login = await request(app).post('/login');
    const cookie = login.headers['set-cookie'] as unknown as string[];
    const slow = request(app)
      .post('/slow')
      .set('Cookie', cookie)
      .then((res) => res);
    await slowRunning;
    expect((await request(app).post('/logout').set('Cookie', cookie)).status).toBe(204);
    releaseSlow();
    expect((await slow).status).toBe(401);
    expect((await request(app).get('/me').set('Cookie', cookie)).body).toEqual({ user: null });
  });
});
