import { timingSafeEqual } from 'node:crypto';

/** Longest base64 text decoded without allocating: it decodes to at most 63 bytes. */
const MAX_FAST_LENGTH = 84;

/**
 * Compares base64 digests in constant time (for digests of equal length), as
 * `timingSafeEqual` over their decoded bytes, decoding into two buffers of its
 * own instead of allocating two per comparison.
 */
export class DigestComparer {
  private readonly left = Buffer.alloc(64);
  private readonly right = Buffer.alloc(64);
  /** Views of `left` and `right` by length, made once each. */
  private readonly leftViews: Buffer[] = [];
  private readonly rightViews: Buffer[] = [];

  /** Whether the two base64 texts decode to the same, non-empty bytes. */
  same(stored: string, candidate: string): boolean {
    if (stored.length > MAX_FAST_LENGTH || candidate.length > MAX_FAST_LENGTH) {
      const a = Buffer.from(stored, 'base64');
      const b = Buffer.from(candidate, 'base64');
      return a.length === b.length && a.length > 0 && timingSafeEqual(a, b);
    }
    const length = this.left.write(stored, 'base64');
    if (this.right.write(candidate, 'base64') !== length || length === 0) return false;
    const left = (this.leftViews[length] ??= this.left.subarray(0, length));
    const right = (this.rightViews[length] ??= this.right.subarray(0, length));
    return timingSafeEqual(left, right);
  }
}
