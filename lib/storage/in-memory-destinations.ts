import type { PinChannel } from '../infobip/infobip.types';
import { ExpirySchedule } from './expiry-schedule';
import type { PinRecord, RateLimited, SendLimits, TwoFactorStoreStats } from './two-factor-store.interface';

/** A PIN as {@link InMemoryTwoFactorStore} keeps it: the fields of its record, its destination's record instead of `applicationId` and `to`. */
export class StoredPin {
  readonly pinId: string;
  readonly messageId: string;
  readonly channel: PinChannel;
  readonly sentAt: number;
  readonly expiresAt: number;
  readonly keepUntil: number;
  attemptsRemaining: number;
  readonly allowMultipleVerifications: boolean;
  readonly verifyLimitCount: number;
  readonly verifyLimitWindowMs: number;
  verifiedAt: number | undefined;

  constructor(
    pin: PinRecord,
    readonly destination: Destination,
  ) {
    this.pinId = pin.pinId;
    this.messageId = pin.messageId;
    this.channel = pin.channel;
    this.sentAt = pin.sentAt;
    this.expiresAt = pin.expiresAt;
    this.keepUntil = pin.keepUntil;
    this.attemptsRemaining = pin.attemptsRemaining;
    this.allowMultipleVerifications = pin.allowMultipleVerifications;
    this.verifyLimitCount = pin.verifyLimit.count;
    this.verifyLimitWindowMs = pin.verifyLimit.windowMs;
    this.verifiedAt = pin.verifiedAt;
  }

  /** A {@link PinRecord} of its own for a caller. */
  record(): PinRecord {
    const record: PinRecord = {
      pinId: this.pinId,
      applicationId: this.destination.applicationId,
      messageId: this.messageId,
      channel: this.channel,
      to: this.destination.to,
      sentAt: this.sentAt,
      expiresAt: this.expiresAt,
      keepUntil: this.keepUntil,
      attemptsRemaining: this.attemptsRemaining,
      allowMultipleVerifications: this.allowMultipleVerifications,
      verifyLimit: { count: this.verifyLimitCount, windowMs: this.verifyLimitWindowMs },
    };
    if (this.verifiedAt !== undefined) record.verifiedAt = this.verifiedAt;
    return record;
  }
}

/**
 * What the store keeps per application + destination: its PINs, oldest first,
 * and its send and verification windows (a count of 0: no window open).
 */
export class Destination {
  pins: StoredPin[] = [];
  sends = 0;
  sendsResetAt = 0;
  verifications = 0;
  verificationsResetAt = 0;

  constructor(
    readonly applicationId: string,
    readonly to: string,
  ) {}
}

/** A fixed rate-limit window: `count` events counted, open until `resetAt` (epoch ms). */
interface Window {
  count: number;
  resetAt: number;
}

/**
 * The destinations of an in-memory store, by application and destination, with
 * the fixed send and verification windows they hold and each application's send
 * window. A destination is dropped once it holds neither a PIN nor an open window;
 * ended windows are found through an {@link ExpirySchedule}.
 */
export class Destinations {
  private readonly byApplication = new Map<string, Map<string, Destination>>();
  private readonly applicationSends = new Map<string, Window>();
  /** Destinations, and applications by id, by the end of a window they hold. */
  private readonly expiry = new ExpirySchedule<Destination | string>();

  get(applicationId: string, to: string): Destination | undefined {
    return this.byApplication.get(applicationId)?.get(to);
  }

  /** The destination, added when unknown. */
  getOrAdd(applicationId: string, to: string): Destination {
    let perApplication = this.byApplication.get(applicationId);
    if (!perApplication) this.byApplication.set(applicationId, (perApplication = new Map()));
    let destination = perApplication.get(to);
    if (!destination) perApplication.set(to, (destination = new Destination(applicationId, to)));
    return destination;
  }

