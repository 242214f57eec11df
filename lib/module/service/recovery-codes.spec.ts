import { InMemoryRecoveryCodeStore } from '../../storage/in-memory-recovery-code.store';
import { normalizeRecoveryCode, RecoveryCodes } from './recovery-codes';

describe('RecoveryCodes', () => {
  it('reads a code as people type it: any case, spaces, dashes, o/i/l for 0/1', () => {
    expect(normalizeRecoveryCode('abcde-12345')).toBe('abcde12345');
    expect(normalizeRecoveryCode(' ABCDE 12345 ')).toBe('abcde12345');
    expect(normalizeRecoveryCode('oilde-12345')).toBe('011de12345');
    for (const bad of ['abcde-1234', 'abcde-123456', 'abcdu-12345', 12345, null, 'a'.repeat(100)]) {
      expect(normalizeRecoveryCode(bad)).toBeUndefined();
    }
  });

  it('keeps only keyed digests bound to the user', async () => {
    const store = new InMemoryRecoveryCodeStore();
    const codes = new RecoveryCodes(store, Buffer.alloc(32, 1));
    const made = await codes.create('alice');
    const kept = JSON.stringify([...(store as unknown as { codes: Map<string, Set<string>> }).codes]);
    for (const code of made) {
      expect(kept).not.toContain(code);
      expect(kept).not.toContain(code.replace('-', ''));
    }
    expect(kept).not.toContain('alice');
    expect(await codes.use('bob', made[0])).toEqual({ consumed: false, left: 0 });
    // Another key: the same codes are worthless.
    expect(await new RecoveryCodes(store, Buffer.alloc(32, 2)).use('alice', made[0])).toEqual({
      consumed: false,
      left: 10,
    });
    expect(await codes.use('alice', made[0])).toEqual({ consumed: true, left: 9 });
    expect(await codes.use('alice', 'not a code')).toBeUndefined();
  });
});
