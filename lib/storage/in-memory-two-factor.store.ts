import type { Clock } from '../engine/clock';
import type { ParsedLimit } from '../infobip/time-format';
import { ExpirySchedule } from './expiry-schedule';
import { ApplicationState, compact, copyRecord, DestinationState, PinEntry } from './in-memory-records';
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
   * passed. Default: none.
   */
  clock?: Clock;
  /** Period of the background sweep of expired records, ms; 0 turns it off. Default 30 000. */
  sweepIntervalMs?: number;
  /** Most expired records one call removes on its way (the rest wait for later calls or the sweep). Default 256. */
  sweepBudgetPerCall?: number;
}

/**
 * The default {@link TwoFactorStore}: everything in this process's memory.
 *
 * Every operation is O(1) (amortised): expired PINs and spent rate-limit windows
 * are found through an {@link ExpirySchedule}, a few at a time on each call and
 * all at once by an `unref()`ed sweep timer (stopped by {@link close}), so memory
 * stays flat under continuous traffic. Check-and-update operations run without
 * awaiting anything in between, hence atomically within the process. Data is
 * lost with the process and not shared between processes: use a shared store
 * for several instances.
 *
 * Compact by design (a pending PIN to a destination of its own costs about 450
 * bytes of heap): the windows of an application + destination and the index of
 * its PINs share one record, found by the destination string itself in a map per
 * application (no composite keys); a PIN is a record of a fixed shape that
 * shares its ids, `verifyLimit`, TTL and retention with the PINs sent alike;
 * times are small offsets from an origin the store moves every 12 days at most,
 * not a heap number each. Records are copied on the way in and out (a spread per
 * object, not `structuredClone`), so callers never hold the store's.
 */
export class InMemoryTwoFactorStore implements TwoFactorStore {
  private readonly applications = new Map<string, ApplicationRecord>();
  private readonly templates = new Map<string, Map<string, TemplateRecord>>();
  /** Windows and destinations by application id; present while one of them is. */
  private readonly applicationStates = new Map<string, ApplicationState>();
  private readonly pins = new Map<string, PinEntry>();
  private readonly pinExpiry = new ExpirySchedule<PinEntry>();
  /** Holders of a window, scheduled when the window opens, visited once it may have ended. */
  private readonly windowExpiry = new ExpirySchedule<ApplicationState | DestinationState>();
  private windows = 0;
  /** Destinations with at least one PIN. */
  private indexedDestinations = 0;
  private readonly clock?: Clock;
  private readonly budget: number;
  private readonly timer?: NodeJS.Timeout;
  private latestNow = 0;
  /** Records hold times as offsets from this instant (epoch ms); NaN until the first call. */
  private origin = Number.NaN;

  constructor(options: InMemoryTwoFactorStoreOptions = {}) {
    this.clock = options.clock;
    this.budget = options.sweepBudgetPerCall ?? 256;
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
    const at = this.tick(now);
    let state = this.applicationStates.get(pin.applicationId);
    let destination = state?.destinations.get(pin.to);
    const refused = sendRefusal(state, destination, limits, at);
    if (refused) return refused;
    if (!state) {
      // Share the id string of the application rather than keep a copy.
      const applicationId = this.applications.get(pin.applicationId)?.applicationId ?? pin.applicationId;
      this.applicationStates.set(applicationId, (state = new ApplicationState(applicationId)));
    }
    if (!destination) state.destinations.set(pin.to, (destination = new DestinationState(state, pin.to)));
    this.countSend(state, destination, limits, now);

    const previous = this.pins.get(pin.pinId);
    if (previous) this.forget(previous);
    // Share the id string of the template too.
    const messageId = this.templates.get(state.applicationId)?.get(pin.messageId)?.message.messageId;
    const entry = new PinEntry(
      pin,
      destination,
      state.settingsOf(pin, messageId ?? pin.messageId),
      this.origin,
    );
    this.pins.set(entry.pinId, entry);
    this.pinExpiry.schedule(entry, pin.keepUntil);
    if (destination.add(entry)) this.indexedDestinations++;
    return CREATED;
  }

  async getPin(pinId: string, now: number): Promise<PinRecord | undefined> {
    return this.live(pinId, this.tick(now))?.record(this.origin);
  }

