import type { RecoveryCodeStore, RecoveryCodeUse } from './recovery-code-store.interface';

/**
 * {@link RecoveryCodeStore} in the process's memory: for one instance, and for
 * tests. Each operation runs without an `await` inside, so it is atomic.
 */
export class InMemoryRecoveryCodeStore implements RecoveryCodeStore {
  private readonly codes = new Map<string, Set<string>>();

  async replace(userKey: string, digests: readonly string[]): Promise<void> {
    this.codes.set(userKey, new Set(digests));
  }

  async consume(userKey: string, digest: string): Promise<RecoveryCodeUse> {
    const set = this.codes.get(userKey);
    const consumed = set?.delete(digest) ?? false;
    return { consumed, left: set?.size ?? 0 };
  }

  async count(userKey: string): Promise<number> {
    return this.codes.get(userKey)?.size ?? 0;
  }

  async clear(userKey: string): Promise<void> {
    this.codes.delete(userKey);
  }
}
