import { randomBytes, randomUUID } from 'node:crypto';
import { InfobipApiError } from '../infobip/infobip-api.error';
import type {
  ApplicationRequest,
  ApplicationResponse,
  CreateEmailMessageRequest,
  CreateSmsOrVoiceMessageRequest,
  EmailMessage,
  Message,
  ResendPinRequest,
  ResendPinRequestViaEmail,
  SendPinOverSmsOptions,
  SmsOrVoiceMessage,
  StartAuthenticationRequest,
  StartAuthenticationResponse,
  StartEmailAuthenticationRequest,
  StartEmailAuthenticationResponse,
  UpdateEmailMessageRequest,
  UpdateSmsOrVoiceMessageRequest,
  VerificationResponse,
  VerificationStatusQuery,
  VerifyPinRequest,
  VerifyPinResponse,
} from '../infobip/infobip.types';
import type { TwoFactorApi } from '../infobip/two-factor-api.interface';
import { InMemoryTwoFactorStore } from '../storage/in-memory-two-factor.store';
import type {
  ApplicationRecord,
  TemplateRecord,
  TwoFactorStore,
} from '../storage/two-factor-store.interface';
import { isAdjustableClock, OffsetClock, type AdjustableClock, type Clock } from '../time/clock';
import { InMemoryOutbox } from './in-memory.outbox';
import { emailMessage, smsOrVoiceMessage, toMessage } from './message-templates';
import type { Outbox } from './outbox';
import { newId, PinOperations, type PinDelivery } from './pin-operations';
import { PinDeriver } from './pin-deriver';
import { RandomPool } from './random-pool';
import {
  validateApplicationRequest,
  validateCreateEmailTemplate,
  validateCreateSmsOrVoiceTemplate,
  validateUpdateEmailTemplate,
  validateUpdateSmsOrVoiceTemplate,
} from './validation';

/** Options of {@link LocalTwoFactorEngine}. */
export interface LocalTwoFactorEngineOptions {
  /** Where applications, templates and PINs live. Default: a new {@link InMemoryTwoFactorStore}. */
  store?: TwoFactorStore;
  /**
   * Source of time for TTLs and limit windows. Default: a new {@link OffsetClock}.
   * A clock without `advance` is wrapped in an `OffsetClock` so that the engine's
   * clock can always be moved forward.
   */
  clock?: Clock;
  /** Where "sent" messages go. Default: a new {@link InMemoryOutbox}. */
  outbox?: Outbox;
  /**
   * Key of the PINs, at least 16 bytes: each PIN is derived from it and its pinId,
   * never stored. The default makes PINs no other engine can tell; give every
   * engine that shares a store the same secret.
   * @default 32 random bytes
   */
  secret?: string | Buffer;
  /**
   * Secrets used before `secret`, still accepted while their PINs live: to rotate,
   * move the current secret here and set a new `secret`; drop the old one once its
   * PINs have expired (after the longest `pinTimeToLive` and `expiredPinRetentionMs`).
   * @default []
   */
  previousSecrets?: readonly (string | Buffer)[];
  /**
   * How long an expired PIN is still remembered, ms: meanwhile verify answers
   * `TTL_EXPIRED` (afterwards 404) and the verification status lists it. Default 3 600 000 (1 hour).
   */
  expiredPinRetentionMs?: number;
}

/**
 * Infobip's 2FA API in process: the 18 operations of {@link TwoFactorApi} with
 * Infobip's semantics (DESIGN §3.3, §3.4), errors thrown as `InfobipApiError`
 * with the status Infobip answers, PINs "delivered" to an {@link Outbox}.
 *
 * Choices where Infobip's documents are silent:
 * - update application replaces the application: configuration fields left out
 *   return to Infobip's defaults; template updates merge the fields given;
 * - a PIN keeps the attempts, TTL, `allowMultiplePinVerifications` and
 *   `verifyPinLimit` of the moment it was sent; send limits are the current ones;
 * - a successful verification answers the attempts left: 0 when the PIN is
 *   consumed (`allowMultiplePinVerifications: false`), otherwise unchanged (a
 *   success costs no attempt);
 * - resending over another channel uses the PIN's template when it suits the
 *   channel, else the application's first template of the right kind;
 * - the verification status lists one entry per remembered PIN sent to the
 *   destination, oldest first; `sentAt` is the first send.
 */
