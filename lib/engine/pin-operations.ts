import { InfobipApiError } from '../infobip/infobip-api.error';
import type { PinChannel, VerificationResponse, VerifyPinResponse } from '../infobip/infobip.types';
import type {
  ApplicationRecord,
  PinRecord,
  TemplateRecord,
  TwoFactorStore,
} from '../storage/two-factor-store.interface';
import type { Clock } from '../time/clock';
import { ConfigurationCache } from './configuration-cache';
import { MessageRenderer, templateKindFor } from './message-templates';
import type { Outbox } from './outbox';
import type { PinDeriver } from './pin-deriver';
import type { RandomPool } from './random-pool';
import {
  validateResendPinRequest,
  validateSendPinRequest,
  validateVerificationQuery,
  validateVerifyPinRequest,
  type ValidResendRequest,
} from './validation';

/** What a send or resend did: the PIN's record and the validated request. */
export interface PinDelivery {
  pin: PinRecord;
  request: ValidResendRequest;
}

const PIN_ERRORS = {
  expired: 'TTL_EXPIRED',
  no_attempts: 'NO_MORE_PIN_ATTEMPTS',
  wrong: 'WRONG_PIN',
} as const;

/**
 * Send, resend, verify and verification status of {@link LocalTwoFactorEngine}:
 * each reads the time once and passes it to the store, whose single atomic call
 * does the checking and counting.
 */
export class PinOperations {
  private readonly configurations = new ConfigurationCache();
  private readonly renderer = new MessageRenderer();

  constructor(
    private readonly store: TwoFactorStore,
    private readonly clock: Clock,
    private readonly outbox: Outbox,
    private readonly deriver: PinDeriver,
    private readonly retentionMs: number,
  ) {}

  async send(channel: PinChannel, body: unknown): Promise<PinDelivery> {
    const request = validateSendPinRequest(body, channel);
    const now = this.clock.now();
    // Both reads leave before either is awaited: one round trip to a remote store instead of two.
    const [application, template] = await Promise.all([
      this.store.getApplication(String(request.applicationId)),
      this.store.getTemplate(request.applicationId, request.messageId),
    ]);
    if (!application) throw InfobipApiError.notFound('Application not found');
    if (!template) throw InfobipApiError.notFound('Message template not found');
    if (!application.enabled) throw InfobipApiError.badRequest('Application is disabled');
    if (template.kind !== templateKindFor(channel)) {
      throw InfobipApiError.badRequest(`Message template can't be sent over ${channel}`);
    }
    const pinId = this.deriver.newPinId(template.message.pinType, template.message.pinLength);
    const { configuration } = application;
    const expiresAt = now + this.configurations.timeToLive(configuration);
    const pin: PinRecord = {
      pinId,
      applicationId: application.applicationId,
      messageId: template.message.messageId,
      channel,
      to: request.to,
      sentAt: now,
      expiresAt,
      keepUntil: expiresAt + this.retentionMs,
      attemptsRemaining: configuration.pinAttempts,
      allowMultipleVerifications: configuration.allowMultiplePinVerifications,
      verifyLimit: this.configurations.verifyLimit(configuration),
    };
    const outcome = await this.store.createPin(pin, this.configurations.sendLimits(configuration), now);
    if (outcome.status === 'rate_limited') throw tooManyRequests(outcome.retryAfterMs);
    // Derived once the store took the PIN (a refused send costs no HMAC), with the secret that made its id.
    const code = this.deriver.pin(pinId)!;
    await this.deliver(pin, code, template, channel, request.placeholders, now);
    return { pin, request };
  }

