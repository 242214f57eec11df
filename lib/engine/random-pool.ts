import { randomFillSync } from 'node:crypto';

/** Bytes drawn from the CSPRNG at once. */
const POOL_BYTES = 4096;

/**
 * Bytes of the CSPRNG (`crypto.randomFillSync`), drawn 4 KiB at a time and
 * handed out in slices: one call into OpenSSL per 4 KiB instead of one per id
 * (`crypto.randomBytes(16)` costs about 2 µs on Node 20 / OpenSSL 3, a slice of
 * the pool a few tens of ns). `crypto.randomInt` keeps a similar cache.
 *
 * Every byte is handed out once: the pool is consumed front to back and refilled
 * with fresh bytes only when what is left can't serve a request. It serves ids
 * (applications, templates, the random part of pinIds); PINs are derived from
 * their pinId with the engine's secret (see PinDeriver).
 */
export class RandomPool {
  private readonly pool: Buffer;
  private offset: number;

  /** @param size bytes drawn from the CSPRNG at once. Default 4096. */
  constructor(size = POOL_BYTES) {
    // A buffer of its own (not a slice of Node's shared allocation pool).
    this.pool = Buffer.allocUnsafeSlow(size);
    this.offset = size;
  }

  /** `bytes` random bytes as upper-case hex (`bytes` at most the pool's size). */
  hex(bytes: number): string {
    const at = this.take(bytes);
    return this.pool.toString('hex', at, at + bytes).toUpperCase();
  }

  /** Copies `bytes` random bytes into `target` at `offset`. */
  fill(target: Buffer, offset: number, bytes: number): void {
    const at = this.take(bytes);
    this.pool.copy(target, offset, at, at + bytes);
  }

  /** Offset of `length` bytes never handed out before; refills the pool when too few are left. */
  private take(length: number): number {
    if (length > this.pool.length) throw new RangeError(`at most ${this.pool.length} bytes at once`);
    if (this.offset + length > this.pool.length) {
      randomFillSync(this.pool);
      this.offset = 0;
    }
    const at = this.offset;
    this.offset += length;
    return at;
  }
}