export class LocalTwoFactorEngine implements TwoFactorApi {
  /** The engine's clock; `advance(ms)` moves TTLs and limit windows forward. */
  readonly clock: AdjustableClock;
  readonly outbox: Outbox;
  readonly store: TwoFactorStore;
  private readonly ownsStore: boolean;
  private readonly pins: PinOperations;
  /** Ids come from this pool of CSPRNG bytes; PINs are derived from them (see {@link PinDeriver}). */
  private readonly random = new RandomPool();

  constructor(options: LocalTwoFactorEngineOptions = {}) {
    const clock = options.clock;
    this.clock = !clock ? new OffsetClock() : isAdjustableClock(clock) ? clock : new OffsetClock(clock);
    this.outbox = options.outbox ?? new InMemoryOutbox();
    const secrets = [options.secret ?? randomBytes(32), ...(options.previousSecrets ?? [])];
    const deriver = new PinDeriver(secrets, this.random);
    const retentionMs = options.expiredPinRetentionMs ?? 3_600_000;
    if (!Number.isSafeInteger(retentionMs) || retentionMs < 0) {
      throw new RangeError(`expiredPinRetentionMs must be a non-negative whole number, got ${retentionMs}`);
    }
    this.store = options.store ?? new InMemoryTwoFactorStore({ clock: this.clock });
    this.ownsStore = !options.store;
    this.pins = new PinOperations(this.store, this.clock, this.outbox, deriver, retentionMs);
  }

  /** Stops the engine's timers and closes the store when the engine created it. */
  async close(): Promise<void> {
    if (this.ownsStore) await this.store.close();
  }

  async getApplications(): Promise<ApplicationResponse[]> {
    return this.store.listApplications();
  }

  async createApplication(body: ApplicationRequest): Promise<ApplicationResponse> {
    const application: ApplicationRecord = {
      applicationId: newId(this.random),
      ...validateApplicationRequest(body),
    };
    await this.store.putApplication(application);
    return application;
  }

  async getApplication(appId: string): Promise<ApplicationResponse> {
    return this.requireApplication(appId);
  }

  async updateApplication(appId: string, body: ApplicationRequest): Promise<ApplicationResponse> {
    const valid = validateApplicationRequest(body);
    const { applicationId } = await this.requireApplication(appId);
    const application: ApplicationRecord = { applicationId, ...valid };
    await this.store.putApplication(application);
    return application;
  }

  async getMessageTemplates(appId: string): Promise<Message[]> {
    const { applicationId } = await this.requireApplication(appId);
    return (await this.store.listTemplates(applicationId)).map(toMessage);
  }

  async createMessageTemplate(
    appId: string,
    body: CreateSmsOrVoiceMessageRequest,
  ): Promise<SmsOrVoiceMessage> {
    const valid = validateCreateSmsOrVoiceTemplate(body);
    const { applicationId } = await this.requireApplication(appId);
    const message = smsOrVoiceMessage(newId(this.random), applicationId, valid);
    await this.store.putTemplate({ kind: 'smsOrVoice', message });
    return message;
  }

  async getMessageTemplate(appId: string, msgId: string): Promise<Message> {
    return toMessage(await this.requireTemplate(appId, msgId));
  }

  async updateMessageTemplate(
    appId: string,
    msgId: string,
    body: UpdateSmsOrVoiceMessageRequest,
  ): Promise<SmsOrVoiceMessage> {
    const changes = validateUpdateSmsOrVoiceTemplate(body);
    const template = await this.requireTemplate(appId, msgId);
    if (template.kind !== 'smsOrVoice')
      throw InfobipApiError.badRequest('Message template is an email template');
    const { messageId, applicationId } = template.message;
    const message = smsOrVoiceMessage(messageId, applicationId, { ...template.message, ...changes });
    await this.store.putTemplate({ kind: 'smsOrVoice', message });
    return message;
  }

