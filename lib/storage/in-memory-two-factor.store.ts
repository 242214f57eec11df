import type { Clock } from '../time/clock';
import type { PinChannel } from '../infobip/infobip.types';
import { ExpirySchedule } from './expiry-schedule';
import { copyRecord } from './copy-record';
import type {
  ApplicationRecord,
  CreatePinOutcome,
  PinRecord,
  RateLimited,
  ResendPinOutcome,
  SendLimits,
  TemplateRecord,
  TwoFactorStore,
  TwoFactorStoreStats,
  VerifyPinOutcome,
} from './two-factor-store.interface';

/** Options of {@link InMemoryTwoFactorStore}. */
export interface InMemoryTwoFactorStoreOptions {
  /**
   * Clock of the periodic sweep. Calls always pass their own `now`; the sweep
   * timer has none, so it asks this clock, or else reuses the latest `now` a call
   * passed.
   * @default undefined
   */
  clock?: Clock;
  /**
   * Period of the background sweep of expired records, ms; 0 turns it off.
   * @default 30000
   */
  sweepIntervalMs?: number;
  /**
   * Most expired records one call removes on its way (the rest wait for later calls or the sweep).
   * @default 256
   */
  sweepBudgetPerCall?: number;
  /**
   * Called after a sweep that removed most PINs (more than it left, and at least
   * 10 000): the moment to give memory back, e.g. with `gc()` in a process that
   * idles after bursts. Without it, the garbage waits for the next collection,
   * which an idle process may never run.
   * @default undefined
   */
  afterLargeSweep?: () => void;
}

/** The one answer of a send that was stored (frozen: every caller gets the same object). */
const CREATED: CreatePinOutcome = Object.freeze({ status: 'created' });

/** Fewest PINs a sweep must remove to call `afterLargeSweep`. */
const LARGE_SWEEP = 10_000;

/** A fixed rate-limit window: `count` events counted, open until `resetAt` (epoch ms). */
interface Window {
  count: number;
  resetAt: number;
}

/**
 * What PINs sent alike have in common: template, channel, and the application's
 * settings when they were sent (lifetimes as durations from `sentAt`). PINs sent
 * one after another with the same terms share one object.
 */
class PinTerms {
  readonly messageId: string;
  readonly channel: PinChannel;
  /** `expiresAt - sentAt`. */
  readonly timeToLiveMs: number;
  /** `keepUntil - expiresAt`. */
  readonly retentionMs: number;
  readonly allowMultipleVerifications: boolean;
  readonly verifyLimitCount: number;
  readonly verifyLimitWindowMs: number;

  constructor(pin: PinRecord) {
    this.messageId = pin.messageId;
    this.channel = pin.channel;
    this.timeToLiveMs = pin.expiresAt - pin.sentAt;
    this.retentionMs = pin.keepUntil - pin.expiresAt;
    this.allowMultipleVerifications = pin.allowMultipleVerifications;
    this.verifyLimitCount = pin.verifyLimit.count;
    this.verifyLimitWindowMs = pin.verifyLimit.windowMs;
  }

  /** Whether these are the terms of `pin`. */
  fit(pin: PinRecord): boolean {
    return (
      this.messageId === pin.messageId &&
      this.channel === pin.channel &&
      this.timeToLiveMs === pin.expiresAt - pin.sentAt &&
      this.retentionMs === pin.keepUntil - pin.expiresAt &&
      this.allowMultipleVerifications === pin.allowMultipleVerifications &&
      this.verifyLimitCount === pin.verifyLimit.count &&
      this.verifyLimitWindowMs === pin.verifyLimit.windowMs
    );
  }
}

/**
 * A {@link PinRecord} as the store keeps it: its application and destination
 * are those of its {@link Destination}, the rest of what it was sent with is in
 * its {@link PinTerms}; only what changes is its own.
 */
class StoredPin {
  constructor(
    readonly pinId: string,
    readonly destination: Destination,
    readonly terms: PinTerms,
    /** First send, epoch ms. */
    readonly sentAt: number,
    public attemptsRemaining: number,
    public verifiedAt: number | undefined,
  ) {}

  get expiresAt(): number {
    return this.sentAt + this.terms.timeToLiveMs;
  }

