/** Outcome of {@link RecoveryCodeStore.consume}. */
export interface RecoveryCodeUse {
  /** Whether the code was one of the user's unused codes (and is now used up). */
  consumed: boolean;
  /** Unused codes the user has left. */
  left: number;
}

/**
 * Where the module keeps each user's recovery codes, as keyed digests only (never
 * a code). `userKey` is an opaque key the module derives from the user id.
 *
 * `consume` is one atomic check-and-remove: a code works once, also under parallel
 * requests on several instances. `replace` swaps the whole set in one step.
 *
 * Implement it to keep the codes in another database; pass the instance as
 * `recoveryCodeStore` in the module options.
 */
export interface RecoveryCodeStore {
  /** Replaces the user's codes with `digests` (the old set stops working). */
  replace(userKey: string, digests: readonly string[]): Promise<void>;
  /** Removes `digest` from the user's codes if it is there, atomically. */
  consume(userKey: string, digest: string): Promise<RecoveryCodeUse>;
  /** Unused codes of the user. */
  count(userKey: string): Promise<number>;
  /** Forgets every code of the user. */
  clear(userKey: string): Promise<void>;
  /** Releases timers and connections the store opened itself. */
  close?(): Promise<void>;
}

/** Injection token of the {@link RecoveryCodeStore} in use. */
export const RecoveryCodeStore = Symbol('RecoveryCodeStore');
