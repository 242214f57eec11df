import { timingSafeEqual } from 'node:crypto';
import type { Clock } from '../engine/clock';
import type { ParsedLimit } from '../infobip/time-format';
import { ExpirySchedule } from './expiry-schedule';
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
   * passed. Default: none.
   */
  clock?: Clock;
  /** Period of the background sweep of expired records, ms; 0 turns it off. Default 30 000. */
  sweepIntervalMs?: number;
  /** Most expired records one call removes on its way (the rest wait for later calls or the sweep). Default 256. */
  sweepBudgetPerCall?: number;
}

interface Window {
  count: number;
  resetAt: number;
}

const SEP = '\u0000';

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
 */
export class InMemoryTwoFactorStore implements TwoFactorStore {
  private readonly applications = new Map<string, ApplicationRecord>();
  private readonly templates = new Map<string, Map<string, TemplateRecord>>();
  private readonly pins = new Map<string, PinRecord>();
  private readonly windows = new Map<string, Window>();
  /** pinIds per application + destination, oldest first. */
  private readonly destinations = new Map<string, string[]>();
  private readonly pinExpiry = new ExpirySchedule();
  private readonly windowExpiry = new ExpirySchedule();
  private readonly clock?: Clock;
  private readonly budget: number;
  private readonly timer?: NodeJS.Timeout;
  private latestNow = 0;

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
    return application && structuredClone(application);
  }

  async listApplications(): Promise<ApplicationRecord[]> {
    return [...this.applications.values()].map((application) => structuredClone(application));
  }

  async putApplication(application: ApplicationRecord): Promise<void> {
    this.applications.set(application.applicationId, structuredClone(application));
  }

  async getTemplate(applicationId: string, messageId: string): Promise<TemplateRecord | undefined> {
    const template = this.templates.get(applicationId)?.get(messageId);
    return template && structuredClone(template);
  }

  async listTemplates(applicationId: string): Promise<TemplateRecord[]> {
    return [...(this.templates.get(applicationId)?.values() ?? [])].map((template) =>
      structuredClone(template),
    );
  }

  async putTemplate(template: TemplateRecord): Promise<void> {
    const { applicationId, messageId } = template.message;
    let templates = this.templates.get(applicationId);
    if (!templates) this.templates.set(applicationId, (templates = new Map()));
    templates.set(messageId, structuredClone(template));
  }

  async createPin(pin: PinRecord, limits: SendLimits, now: number): Promise<CreatePinOutcome> {
    this.tick(now);
    const refused = this.admitSend(pin.applicationId, pin.to, limits, now);
    if (refused) return refused;
    const record = copyPin(pin);
    // Share the id strings of the application and template rather than keep a copy per PIN.
    const application = this.applications.get(record.applicationId);
    if (application) record.applicationId = application.applicationId;
    const template = this.templates.get(record.applicationId)?.get(record.messageId);
    if (template) record.messageId = template.message.messageId;
    this.pins.set(record.pinId, record);
    this.pinExpiry.schedule(record.pinId, record.keepUntil);
    const key = record.applicationId + SEP + record.to;
    const ids = this.destinations.get(key);
    if (ids) ids.push(record.pinId);
    else this.destinations.set(key, [record.pinId]);
    return { status: 'created' };
  }

  async getPin(pinId: string, now: number): Promise<PinRecord | undefined> {
    this.tick(now);
    const pin = this.live(pinId, now);
    return pin && copyPin(pin);
  }

  async resendPin(pinId: string, limits: SendLimits, now: number): Promise<ResendPinOutcome> {
    this.tick(now);
    const pin = this.live(pinId, now);
    if (!pin) return { status: 'not_found' };
    if (now >= pin.expiresAt) return { status: 'expired' };
    if (pin.verifiedAt !== undefined) return { status: 'verified' };
    if (pin.attemptsRemaining <= 0) return { status: 'locked' };
    return this.admitSend(pin.applicationId, pin.to, limits, now) ?? { status: 'resent', pin: copyPin(pin) };
  }

  async verifyPin(pinId: string, digest: string, now: number): Promise<VerifyPinOutcome> {
    this.tick(now);
    const pin = this.live(pinId, now);
    if (!pin) return { status: 'not_found' };
    const windowKey = 'v' + SEP + pin.applicationId + SEP + pin.to;
    const retryAfterMs = this.refusal(windowKey, pin.verifyLimit, now);
    if (retryAfterMs > 0) return { status: 'rate_limited', retryAfterMs };
    this.count(windowKey, pin.verifyLimit, now);

    const { to } = pin;
    if (now >= pin.expiresAt) return { status: 'expired', to, attemptsRemaining: pin.attemptsRemaining };
    if (pin.attemptsRemaining <= 0) return { status: 'no_attempts', to, attemptsRemaining: 0 };
    if (!sameDigest(pin.digest, digest)) {
      pin.attemptsRemaining--;
      return { status: 'wrong', to, attemptsRemaining: pin.attemptsRemaining };
    }
    pin.verifiedAt ??= now;
    if (!pin.allowMultipleVerifications) pin.attemptsRemaining = 0;
    return { status: 'verified', to, attemptsRemaining: pin.attemptsRemaining };
  }

  async listPins(applicationId: string, to: string, now: number): Promise<PinRecord[]> {
    this.tick(now);
    const ids = this.destinations.get(applicationId + SEP + to) ?? [];
    const pins: PinRecord[] = [];
    for (const id of ids) {
      const pin = this.live(id, now);
      if (pin) pins.push(copyPin(pin));
    }
    return pins;
  }

  /**
   * Removes every PIN and window that expired by `now` (epoch ms); returns how
   * many schedule entries it went through. The store also does this by itself.
   */
  sweep(now: number): number {
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
      windows: this.windows.size,
      destinations: this.destinations.size,
      scheduled: this.pinExpiry.size + this.windowExpiry.size,
    };
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
  }

  private tick(now: number): void {
    if (now > this.latestNow) this.latestNow = now;
    this.collect(now, this.budget);
  }

  private collect(now: number, budget: number): number {
    const visited = this.pinExpiry.drain(now, (pinId) => this.forgetPin(pinId, now), budget);
    return visited + this.windowExpiry.drain(now, (key) => this.forgetWindow(key, now), budget);
  }

  private live(pinId: string, now: number): PinRecord | undefined {
    const pin = this.pins.get(pinId);
    return pin && now < pin.keepUntil ? pin : undefined;
  }

  private forgetPin(pinId: string, now: number): void {
    const pin = this.pins.get(pinId);
    if (!pin || now < pin.keepUntil) return;
    this.pins.delete(pinId);
    const key = pin.applicationId + SEP + pin.to;
    const ids = this.destinations.get(key);
    if (!ids) return;
    // PINs of one destination usually expire in the order they were sent.
    const at = ids[0] === pinId ? 0 : ids.indexOf(pinId);
    if (at === 0) ids.shift();
    else if (at > 0) ids.splice(at, 1);
    if (ids.length === 0) this.destinations.delete(key);
  }

  private forgetWindow(key: string, now: number): void {
    const window = this.windows.get(key);
    if (window && now >= window.resetAt) this.windows.delete(key);
  }

  /** Counts a send in both windows, or tells why not (counting nothing). */
  private admitSend(applicationId: string, to: string, limits: SendLimits, now: number) {
    const appKey = 'a' + SEP + applicationId;
    const destinationKey = 'd' + SEP + applicationId + SEP + to;
    const retryAfterMs = Math.max(
      this.refusal(appKey, limits.perApplication, now),
      this.refusal(destinationKey, limits.perDestination, now),
    );
    if (retryAfterMs > 0) return { status: 'rate_limited', retryAfterMs } as const;
    this.count(appKey, limits.perApplication, now);
    this.count(destinationKey, limits.perDestination, now);
    return undefined;
  }

  /** Milliseconds until the window of `key` admits one more event; 0 when it admits one now. */
  private refusal(key: string, limit: ParsedLimit, now: number): number {
    const window = this.windows.get(key);
    if (!window || now >= window.resetAt || window.count < limit.count) return 0;
    return window.resetAt - now;
  }

  private count(key: string, limit: ParsedLimit, now: number): void {
    const window = this.windows.get(key);
    if (window && now < window.resetAt) {
      window.count++;
      return;
    }
    const resetAt = now + limit.windowMs;
    this.windows.set(key, { count: 1, resetAt });
    this.windowExpiry.schedule(key, resetAt);
  }
}

function copyPin(pin: PinRecord): PinRecord {
  return { ...pin, verifyLimit: { count: pin.verifyLimit.count, windowMs: pin.verifyLimit.windowMs } };
}

/** Constant-time comparison of two base64 digests of equal length. */
function sameDigest(stored: string, candidate: string): boolean {
  const a = Buffer.from(stored, 'base64');
  const b = Buffer.from(candidate, 'base64');
  return a.length === b.length && a.length > 0 && timingSafeEqual(a, b);
}