  get keepUntil(): number {
    return this.expiresAt + this.terms.retentionMs;
  }

  /** A {@link PinRecord} of its own for a caller. */
  record(): PinRecord {
    const { terms, destination } = this;
    const record: PinRecord = {
      pinId: this.pinId,
      applicationId: destination.applicationId,
      messageId: terms.messageId,
      channel: terms.channel,
      to: destination.to,
      sentAt: this.sentAt,
      expiresAt: this.expiresAt,
      keepUntil: this.keepUntil,
      attemptsRemaining: this.attemptsRemaining,
      allowMultipleVerifications: terms.allowMultipleVerifications,
      verifyLimit: { count: terms.verifyLimitCount, windowMs: terms.verifyLimitWindowMs },
    };
    if (this.verifiedAt !== undefined) record.verifiedAt = this.verifiedAt;
    return record;
  }
}

/**
 * What the store keeps per application + destination: its PINs, and its send
 * and verification windows (a count of 0: no window open).
 */
class Destination {
  sends = 0;
  sendsResetAt = 0;
  verifications = 0;
  verificationsResetAt = 0;

  constructor(
    readonly applicationId: string,
    readonly to: string,
  ) {}

  /** Its PINs, oldest first. */
  pins: StoredPin[] = [];
}

/**
 * The default {@link TwoFactorStore}: everything in this process's memory, as
 * plain records in maps.
 *
 * - `pins`: each PIN by pinId;
 * - `destinations`: per application and destination, its send and verification
 *   windows and its PINs (for the verification status);
 * - `applicationSends`: the send window of each application.
 *
 * Expired PINs and ended windows are found through an {@link ExpirySchedule}: a
 * few on every call and all at once by an `unref()`ed sweep timer (stopped by
 * {@link close}), so memory stays flat under continuous traffic and every
 * operation is O(1) amortised. Check-and-update operations run without awaiting
 * anything in between, hence atomically within the process. Data is lost with
 * the process and not shared between processes: use a shared store for several
 * instances. Records are copied on the way in and out, so callers never hold the
 * store's.
 */
export class InMemoryTwoFactorStore implements TwoFactorStore {
  private readonly applications = new Map<string, ApplicationRecord>();
  private readonly templates = new Map<string, Map<string, TemplateRecord>>();
  private readonly pins = new Map<string, StoredPin>();
  private readonly destinations = new Map<string, Map<string, Destination>>();
  private readonly applicationSends = new Map<string, Window>();
  /** pinIds by `keepUntil`. */
  private readonly pinExpiry = new ExpirySchedule<string>();
  /** Destinations, and applications by id, by the end of a window they hold. */
  private readonly windowExpiry = new ExpirySchedule<Destination | string>();
  private readonly clock?: Clock;
  private readonly budget: number;
  private readonly afterLargeSweep?: () => void;
  private readonly timer?: NodeJS.Timeout;
  private latestNow = 0;
  /** Terms of the latest PIN stored, shared by the next ones sent alike. */
  private latestTerms?: PinTerms;

  constructor(options: InMemoryTwoFactorStoreOptions = {}) {
    this.clock = options.clock;
    this.budget = options.sweepBudgetPerCall ?? 256;
    this.afterLargeSweep = options.afterLargeSweep;
    const interval = options.sweepIntervalMs ?? 30_000;
    if (interval > 0) {
      this.timer = setInterval(() => this.sweep(this.clock?.now() ?? this.latestNow), interval);
      this.timer.unref();
    }
  }

  async getApplication(applicationId: string): Promise<ApplicationRecord | undefined> {
    const application = this.applications.get(applicationId);
    return application && copyRecord(application);
  }

  async listApplications(): Promise<ApplicationRecord[]> {
    return [...this.applications.values()].map(copyRecord);
  }

  async putApplication(application: ApplicationRecord): Promise<void> {
    this.applications.set(application.applicationId, copyRecord(application));
  }

  async getTemplate(applicationId: string, messageId: string): Promise<TemplateRecord | undefined> {
    const template = this.templates.get(applicationId)?.get(messageId);
    return template && copyRecord(template);
  }

  async listTemplates(applicationId: string): Promise<TemplateRecord[]> {
    return [...(this.templates.get(applicationId)?.values() ?? [])].map(copyRecord);
  }