  async resendPin(pinId: string, limits: SendLimits, now: number): Promise<ResendPinOutcome> {
    const at = this.tick(now);
    const pin = this.live(pinId, at);
    if (!pin) return { status: 'not_found' };
    if (at >= pin.expiresAt) return { status: 'expired' };
    if (pin.verifiedAt !== undefined) return { status: 'verified' };
    if (pin.attemptsRemaining <= 0) return { status: 'locked' };
    const { destination } = pin;
    const refused = sendRefusal(destination.application, destination, limits, at);
    if (refused) return refused;
    this.countSend(destination.application, destination, limits, now);
    return { status: 'resent', pin: pin.record(this.origin) };
  }

  async verifyPin(pinId: string, correct: boolean, now: number): Promise<VerifyPinOutcome> {
    const at = this.tick(now);
    const pin = this.live(pinId, at);
    if (!pin) return { status: 'not_found' };
    const { destination } = pin;
    const { verifyLimit } = pin.settings;
    const retryAfterMs = refusal(
      destination.verifications,
      destination.verificationsResetAt,
      verifyLimit,
      at,
    );
    if (retryAfterMs > 0) return { status: 'rate_limited', retryAfterMs };
    if (destination.verifications > 0 && at < destination.verificationsResetAt) {
      destination.verifications++;
    } else {
      if (destination.verifications === 0) this.windows++;
      destination.verifications = 1;
      destination.verificationsResetAt = compact(at + verifyLimit.windowMs);
      this.windowExpiry.schedule(destination, now + verifyLimit.windowMs);
    }

    const { to } = destination;
    if (at >= pin.expiresAt) return { status: 'expired', to, attemptsRemaining: pin.attemptsRemaining };
    if (pin.attemptsRemaining <= 0) return { status: 'no_attempts', to, attemptsRemaining: 0 };
    if (!correct) {
      pin.attemptsRemaining--;
      return { status: 'wrong', to, attemptsRemaining: pin.attemptsRemaining };
    }
    pin.verifiedAt ??= at;
    if (!pin.settings.allowMultipleVerifications) pin.attemptsRemaining = 0;
    return { status: 'verified', to, attemptsRemaining: pin.attemptsRemaining };
  }

  async listPins(applicationId: string, to: string, now: number): Promise<PinRecord[]> {
    const at = this.tick(now);
    const pins = this.applicationStates.get(applicationId)?.destinations.get(to)?.list() ?? [];
    return pins.filter((pin) => at < pin.keepUntil).map((pin) => pin.record(this.origin));
  }

  /**
   * Removes every PIN and window that expired by `now` (epoch ms); returns how
   * many schedule entries it went through. The store also does this by itself.
   */
  sweep(now: number): number {
    if (Number.isNaN(this.origin)) return 0;
    return this.collect(now, Number.POSITIVE_INFINITY);
  }

  /** Record counts: all zero except applications and templates once everything expired and was swept. */
  stats(): TwoFactorStoreStats {
    let templates = 0;
    for (const perApplication of this.templates.values()) templates += perApplication.size;
    return {
      applications: this.applications.size,
      templates,
      pins: this.pins.size,
      windows: this.windows,
      destinations: this.indexedDestinations,
      scheduled: this.pinExpiry.size + this.windowExpiry.size,
    };
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
  }

  /** Notes the time, moves the origin when `now` is far from it, removes a few expired records; `now` as an offset. */
  private tick(now: number): number {
    if (now > this.latestNow) this.latestNow = now;
    if (!(Math.abs(now - this.origin) < ORIGIN_RANGE_MS)) this.moveOrigin(now);
    this.collect(now, this.budget);
    return compact(now - this.origin);
  }

  private collect(now: number, budget: number): number {
    const at = compact(now - this.origin);
    const visited = this.pinExpiry.drain(now, (pin) => this.expirePin(pin, at), budget);
    return visited + this.windowExpiry.drain(now, (holder) => this.expireWindows(holder, at), budget);
  }

