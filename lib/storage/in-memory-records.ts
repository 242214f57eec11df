import type { PinChannel } from '../infobip/infobip.types';
import type { ParsedLimit } from '../infobip/time-format';
import type { PinRecord } from './two-factor-store.interface';

/*
 * The records of InMemoryTwoFactorStore: classes of a fixed shape (V8 keeps their
 * fields inside the object), no composite string keys, what PINs sent alike have
 * in common held once. Times are offsets from the store's origin (see
 * InMemoryTwoFactorStore), small integers that need no heap number of their own.
 */

/**
 * `value` unchanged, but typed as a 32-bit integer when it is one: V8 then keeps
 * it inside the record (a small integer) rather than as a heap number of its own,
 * which a difference of two epoch timestamps would otherwise be.
 */
export function compact(value: number): number {
  const int = value | 0;
  return int === value ? int : value;
}

/**
 * What PINs sent alike have in common: template, channel, the application's
 * settings, TTL and retention (as durations).
 */
export class PinSettings {
  constructor(
    readonly messageId: string,
    readonly channel: PinChannel,
    readonly allowMultipleVerifications: boolean,
    /** Frozen. */
    readonly verifyLimit: ParsedLimit,
    /** `expiresAt - sentAt`. */
    readonly timeToLive: number,
    /** `keepUntil - expiresAt`. */
    readonly retention: number,
  ) {}

  /** Whether `pin`, sent with `messageId`, has these settings. */
  fits(pin: PinRecord, messageId: string): boolean {
    const { verifyLimit } = pin;
    return (
      this.messageId === messageId &&
      this.channel === pin.channel &&
      this.allowMultipleVerifications === pin.allowMultipleVerifications &&
      this.verifyLimit.count === verifyLimit.count &&
      this.verifyLimit.windowMs === verifyLimit.windowMs &&
      this.timeToLive === pin.expiresAt - pin.sentAt &&
      this.retention === pin.keepUntil - pin.expiresAt
    );
  }

  static of(pin: PinRecord, messageId: string): PinSettings {
    const { count, windowMs } = pin.verifyLimit;
    return new PinSettings(
      messageId,
      pin.channel,
      pin.allowMultipleVerifications,
      Object.freeze({ count, windowMs }),
      compact(pin.expiresAt - pin.sentAt),
      compact(pin.keepUntil - pin.expiresAt),
    );
  }
}

/** Distinct settings remembered per application: enough for its templates and channels. */
const SETTINGS_KEPT = 8;

/** What the store keeps per application: its send window, its destinations, its PINs' settings. */
export class ApplicationState {
  /** Sends counted in the open window (0: no window) until `sendsResetAt`. */
  sends = 0;
  sendsResetAt = 0;
  /** By destination string, as PINs give it. */
  readonly destinations = new Map<string, DestinationState>();
  private readonly settings: PinSettings[] = [];

  constructor(readonly applicationId: string) {}

  /** Settings equal to `pin`'s, shared with earlier PINs when one had the same. */
  settingsOf(pin: PinRecord, messageId: string): PinSettings {
    for (const settings of this.settings) if (settings.fits(pin, messageId)) return settings;
    const settings = PinSettings.of(pin, messageId);
    if (this.settings.unshift(settings) > SETTINGS_KEPT) this.settings.pop();
    return settings;
  }
}

/**
 * What the store keeps per application + destination: the send window, the
 * verification window and the PINs sent there, oldest first (one PIN, the usual
 * case, without an array).
 */
export class DestinationState {
  sends = 0;
  sendsResetAt = 0;
  verifications = 0;
  verificationsResetAt = 0;
  private pins: PinEntry | PinEntry[] | undefined = undefined;

  constructor(
    readonly application: ApplicationState,
    readonly to: string,
  ) {}

  /** Whether it holds neither a PIN nor an open window, so it can go. */
  get idle(): boolean {
    return this.pins === undefined && this.sends === 0 && this.verifications === 0;
  }

