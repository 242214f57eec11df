import type { RememberedDeviceStore } from './remembered-device-store.interface';

/** {@link RememberedDeviceStore} in the process's memory: for one instance, and for tests. */
export class InMemoryRememberedDeviceStore implements RememberedDeviceStore {
  private readonly devices = new Map<string, Map<string, number>>();

  async add(userKey: string, digest: string, expiresAt: number, now: number): Promise<void> {
    let devices = this.devices.get(userKey);
    if (!devices) this.devices.set(userKey, (devices = new Map()));
    for (const [known, until] of devices) if (until <= now) devices.delete(known);
    devices.set(digest, expiresAt);
  }

  async has(userKey: string, digest: string, now: number): Promise<boolean> {
    const until = this.devices.get(userKey)?.get(digest);
    return until !== undefined && until > now;
  }

  async forgetAll(userKey: string): Promise<void> {
    this.devices.delete(userKey);
  }
}
