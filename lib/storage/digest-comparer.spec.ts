import { timingSafeEqual } from 'node:crypto';
import fc from 'fast-check';
import { DigestComparer } from './digest-comparer';

/** What the store compared before: decoded bytes, equal length, not empty. */
function reference(stored: string, candidate: string): boolean {
  const a = Buffer.from(stored, 'base64');
  const b = Buffer.from(candidate, 'base64');
  return a.length === b.length && a.length > 0 && timingSafeEqual(a, b);
}

describe('DigestComparer', () => {
  const comparer = new DigestComparer();
  const digest = Buffer.alloc(32, 1).toString('base64');

  it('accepts the same digest and refuses another, a shorter, an empty one', () => {
    expect(comparer.same(digest, digest)).toBe(true);
    expect(comparer.same(digest, Buffer.alloc(32, 2).toString('base64'))).toBe(false);
    expect(comparer.same(digest, digest.slice(0, 20))).toBe(false);
    expect(comparer.same(digest, '')).toBe(false);
    expect(comparer.same('', '')).toBe(false);
    expect(comparer.same(digest, 'x'.repeat(500))).toBe(false);
  });

  it('decides as a comparison of the decoded bytes does, for any texts', () => {
    const text = fc.oneof(
      fc.uint8Array({ maxLength: 70 }).map((bytes) => Buffer.from(bytes).toString('base64')),
      fc.string({ maxLength: 120 }),
    );
    fc.assert(
      fc.property(text, text, (a, b) => {
        expect(comparer.same(a, b)).toBe(reference(a, b));
        expect(comparer.same(a, a)).toBe(reference(a, a));
      }),
      { numRuns: 1_000 },
    );
  });
});
