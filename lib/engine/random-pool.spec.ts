import { RandomPool } from './random-pool';

describe('RandomPool', () => {
  it('hands out 32 upper-case hex characters for 16 bytes, never the same twice', () => {
    const pool = new RandomPool();
    const ids = Array.from({ length: 10_000 }, () => pool.hex(16));
    for (const id of ids.slice(0, 100)) expect(id).toMatch(/^[0-9A-F]{32}$/);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('never hands out a byte twice, across refills', () => {
    // 40 bytes at once: every second draw needs a refill, leaving bytes unused rather than reused.
    const pool = new RandomPool(64);
    const draws = Array.from({ length: 2_000 }, () => pool.hex(40));
    expect(new Set(draws).size).toBe(draws.length);
    // No draw starts inside the bytes of the one before (8 bytes of hex, anywhere in it).
    for (let i = 1; i < draws.length; i++) expect(draws[i - 1]).not.toContain(draws[i].slice(0, 16));
  });

  it('draws bytes that look uniform (each byte value about equally often)', () => {
    const pool = new RandomPool();
    const counts = new Array<number>(256).fill(0);
    for (let i = 0; i < 256; i++) {
      for (const byte of Buffer.from(pool.hex(1024), 'hex')) counts[byte]++;
    }
    // 262 144 bytes, 1024 expected per value; a chi-square bound far above what a fair source reaches.
    const chiSquare = counts.reduce((sum, count) => sum + (count - 1024) ** 2 / 1024, 0);
    expect(chiSquare).toBeLessThan(400);
  });

  it('fills only the bytes asked for, with bytes it never handed out before', () => {
    const pool = new RandomPool(64);
    const target = Buffer.alloc(16, 0xee);
    pool.fill(target, 3, 13);
    expect(target.subarray(0, 3)).toEqual(Buffer.alloc(3, 0xee));
    const filled = target.toString('hex', 3);
    for (let i = 0; i < 100; i++) expect(pool.hex(13)).not.toBe(filled.toUpperCase());
  });

  it('refuses a draw larger than the pool', () => {
    expect(() => new RandomPool(16).hex(17)).toThrow(RangeError);
  });
});