  async putTemplate(template: TemplateRecord): Promise<void> {
    const { applicationId, messageId } = template.message;
    let templates = this.templates.get(applicationId);
    if (!templates) this.templates.set(applicationId, (templates = new Map()));
    templates.set(messageId, copyRecord(template));
  }

  async createPin(pin: PinRecord, limits: SendLimits, now: number): Promise<CreatePinOutcome> {
    this.tick(now);
    const { applicationId, to } = pin;
    const known = this.destinations.get(applicationId)?.get(to);
    const refused = this.sendRefusal(applicationId, known, limits, now);
    if (refused) return refused;

    const previous = this.pins.get(pin.pinId);
    if (previous) this.forget(previous);
    // Forgetting the previous PIN may have dropped its destination: look again only then.
    const destination =
      (previous ? this.destinations.get(applicationId)?.get(to) : known) ??
      this.addDestination(applicationId, to);
    if (!this.latestTerms?.fit(pin)) this.latestTerms = new PinTerms(pin);
    const stored = new StoredPin(
      pin.pinId,
      destination,
      this.latestTerms,
      pin.sentAt,
      pin.attemptsRemaining,
      pin.verifiedAt,
    );
    this.pins.set(stored.pinId, stored);
    this.pinExpiry.schedule(stored.pinId, stored.keepUntil);
    // A one-element literal is the smallest array; later PINs of the destination are pushed.
    if (destination.pins.length === 0) destination.pins = [stored];
    else destination.pins.push(stored);
    this.countSend(destination, limits, now);
    return CREATED;
  }

  async getPin(pinId: string, now: number): Promise<PinRecord | undefined> {
    this.tick(now);
    return this.live(pinId, now)?.record();
  }

  async resendPin(pinId: string, limits: SendLimits, now: number): Promise<ResendPinOutcome> {
    this.tick(now);
    const pin = this.live(pinId, now);
    if (!pin) return { status: 'not_found' };
    if (now >= pin.expiresAt) return { status: 'expired' };
    if (pin.verifiedAt !== undefined) return { status: 'verified' };
    if (pin.attemptsRemaining <= 0) return { status: 'locked' };
    const { destination } = pin;
    const refused = this.sendRefusal(destination.applicationId, destination, limits, now);
    if (refused) return refused;
    this.countSend(destination, limits, now);
    return { status: 'resent', pin: pin.record() };
  }

  async verifyPin(pinId: string, correct: boolean, now: number): Promise<VerifyPinOutcome> {
    this.tick(now);
    const pin = this.live(pinId, now);
    if (!pin) return { status: 'not_found' };
    const { destination } = pin;
    const { verificationsResetAt, verifications } = destination;
    const retryAfterMs = refusal(verifications, verificationsResetAt, pin.terms.verifyLimitCount, now);
    if (retryAfterMs > 0) return { status: 'rate_limited', retryAfterMs };
    if (verifications > 0 && now < verificationsResetAt) {
      destination.verifications++;
    } else {
      destination.verifications = 1;
      destination.verificationsResetAt = now + pin.terms.verifyLimitWindowMs;
      this.windowExpiry.schedule(destination, destination.verificationsResetAt);
    }
    const { to } = destination;

    if (now >= pin.expiresAt) return { status: 'expired', to, attemptsRemaining: pin.attemptsRemaining };
    if (pin.attemptsRemaining <= 0) return { status: 'no_attempts', to, attemptsRemaining: 0 };
    if (!correct) {
      pin.attemptsRemaining--;
      return { status: 'wrong', to, attemptsRemaining: pin.attemptsRemaining };
    }
    pin.verifiedAt ??= now;
    if (!pin.terms.allowMultipleVerifications) pin.attemptsRemaining = 0;
    return { status: 'verified', to, attemptsRemaining: pin.attemptsRemaining };
  }

  async listPins(applicationId: string, to: string, now: number): Promise<PinRecord[]> {
    this.tick(now);
    const pins = this.destinations.get(applicationId)?.get(to)?.pins ?? [];
    return pins.filter((pin) => now < pin.keepUntil).map((pin) => pin.record());
  }

