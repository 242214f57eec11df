import type { RecoveryCodeStore } from '../recovery-code-store.interface';
import type { RememberedDeviceStore } from '../remembered-device-store.interface';

const T0 = Date.UTC(2026, 0, 1);
const digests = (n: number, tag = 'd'): string[] => Array.from({ length: n }, (_, i) => `${tag}${i}`);

/** The rules every {@link RecoveryCodeStore} keeps, for each implementation's spec. */
export function recoveryCodeStoreSuite(make: () => RecoveryCodeStore): void {
  let store: RecoveryCodeStore;
  beforeEach(() => {
    store = make();
  });

  it('uses each code once and counts down what is left', async () => {
    await store.replace('u1', digests(10));
    expect(await store.count('u1')).toBe(10);
    expect(await store.consume('u1', 'd3')).toEqual({ consumed: true, left: 9 });
    expect(await store.consume('u1', 'd3')).toEqual({ consumed: false, left: 9 });
    expect(await store.consume('u1', 'nope')).toEqual({ consumed: false, left: 9 });
    expect(await store.count('u1')).toBe(9);
  });

  it("keeps users apart: one user's code does nothing for another", async () => {
    await store.replace('u1', digests(2, 'a'));
    await store.replace('u2', digests(2, 'b'));
    expect(await store.consume('u2', 'a0')).toEqual({ consumed: false, left: 2 });
    expect(await store.consume('u9', 'a0')).toEqual({ consumed: false, left: 0 });
  });

  it('replaces the whole set: the old codes stop working', async () => {
    await store.replace('u1', digests(3, 'old'));
    await store.replace('u1', digests(2, 'new'));
    expect(await store.consume('u1', 'old0')).toEqual({ consumed: false, left: 2 });
    expect(await store.consume('u1', 'new1')).toEqual({ consumed: true, left: 1 });
    await store.clear('u1');
    expect(await store.count('u1')).toBe(0);
  });

  it('lets exactly one of parallel uses of a code through', async () => {
    await store.replace('u1', digests(10));
    const uses = await Promise.all(Array.from({ length: 25 }, () => store.consume('u1', 'd7')));
    expect(uses.filter((use) => use.consumed)).toHaveLength(1);
    expect(await store.count('u1')).toBe(9);
  });
}

/** The rules every {@link RememberedDeviceStore} keeps, for each implementation's spec. */
export function rememberedDeviceStoreSuite(make: () => RememberedDeviceStore): void {
  let store: RememberedDeviceStore;
  beforeEach(() => {
    store = make();
  });

  it('remembers a device of a user until it expires', async () => {
    await store.add('u1', 'dev-a', T0 + 1_000, T0);
    expect(await store.has('u1', 'dev-a', T0 + 999)).toBe(true);
    expect(await store.has('u1', 'dev-a', T0 + 1_000)).toBe(false);
    expect(await store.has('u1', 'dev-b', T0)).toBe(false);
  });

  it('binds a device to its user: it does nothing for another one', async () => {
    await store.add('u1', 'dev-a', T0 + 1_000, T0);
    expect(await store.has('u2', 'dev-a', T0)).toBe(false);
  });

  it('forgets every device of a user, and only of that user', async () => {
    await store.add('u1', 'dev-a', T0 + 1_000, T0);
    await store.add('u1', 'dev-b', T0 + 5_000, T0);
    await store.add('u2', 'dev-c', T0 + 1_000, T0);
    await store.forgetAll('u1');
    expect(await store.has('u1', 'dev-a', T0)).toBe(false);
    expect(await store.has('u1', 'dev-b', T0)).toBe(false);
    expect(await store.has('u2', 'dev-c', T0)).toBe(true);
  });

  it('keeps the devices still valid when another one is added after some expired', async () => {
    await store.add('u1', 'dev-a', T0 + 1_000, T0);
    await store.add('u1', 'dev-b', T0 + 10_000, T0);
    await store.add('u1', 'dev-c', T0 + 20_000, T0 + 2_000);
    expect(await store.has('u1', 'dev-a', T0 + 2_000)).toBe(false);
    expect(await store.has('u1', 'dev-b', T0 + 2_000)).toBe(true);
    expect(await store.has('u1', 'dev-c', T0 + 2_000)).toBe(true);
  });
}
