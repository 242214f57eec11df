import { InMemoryUserStore } from './in-memory-user.store';
import type { User } from './user';

const account = (username: string, expiresAt?: number): User => ({
  id: `id-${username}`,
  username,
  phone: '+41791234567',
  password: { salt: Buffer.alloc(16), hash: Buffer.alloc(64) },
  verified: expiresAt === undefined,
  ...(expiresAt !== undefined ? { expiresAt } : {}),
});

describe('InMemoryUserStore', () => {
  let now = 0;
  let store: InMemoryUserStore;
  beforeEach(() => {
    now = 0;
    store = new InMemoryUserStore(() => now);
  });

  it('forgets an unconfirmed account when it expires, and frees its name', async () => {
    expect(await store.insert(account('ann', 1_000))).toBe(true);
    expect(await store.insert(account('ann'))).toBe(false);
    now = 1_000;
    expect(await store.findByUsername('ann')).toBeUndefined();
    expect(await store.findById('id-ann')).toBeUndefined();
    expect(await store.insert({ ...account('ann'), id: 'id-ann-2' })).toBe(true);
    expect((await store.findByUsername('ann'))?.id).toBe('id-ann-2');
  });

  it('keeps a confirmed account for good', async () => {
    await store.insert(account('bob', 1_000));
    await store.markVerified('id-bob');
    now = 10_000;
    expect(await store.findByUsername('bob')).toMatchObject({ verified: true });
    expect((await store.findById('id-bob'))?.expiresAt).toBeUndefined();
  });

  it('does not confirm an account that already expired', async () => {
    await store.insert(account('cay', 1_000));
    now = 2_000;
    await store.markVerified('id-cay');
    expect(await store.findById('id-cay')).toBeUndefined();
  });

  it('sweeps expired accounts nobody looks up again', async () => {
    for (let i = 0; i < 50; i++) await store.insert(account(`squat-${i}`, 1_000));
    now = 1_000;
    await store.insert(account('late', 5_000));
    const sizes = store as unknown as { byId: Map<string, User>; byName: Map<string, User> };
    expect([sizes.byId.size, sizes.byName.size]).toEqual([1, 1]);
  });
});