  /**
   * Makes `now` the origin of the times the records hold, shifting them all:
   * once every 12 days of the clock's time at most, O(records).
   */
  private moveOrigin(now: number): void {
    const delta = Number.isNaN(this.origin) ? 0 : this.origin - now;
    this.origin = now;
    if (delta === 0) return;
    for (const pin of this.pins.values()) pin.shift(delta);
    for (const state of this.applicationStates.values()) {
      state.sendsResetAt = compact(state.sendsResetAt + delta);
      for (const destination of state.destinations.values()) {
        destination.sendsResetAt = compact(destination.sendsResetAt + delta);
        destination.verificationsResetAt = compact(destination.verificationsResetAt + delta);
      }
    }
  }

  private live(pinId: string, at: number): PinEntry | undefined {
    const pin = this.pins.get(pinId);
    return pin && at < pin.keepUntil ? pin : undefined;
  }

  private expirePin(pin: PinEntry, at: number): void {
    if (at >= pin.keepUntil && this.pins.get(pin.pinId) === pin) this.forget(pin);
  }

  /** Removes `pin` from the store and from its destination's index. */
  private forget(pin: PinEntry): void {
    this.pins.delete(pin.pinId);
    const { destination } = pin;
    if (destination.remove(pin)) {
      this.indexedDestinations--;
      this.release(destination);
    }
  }

  /** Closes the windows of `holder` that ended by `at`. */
  private expireWindows(holder: ApplicationState | DestinationState, at: number): void {
    if (holder.sends > 0 && at >= holder.sendsResetAt) {
      holder.sends = 0;
      this.windows--;
    }
    if (holder instanceof DestinationState) {
      if (holder.verifications > 0 && at >= holder.verificationsResetAt) {
        holder.verifications = 0;
        this.windows--;
      }
      this.release(holder);
    } else {
      this.releaseApplication(holder);
    }
  }

  /** Drops a destination once it holds neither a PIN nor an open window. */
  private release(destination: DestinationState): void {
    if (!destination.idle) return;
    const { application } = destination;
    if (application.destinations.get(destination.to) === destination) {
      application.destinations.delete(destination.to);
    }
    this.releaseApplication(application);
  }

  private releaseApplication(state: ApplicationState): void {
    if (state.sends > 0 || state.destinations.size > 0) return;
    if (this.applicationStates.get(state.applicationId) === state) {
      this.applicationStates.delete(state.applicationId);
    }
  }

  /** Counts one send in the application's window and in the destination's (both admitted it). */
  private countSend(
    state: ApplicationState,
    destination: DestinationState,
    limits: SendLimits,
    now: number,
  ): void {
    this.countIn(state, limits.perApplication, now);
    this.countIn(destination, limits.perDestination, now);
  }

  private countIn(holder: ApplicationState | DestinationState, limit: ParsedLimit, now: number): void {
    const at = compact(now - this.origin);
    if (holder.sends > 0 && at < holder.sendsResetAt) {
      holder.sends++;
      return;
    }
    if (holder.sends === 0) this.windows++;
    holder.sends = 1;
    holder.sendsResetAt = compact(at + limit.windowMs);
    this.windowExpiry.schedule(holder, now + limit.windowMs);
  }
}

/** Why a send is refused (both windows are checked, nothing is counted), or `undefined` when admitted. */
function sendRefusal(
  state: ApplicationState | undefined,
  destination: DestinationState | undefined,
  limits: SendLimits,
  now: number,
): RateLimited | undefined {
  const retryAfterMs = Math.max(
    state ? refusal(state.sends, state.sendsResetAt, limits.perApplication, now) : 0,
    destination ? refusal(destination.sends, destination.sendsResetAt, limits.perDestination, now) : 0,
  );
  return retryAfterMs > 0 ? { status: 'rate_limited', retryAfterMs } : undefined;
}

/**
 * Milliseconds until a window holding `count` events (0: no window) that resets
 * at `resetAt` admits one more; 0 when it admits one now.
 */
function refusal(count: number, resetAt: number, limit: ParsedLimit, now: number): number {
  return count === 0 || now >= resetAt || count < limit.count ? 0 : resetAt - now;
}

/** `createPin`'s answer: it carries nothing of the PIN, so one frozen object serves every call. */
const CREATED: CreatePinOutcome = Object.freeze({ status: 'created' });

/**
 * How far `now` may move from the origin before the records' times are shifted:
 * 2^30 ms (12.4 days) keeps every offset of a live record (TTLs and windows are
 * usually minutes to a day) within V8's small integers (±2^31 on 64-bit).
 */
const ORIGIN_RANGE_MS = 2 ** 30;