  /** Why a send is refused (both windows are checked, nothing is counted), or `undefined` when admitted. */
  sendRefusal(
    applicationId: string,
    destination: Destination | undefined,
    limits: SendLimits,
    now: number,
  ): RateLimited | undefined {
    const application = this.applicationSends.get(applicationId);
    const retryAfterMs = Math.max(
      application ? refusal(application.count, application.resetAt, limits.perApplication.count, now) : 0,
      destination
        ? refusal(destination.sends, destination.sendsResetAt, limits.perDestination.count, now)
        : 0,
    );
    return retryAfterMs > 0 ? { status: 'rate_limited', retryAfterMs } : undefined;
  }

  /** Counts one send in the application's window and in the destination's (both admitted it). */
  countSend(destination: Destination, limits: SendLimits, now: number): void {
    const { applicationId } = destination;
    const application = this.applicationSends.get(applicationId);
    if (application && now < application.resetAt) {
      application.count++;
    } else {
      const resetAt = now + limits.perApplication.windowMs;
      this.applicationSends.set(applicationId, { count: 1, resetAt });
      this.expiry.schedule(applicationId, resetAt);
    }
    if (destination.sends > 0 && now < destination.sendsResetAt) {
      destination.sends++;
    } else {
      destination.sends = 1;
      destination.sendsResetAt = now + limits.perDestination.windowMs;
      this.expiry.schedule(destination, destination.sendsResetAt);
    }
  }

  /**
   * Counts one verification of `pin` in its destination's window, under the
   * PIN's verify limit; when the window is full, counts nothing and returns the
   * milliseconds until it reopens (else 0).
   */
  countVerification(pin: StoredPin, now: number): number {
    const { destination } = pin;
    const { verifications, verificationsResetAt } = destination;
    const retryAfterMs = refusal(verifications, verificationsResetAt, pin.verifyLimitCount, now);
    if (retryAfterMs > 0) return retryAfterMs;
    if (verifications > 0 && now < verificationsResetAt) {
      destination.verifications++;
    } else {
      destination.verifications = 1;
      destination.verificationsResetAt = now + pin.verifyLimitWindowMs;
      this.expiry.schedule(destination, destination.verificationsResetAt);
    }
    return 0;
  }

  /** Drops a destination once it holds neither a PIN nor an open window. */
  release(destination: Destination): void {
    if (destination.pins.length > 0 || destination.sends > 0 || destination.verifications > 0) return;
    const { applicationId, to } = destination;
    const perApplication = this.byApplication.get(applicationId);
    if (perApplication?.get(to) !== destination) return;
    perApplication.delete(to);
    if (perApplication.size === 0) this.byApplication.delete(applicationId);
  }

  /** Closes at most `budget` windows that ended by `now`; returns how many schedule entries it went through. */
  collect(now: number, budget: number): number {
    // Checked first: most calls find nothing due, and then allocate no visitor.
    if (!this.expiry.due(now)) return 0;
    return this.expiry.drain(now, (holder) => this.expireWindows(holder, now), budget);
  }

  /** Open windows, destinations holding PINs, and schedule entries. */
  stats(): Pick<TwoFactorStoreStats, 'windows' | 'destinations' | 'scheduled'> {
    let windows = this.applicationSends.size;
    let destinations = 0;
    for (const perApplication of this.byApplication.values()) {
      for (const destination of perApplication.values()) {
        if (destination.sends > 0) windows++;
        if (destination.verifications > 0) windows++;
        if (destination.pins.length > 0) destinations++;
      }
    }
    return { windows, destinations, scheduled: this.expiry.size };
  }

  /** Closes the windows of a destination, or of an application (by id), that ended by `now`. */
  private expireWindows(holder: Destination | string, now: number): void {
    if (typeof holder === 'string') {
      const window = this.applicationSends.get(holder);
      if (window && now >= window.resetAt) this.applicationSends.delete(holder);
      return;
    }
    if (now >= holder.sendsResetAt) holder.sends = 0;
    if (now >= holder.verificationsResetAt) holder.verifications = 0;
    this.release(holder);
  }
}

/**
 * Milliseconds until a window holding `count` events (0: none open) that resets
 * at `resetAt` admits one more under a limit of `limit` events; 0 when it admits one now.
 */
function refusal(count: number, resetAt: number, limit: number, now: number): number {
  return count === 0 || now >= resetAt || count < limit ? 0 : resetAt - now;
}