  /**
   * Removes every PIN and window that expired by `now` (epoch ms); returns how
   * many schedule entries it went through. The store also does this by itself.
   */
  sweep(now: number): number {
    const before = this.pins.size;
    const visited = this.collect(now, Number.POSITIVE_INFINITY);
    const removed = before - this.pins.size;
    if (removed >= LARGE_SWEEP && removed > this.pins.size) this.afterLargeSweep?.();
    return visited;
  }

  /** Record counts: all zero except applications and templates once everything expired and was swept. */
  stats(): TwoFactorStoreStats {
    let templates = 0;
    for (const perApplication of this.templates.values()) templates += perApplication.size;
    let windows = this.applicationSends.size;
    let destinations = 0;
    for (const perApplication of this.destinations.values()) {
      for (const destination of perApplication.values()) {
        if (destination.sends > 0) windows++;
        if (destination.verifications > 0) windows++;
        if (destination.pins.length > 0) destinations++;
      }
    }
    return {
      applications: this.applications.size,
      templates,
      pins: this.pins.size,
      windows,
      destinations,
      scheduled: this.pinExpiry.size + this.windowExpiry.size,
    };
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
  }

  /** Notes the time and removes a few expired records. */
  private tick(now: number): void {
    if (now > this.latestNow) this.latestNow = now;
    this.collect(now, this.budget);
  }

  private collect(now: number, budget: number): number {
    let visited = 0;
    // Checked first: most calls find nothing due, and then allocate no visitor.
    if (this.pinExpiry.due(now)) {
      visited += this.pinExpiry.drain(now, (pinId) => this.expirePin(pinId, now), budget);
    }
    if (this.windowExpiry.due(now)) {
      visited += this.windowExpiry.drain(now, (holder) => this.expireWindows(holder, now), budget);
    }
    return visited;
  }

  private live(pinId: string, now: number): StoredPin | undefined {
    const pin = this.pins.get(pinId);
    return pin && now < pin.keepUntil ? pin : undefined;
  }

  private addDestination(applicationId: string, to: string): Destination {
    let perApplication = this.destinations.get(applicationId);
    if (!perApplication) this.destinations.set(applicationId, (perApplication = new Map()));
    const destination = new Destination(applicationId, to);
    perApplication.set(to, destination);
    return destination;
  }

  private expirePin(pinId: string, now: number): void {
    const pin = this.pins.get(pinId);
    if (pin && now >= pin.keepUntil) this.forget(pin);
  }

  /** Removes `pin` from the store and from its destination. */
  private forget(pin: StoredPin): void {
    this.pins.delete(pin.pinId);
    const { destination } = pin;
    destination.pins = destination.pins.filter((other) => other !== pin);
    this.release(destination);
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

  /** Drops a destination once it holds neither a PIN nor an open window. */
  private release(destination: Destination): void {
    if (destination.pins.length > 0 || destination.sends > 0 || destination.verifications > 0) return;
    const { applicationId, to } = destination;
    const perApplication = this.destinations.get(applicationId);
    if (perApplication?.get(to) !== destination) return;
    perApplication.delete(to);
    if (perApplication.size === 0) this.destinations.delete(applicationId);
  }

  /** Why a send is refused (both windows are checked, nothing is counted), or `undefined` when admitted. */
  private sendRefusal(
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
  private countSend(destination: Destination, limits: SendLimits, now: number): void {
    const { applicationId } = destination;
    const application = this.applicationSends.get(applicationId);
    if (application && now < application.resetAt) {
      application.count++;
    } else {
      const resetAt = now + limits.perApplication.windowMs;
      this.applicationSends.set(applicationId, { count: 1, resetAt });
      this.windowExpiry.schedule(applicationId, resetAt);
    }
    if (destination.sends > 0 && now < destination.sendsResetAt) {
      destination.sends++;
    } else {
      destination.sends = 1;
      destination.sendsResetAt = now + limits.perDestination.windowMs;
      this.windowExpiry.schedule(destination, destination.sendsResetAt);
    }
  }
}

/**
 * Milliseconds until a window holding `count` events (0: none open) that resets
 * at `resetAt` admits one more under a limit of `limit` events; 0 when it admits one now.
 */
function refusal(count: number, resetAt: number, limit: number, now: number): number {
  return count === 0 || now >= resetAt || count < limit ? 0 : resetAt - now;
}