  async createEmailMessageTemplate(appId: string, body: CreateEmailMessageRequest): Promise<EmailMessage> {
    const valid = validateCreateEmailTemplate(body);
    const { applicationId } = await this.requireApplication(appId);
    const message = emailMessage(newId(this.random), applicationId, valid);
    await this.store.putTemplate({ kind: 'email', message });
    return message;
  }

  async updateEmailMessageTemplate(
    appId: string,
    msgId: string,
    body: UpdateEmailMessageRequest,
  ): Promise<EmailMessage> {
    const changes = validateUpdateEmailTemplate(body);
    const template = await this.requireTemplate(appId, msgId);
    if (template.kind !== 'email')
      throw InfobipApiError.badRequest('Message template is not an email template');
    const { messageId, applicationId } = template.message;
    const message = emailMessage(messageId, applicationId, { ...template.message, ...changes });
    await this.store.putTemplate({ kind: 'email', message });
    return message;
  }

  async sendPinOverSms(
    body: StartAuthenticationRequest,
    options?: SendPinOverSmsOptions,
  ): Promise<StartAuthenticationResponse> {
    return smsResponse(await this.pins.send('sms', body), options?.ncNeeded !== false);
  }

  async sendPinOverVoice(body: StartAuthenticationRequest): Promise<StartAuthenticationResponse> {
    return voiceResponse(await this.pins.send('voice', body));
  }

  async sendPinOverEmail(body: StartEmailAuthenticationRequest): Promise<StartEmailAuthenticationResponse> {
    return emailResponse(await this.pins.send('email', body));
  }

  async resendPinOverSms(pinId: string, body?: ResendPinRequest): Promise<StartAuthenticationResponse> {
    return smsResponse(await this.pins.resend('sms', pinId, body), true);
  }

  async resendPinOverVoice(pinId: string, body?: ResendPinRequest): Promise<StartAuthenticationResponse> {
    return voiceResponse(await this.pins.resend('voice', pinId, body));
  }

  async resendPinOverEmail(
    pinId: string,
    body?: ResendPinRequestViaEmail,
  ): Promise<StartEmailAuthenticationResponse> {
    return emailResponse(await this.pins.resend('email', pinId, body));
  }

  verifyPin(pinId: string, body: VerifyPinRequest): Promise<VerifyPinResponse> {
    return this.pins.verify(pinId, body);
  }

  async getVerificationStatus(appId: string, query: VerificationStatusQuery): Promise<VerificationResponse> {
    return this.pins.verificationStatus(appId, query);
  }

  private requireApplication(appId: string): Promise<ApplicationRecord> {
    return this.pins.requireApplication(appId);
  }

  private async requireTemplate(appId: string, msgId: string): Promise<TemplateRecord> {
    const { applicationId } = await this.requireApplication(appId);
    const template = await this.store.getTemplate(applicationId, String(msgId));
    if (!template) throw InfobipApiError.notFound('Message template not found');
    return template;
  }
}

function smsResponse({ pin, request }: PinDelivery, ncNeeded: boolean): StartAuthenticationResponse {
  const response: StartAuthenticationResponse = { pinId: pin.pinId, to: pin.to };
  if (ncNeeded) response.ncStatus = 'NC_DESTINATION_REACHABLE';
  response.smsStatus = 'MESSAGE_SENT';
  if (request.trackDelivery) response.externalMessageId = randomUUID();
  return response;
}

function voiceResponse({ pin, request }: PinDelivery): StartAuthenticationResponse {
  const response: StartAuthenticationResponse = {
    pinId: pin.pinId,
    to: pin.to,
    callStatus: 'PENDING_ACCEPTED',
  };
  if (request.trackDelivery) response.externalMessageId = randomUUID();
  return response;
}

function emailResponse({ pin }: PinDelivery): StartEmailAuthenticationResponse {
  return {
    pinId: pin.pinId,
    to: pin.to,
    emailStatus: { name: 'PENDING_ACCEPTED', description: 'Message accepted, pending for delivery.' },
  };
}
