/**
 * Where the module keeps the devices users asked it to remember: per user, the
 * keyed digest of each device's token (never the token) and when it expires.
 * `userKey` is an opaque key the module derives from the user id. Times come from
 * the caller (the module's clock).
 *
 * Implement it to keep devices in another database; pass the instance as
 * `rememberedDeviceStore` in the module options.
 */
export interface RememberedDeviceStore {
  /** Remembers a device of the user until `expiresAt`; forgets the user's expired ones. */
  add(userKey: string, digest: string, expiresAt: number, now: number): Promise<void>;
  /** Whether the device is remembered for the user and not expired at `now`. */
  has(userKey: string, digest: string, now: number): Promise<boolean>;
  /** Forgets every device of the user. */
  forgetAll(userKey: string): Promise<void>;
  /** Releases timers and connections the store opened itself. */
  close?(): Promise<void>;
}

/** Injection token of the {@link RememberedDeviceStore} in use. */
export const RememberedDeviceStore = Symbol('RememberedDeviceStore');
