import type { ApplicationConfiguration } from '../infobip/infobip.types';
import { ONE_DAY_MS, parseDuration, parseLimit, type ParsedLimit } from '../time/time-format';
import type { SendLimits } from '../storage/two-factor-store.interface';

type Configuration = Required<ApplicationConfiguration>;

/** Entries per field before a cache starts over (applications rarely number more than a few). */
const MAX_ENTRIES = 1_000;

/**
 * The time and limit strings of application configurations, parsed once per
 * distinct text instead of on every send: stored configurations were validated
 * and change rarely, so a send finds its figures in a map. Parsed limits are
 * frozen and shared; a text that does not parse throws on every use, as before.
 */
export class ConfigurationCache {
  private readonly timesToLive = new Map<string, number>();
  private readonly verifyLimits = new Map<string, ParsedLimit>();
  private readonly applicationLimits = new Map<string, ParsedLimit>();
  private readonly destinationLimits = new Map<string, ParsedLimit>();

  /** `pinTimeToLive` in milliseconds. */
  timeToLive({ pinTimeToLive }: Configuration): number {
    let ms = this.timesToLive.get(pinTimeToLive);
    if (ms === undefined) {
      ms = parseDuration(pinTimeToLive, 'pinTimeToLive');
      remember(this.timesToLive, pinTimeToLive, ms);
    }
    return ms;
  }

  /** `verifyPinLimit` (window at most one day). */
  verifyLimit({ verifyPinLimit }: Configuration): ParsedLimit {
    return (
      this.verifyLimits.get(verifyPinLimit) ??
      remember(
        this.verifyLimits,
        verifyPinLimit,
        Object.freeze(parseLimit(verifyPinLimit, 'verifyPinLimit', ONE_DAY_MS)),
      )
    );
  }

  /** `sendPinPerApplicationLimit` and `sendPinPerPhoneNumberLimit`. */
  sendLimits(configuration: Configuration): SendLimits {
    const { sendPinPerApplicationLimit: perApplication, sendPinPerPhoneNumberLimit: perDestination } =
      configuration;
    return {
      perApplication:
        this.applicationLimits.get(perApplication) ??
        remember(
          this.applicationLimits,
          perApplication,
          Object.freeze(parseLimit(perApplication, 'sendPinPerApplicationLimit')),
        ),
      perDestination:
        this.destinationLimits.get(perDestination) ??
        remember(
          this.destinationLimits,
          perDestination,
          Object.freeze(parseLimit(perDestination, 'sendPinPerPhoneNumberLimit')),
        ),
    };
  }
}

function remember<T>(cache: Map<string, T>, text: string, value: T): T {
  if (cache.size >= MAX_ENTRIES) cache.clear();
  cache.set(text, value);
  return value;
}