  /** Adds the newest PIN; true when it is the only one. */
  add(pin: PinEntry): boolean {
    const pins = this.pins;
    if (pins === undefined) this.pins = pin;
    else if (Array.isArray(pins)) pins.push(pin);
    else this.pins = [pins, pin];
    return pins === undefined;
  }

  /** Removes `pin`; true when no PIN is left. */
  remove(pin: PinEntry): boolean {
    const pins = this.pins;
    if (pins === pin) {
      this.pins = undefined;
      return true;
    }
    if (!Array.isArray(pins)) return false;
    // PINs of one destination usually expire in the order they were sent.
    const at = pins[0] === pin ? 0 : pins.indexOf(pin);
    if (at === 0) pins.shift();
    else if (at > 0) pins.splice(at, 1);
    if (pins.length === 1) this.pins = pins[0];
    return false;
  }

  /** The PINs, oldest first. */
  list(): readonly PinEntry[] {
    const pins = this.pins;
    return pins === undefined ? [] : Array.isArray(pins) ? pins : [pins];
  }
}

/** A PIN as the store keeps it: {@link PinRecord} without what it shares with others. */
export class PinEntry {
  readonly pinId: string;
  /** Offset from the store's origin, as the other times. */
  private sentAt: number;
  attemptsRemaining: number;
  verifiedAt: number | undefined;

  /** @param origin subtracted from the record's times. */
  constructor(
    pin: PinRecord,
    readonly destination: DestinationState,
    readonly settings: PinSettings,
    origin: number,
  ) {
    this.pinId = pin.pinId;
    this.sentAt = compact(pin.sentAt - origin);
    this.attemptsRemaining = pin.attemptsRemaining;
    this.verifiedAt = pin.verifiedAt === undefined ? undefined : compact(pin.verifiedAt - origin);
  }

  get expiresAt(): number {
    return this.sentAt + this.settings.timeToLive;
  }

  get keepUntil(): number {
    return this.sentAt + this.settings.timeToLive + this.settings.retention;
  }

  /** Moves every time by `delta`, when the store moves its origin. */
  shift(delta: number): void {
    this.sentAt = compact(this.sentAt + delta);
    if (this.verifiedAt !== undefined) this.verifiedAt = compact(this.verifiedAt + delta);
  }

  /** A {@link PinRecord} of its own for a caller; `origin` is added back to the times. */
  record(origin: number): PinRecord {
    const { destination, settings } = this;
    const record: PinRecord = {
      pinId: this.pinId,
      applicationId: destination.application.applicationId,
      messageId: settings.messageId,
      channel: settings.channel,
      to: destination.to,
      sentAt: this.sentAt + origin,
      expiresAt: this.expiresAt + origin,
      keepUntil: this.keepUntil + origin,
      attemptsRemaining: this.attemptsRemaining,
      allowMultipleVerifications: settings.allowMultipleVerifications,
      verifyLimit: { count: settings.verifyLimit.count, windowMs: settings.verifyLimit.windowMs },
    };
    if (this.verifiedAt !== undefined) record.verifiedAt = this.verifiedAt + origin;
    return record;
  }
}

/**
 * A deep copy of a record made of plain objects, arrays and primitives (what
 * applications and templates are): a spread per object, much cheaper than
 * `structuredClone` for records this small.
 */
export function copyRecord<T>(value: T): T {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map(copyRecord) as T;
  const copy = { ...value } as Record<string, unknown>;
  for (const key in copy) {
    const field = copy[key];
    if (typeof field !== 'object' || field === null) continue;
    // An own `__proto__` field (JSON.parse makes them) must stay a field, not become the prototype.
    if (key === '__proto__') Object.defineProperty(copy, key, { value: copyRecord(field), enumerable: true });
    else copy[key] = copyRecord(field);
  }
  return copy as T;
}
