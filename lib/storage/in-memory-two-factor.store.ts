import type { Clock } from '../time/clock';
import { ExpirySchedule } from './expiry-schedule';
import { copyRecord } from './copy-record';
import { Destinations, StoredPin } from './in-memory-destinations';
import type {
  ApplicationRecord,
  CreatePinOutcome,
  PinRecord,
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

/**
 * The default {@link TwoFactorStore}: everything in this process's memory, as
 * plain records in maps.
 *
 * - `pins`: each PIN by pinId;
 * - `destinations`: per application and destination, its send and verification
 *   windows and its PINs (for the verification status), and the send window of
 *   each application ({@link Destinations}).
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
  private readonly destinations = new Destinations();
  /** pinIds by `keepUntil`. */
  private readonly pinExpiry = new ExpirySchedule<string>();
  private readonly clock?: Clock;
  private readonly budget: number;
  private readonly afterLargeSweep?: () => void;
  private readonly timer?: NodeJS.Timeout;
  private latestNow = 0;

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
    const known = this.destinations.get(applicationId, to);
    const refused = this.destinations.sendRefusal(applicationId, known, limits, now);
    if (refused) return refused;
    const previous = this.pins.get(pin.pinId);
    if (previous) this.forget(previous); // which may drop the destination
    const destination = known && !previous ? known : this.destinations.getOrAdd(applicationId, to);
    const stored = new StoredPin(pin, destination);
    this.pins.set(stored.pinId, stored);
    this.pinExpiry.schedule(stored.pinId, stored.keepUntil);
    // A one-element literal is the smallest array (a push onto [] reserves room for 16).
    if (destination.pins.length === 0) destination.pins = [stored];
    else destination.pins.push(stored);
    this.destinations.countSend(destination, limits, now);
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
    const refused = this.destinations.sendRefusal(destination.applicationId, destination, limits, now);
    if (refused) return refused;
    this.destinations.countSend(destination, limits, now);
    return { status: 'resent', pin: pin.record() };
  }

  async verifyPin(pinId: string, correct: boolean, now: number): Promise<VerifyPinOutcome> {
    this.tick(now);
    const pin = this.live(pinId, now);
    if (!pin) return { status: 'not_found' };
    const retryAfterMs = this.destinations.countVerification(pin, now);
    if (retryAfterMs > 0) return { status: 'rate_limited', retryAfterMs };
    const { to } = pin.destination;

    if (now >= pin.expiresAt) return { status: 'expired', to, attemptsRemaining: pin.attemptsRemaining };
    if (pin.attemptsRemaining <= 0) return { status: 'no_attempts', to, attemptsRemaining: 0 };
    if (!correct) {
      pin.attemptsRemaining--;
      return { status: 'wrong', to, attemptsRemaining: pin.attemptsRemaining };
    }
    pin.verifiedAt ??= now;
    if (!pin.allowMultipleVerifications) pin.attemptsRemaining = 0;
    return { status: 'verified', to, attemptsRemaining: pin.attemptsRemaining };
  }

  async listPins(applicationId: string, to: string, now: number): Promise<PinRecord[]> {
    this.tick(now);
    const pins = this.destinations.get(applicationId, to)?.pins ?? [];
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
    const { windows, destinations, scheduled } = this.destinations.stats();
    return {
      applications: this.applications.size,
      templates,
      pins: this.pins.size,
      windows,
      destinations,
      scheduled: this.pinExpiry.size + scheduled,
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
    return visited + this.destinations.collect(now, budget);
  }

  private live(pinId: string, now: number): StoredPin | undefined {
    const pin = this.pins.get(pinId);
    return pin && now < pin.keepUntil ? pin : undefined;
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
    this.destinations.release(destination);
  }
}
