import { Logger } from '@nestjs/common';
import type { TwoFactorRequest } from '../session/two-factor-request';
import type { PinChannel } from '../../infobip/infobip.types';
import type { CounterStore } from '../../storage/counter-store.interface';
import { clientIp } from '../destinations/client-ip';
import { destinationKind, maskDestination } from '../destinations/destination-format';
import { checkPhoneDestination, PHONE_REFUSAL_MESSAGES } from '../destinations/destination-rules';
import type { NormalizedTwoFactorOptions } from '../options/normalized-options.interface';
import type { ResolvedPurpose } from '../runtime/purpose.resolver';
import { SendLimiter, type SendLimitHit } from './send-limits';
import type { TwoFactorSessionState } from '../session/two-factor-session';
import { proxyTrustOf, type ProxyTrust } from '../destinations/trusted-proxies';

/**
 * What is checked before any PIN goes out, against SMS pumping and message
 * bombing: where it goes (valid E.164 number of an accepted range and country, or
 * a plain email address) and how many have gone (the send limits, per client IP
 * as `trustedProxies` finds it).
 */
export class SendPolicy {
  private readonly logger = new Logger('TwoFactorService');
  // One per purpose: each counts its own budgets.
  private readonly limiters: ReadonlyMap<string, SendLimiter>;
  private readonly proxyTrust: ProxyTrust;
  private warnedForwardedFor = false;

  constructor(
    store: CounterStore,
    options: Pick<NormalizedTwoFactorOptions, 'purposes' | 'trustProxyHops' | 'trustedProxies'>,
  ) {
    this.proxyTrust = proxyTrustOf(options);
    if (options.trustProxyHops > 0 && !options.trustedProxies) {
      this.logger.warn(
        `trustProxyHops is ${options.trustProxyHops} without trustedProxies: X-Forwarded-For is believed from ` +
          'any client that reaches the application directly. Fix: set trustedProxies to the addresses of your proxies',
      );
    }
    this.limiters = new Map(
      options.purposes.map((purpose) => [
        purpose.name,
        new SendLimiter(store, purpose.sendLimits, purpose.name),
      ]),
    );
  }

  /** The client's IP address (see `TwoFactorService.clientIp`). */
  clientIp(req: TwoFactorRequest | undefined): string | undefined {
    const { hops, proxies } = this.proxyTrust;
    if (
      hops === 0 &&
      !proxies &&
      !this.warnedForwardedFor &&
      req?.headers?.['x-forwarded-for'] !== undefined
    ) {
      this.warnedForwardedFor = true;
      this.logger.warn(
        'requests carry X-Forwarded-For but trustProxyHops is 0 and no trustedProxies are set, so per-IP limits ' +
          'count the address of the proxy, not of the client. Fix: set trustedProxies to the addresses of the ' +
          'proxies in front of the application',
      );
    }
    return clientIp(req ?? {}, this.proxyTrust);
  }

  /** Why no PIN may go to this normalized destination, in words for the user; undefined when it may. */
  destinationProblem(
    purpose: ResolvedPurpose,
    channel: PinChannel,
    destination: string | undefined,
  ): string | undefined {
    if (!destination) {
      const what =
        destinationKind(channel) === 'email' ? 'an email address' : 'a phone number in international format';
      return `The destination must be ${what}.`;
    }
    if (destinationKind(channel) !== 'phone') return undefined;
    const refusal = checkPhoneDestination(destination, purpose.allowedCountries);
    if (!refusal) return undefined;
    this.logger.warn(`2FA send refused (${refusal}) to ${maskDestination(destination)}`);
    return PHONE_REFUSAL_MESSAGES[refusal];
  }

  /**
   * Counts a send of the challenge against its purpose's send limits; answers the limit
   * that refused it, if any.
   */
  async consume(
    req: TwoFactorRequest,
    state: TwoFactorSessionState,
    now: number,
  ): Promise<SendLimitHit | undefined> {
    const limiter = this.limiters.get(state.purpose);
    if (!limiter)
      throw new Error(`TwoFactorService: no send limits for purpose ${JSON.stringify(state.purpose)}`);
    const ip = this.clientIp(req);
    const hit = await limiter.consume(
      { destination: state.destination, userId: state.userId, ...(ip !== undefined ? { ip } : {}) },
      now,
    );
    if (hit) {
      this.logger.warn(
        `2FA send refused by the ${state.purpose} ${hit.limit} limit (${hit.spec}) for ${state.maskedDestination}`,
      );
    }
    return hit;
  }
}