  async resend(channel: PinChannel, pinId: string, body: unknown): Promise<PinDelivery> {
    const request = validateResendPinRequest(body, channel);
    const now = this.clock.now();
    const known = await this.store.getPin(String(pinId), now);
    // A PIN made with a secret no longer given can't be sent again: as good as gone.
    const code = known ? this.deriver.pin(known.pinId) : undefined;
    if (!known || code === undefined) throw InfobipApiError.notFound();
    if ((channel === 'email') !== known.to.includes('@')) {
      throw InfobipApiError.badRequest(`The PIN's destination can't receive ${channel}`);
    }
    const [application, template] = await Promise.all([
      this.requireApplication(known.applicationId),
      this.templateFor(known, channel),
    ]);
    if (!application.enabled) throw InfobipApiError.badRequest('Application is disabled');
    const outcome = await this.store.resendPin(
      known.pinId,
      this.configurations.sendLimits(application.configuration),
      now,
    );
    switch (outcome.status) {
      case 'not_found':
        throw InfobipApiError.notFound();
      case 'rate_limited':
        throw tooManyRequests(outcome.retryAfterMs);
      case 'expired':
        throw InfobipApiError.badRequest('PIN has expired');
      case 'verified':
        throw InfobipApiError.badRequest('PIN is already verified');
      case 'locked':
        throw InfobipApiError.badRequest('PIN has no verification attempts left');
    }
    const { pin } = outcome;
    await this.deliver(pin, code, template, channel, request.placeholders, now);
    return { pin, request };
  }

  async verify(pinId: string, body: unknown): Promise<VerifyPinResponse> {
    const { pin } = validateVerifyPinRequest(body);
    const id = String(pinId);
    const outcome = await this.store.verifyPin(id, this.deriver.matches(id, pin), this.clock.now());
    switch (outcome.status) {
      case 'not_found':
        throw InfobipApiError.notFound();
      case 'rate_limited':
        throw tooManyRequests(outcome.retryAfterMs);
      case 'verified':
        return {
          pinId: id,
          msisdn: outcome.to,
          verified: true,
          attemptsRemaining: outcome.attemptsRemaining,
        };
      default:
        return {
          pinId: id,
          msisdn: outcome.to,
          verified: false,
          attemptsRemaining: outcome.attemptsRemaining,
          pinError: PIN_ERRORS[outcome.status],
        };
    }
  }

  async verificationStatus(appId: string, query: unknown): Promise<VerificationResponse> {
    const now = this.clock.now();
    const { applicationId } = await this.requireApplication(appId);
    const { msisdn, verified, sent } = validateVerificationQuery(query);
    // Every PIN the engine remembers was sent, so `sent: false` matches none.
    if (sent === false) return { verifications: [] };
    const pins = await this.store.listPins(applicationId, msisdn, now);
    const verifications = pins
      .filter((pin) => verified === undefined || (pin.verifiedAt !== undefined) === verified)
      .map((pin) => ({
        msisdn: pin.to,
        verified: pin.verifiedAt !== undefined,
        ...(pin.verifiedAt !== undefined ? { verifiedAt: pin.verifiedAt } : {}),
        sentAt: pin.sentAt,
      }));
    return { verifications };
  }

  /** The application, or 404. */
  async requireApplication(appId: string): Promise<ApplicationRecord> {
    const application = await this.store.getApplication(String(appId));
    if (!application) throw InfobipApiError.notFound('Application not found');
    return application;
  }

  /** The PIN's own template when it suits `channel`, else the application's first one that does. */
  private async templateFor(pin: PinRecord, channel: PinChannel): Promise<TemplateRecord> {
    const kind = templateKindFor(channel);
    const own = await this.store.getTemplate(pin.applicationId, pin.messageId);
    if (own?.kind === kind) return own;
    const other = (await this.store.listTemplates(pin.applicationId)).find(
      (template) => template.kind === kind,
    );
    if (!other) throw InfobipApiError.badRequest(`The application has no message template for ${channel}`);
    return other;
  }

  /** Hands the message with `code`, the PIN of `pin`, to the outbox; the outbox's promise, if it returned one. */
  private deliver(
    pin: PinRecord,
    code: string,
    template: TemplateRecord,
    channel: PinChannel,
    placeholders: Record<string, string>,
    now: number,
  ): void | Promise<void> {
    return this.outbox.deliver({
      pinId: pin.pinId,
      applicationId: pin.applicationId,
      messageId: template.message.messageId,
      to: pin.to,
      channel,
      text: this.renderer.render(template, code, placeholders),
      pin: code,
      sentAt: new Date(now).toISOString(),
    });
  }
}

/** 32 uppercase hex characters (16 bytes) from the CSPRNG, like Infobip's ids. */
export function newId(random: RandomPool): string {
  return random.hex(16);
}

/** 429 with the whole seconds until the window reopens, rounded up. */
function tooManyRequests(retryAfterMs: number): InfobipApiError {
  return InfobipApiError.tooManyRequests(Math.max(1, Math.ceil(retryAfterMs / 1000)));
}
