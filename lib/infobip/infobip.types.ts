/**
 * Wire types of Infobip's 2FA API v2, field for field as Infobip's OpenAPI
 * specification (v3.210.0) describes them. Enums are string unions; fields the
 * API may add later stay assignable because responses are typed loosely where
 * Infobip documents no closed set (e.g. `pinError`).
 */

/** Alphabet of a generated PIN. */
export type PinType = 'NUMERIC' | 'ALPHA' | 'HEX' | 'ALPHANUMERIC';

/** Text-to-speech language of a voice template (defaults to `en` when absent). */
export type Language =
  | 'en'
  | 'es'
  | 'ca'
  | 'da'
  | 'nl'
  | 'fr'
  | 'de'
  | 'it'
  | 'ja'
  | 'ko'
  | 'no'
  | 'pl'
  | 'ru'
  | 'sv'
  | 'fi'
  | 'hr'
  | 'sl'
  | 'ro'
  | 'pt_pt'
  | 'pt_br'
  | 'zh_cn'
  | 'zh_tw';

/** Every language Infobip accepts, in the specification's order. */
export const LANGUAGES: readonly Language[] = [
  'en',
  'es',
  'ca',
  'da',
  'nl',
  'fr',
  'de',
  'it',
  'ja',
  'ko',
  'no',
  'pl',
  'ru',
  'sv',
  'fi',
  'hr',
  'sl',
  'ro',
  'pt_pt',
  'pt_br',
  'zh_cn',
  'zh_tw',
];

/** Every PIN type Infobip accepts. */
export const PIN_TYPES: readonly PinType[] = ['NUMERIC', 'ALPHA', 'HEX', 'ALPHANUMERIC'];

/** Delivery channel of a PIN. */
export type PinChannel = 'sms' | 'voice' | 'email';

/**
 * Configuration of a 2FA application. Durations are `{n}{unit}` strings and
 * limits `{k}/{n}{unit}` strings, units `ms`, `s`, `m`, `h`, `d`.
 */
export interface ApplicationConfiguration {
  /** Number of verification attempts per PIN. Infobip default: 10. */
  pinAttempts?: number;
  /** Whether a verified PIN may be verified again. Infobip default: true. */
  allowMultiplePinVerifications?: boolean;
  /** PIN lifetime, e.g. `5m`. Infobip default: `15m`, at most one year. */
  pinTimeToLive?: string;
  /** Verifications per window per destination, e.g. `1/3s`. Infobip default: `1/3s`, window at most one day. */
  verifyPinLimit?: string;
  /** Sends per window per application. Infobip default: `10000/1d`. */
  sendPinPerApplicationLimit?: string;
  /** Sends per window per destination. Infobip default: `3/1d`. */
  sendPinPerPhoneNumberLimit?: string;
}

/** Body of create and update application. */
export interface ApplicationRequest {
  name: string;
  enabled?: boolean;
  configuration?: ApplicationConfiguration;
}

/** An application as Infobip answers it. */
export interface ApplicationResponse {
  applicationId: string;
  name: string;
  enabled: boolean;
  configuration: Required<ApplicationConfiguration>;
}

/** DLT parameters for SMS to numbers registered in India. */
export interface IndiaDltOptions {
  /** At most 30 characters. */
  principalEntityId: string;
  /** At most 30 characters. */
  contentTemplateId?: string;
  /** At most 255 characters. */
  teleMarketerId?: string;
}

/** Region-specific sending options. */
export interface RegionalOptions {
  indiaDlt?: IndiaDltOptions;
}

/** Body of create SMS/voice message template. `messageText` must contain `{{pin}}`. */
export interface CreateSmsOrVoiceMessageRequest {
  pinType: PinType;
  messageText: string;
  pinLength?: number;
  language?: Language;
  senderId?: string;
  /** Voice only: DTMF that replays the message, e.g. `1#`. */
  repeatDTMF?: string;
  /** Voice only: 0.5 to 2. */
  speechRate?: number;
  /** Voice only, e.g. `Joanna`. */
  voiceName?: string;
  regional?: RegionalOptions;
}

/** Body of update SMS/voice message template: every field optional. */
export type UpdateSmsOrVoiceMessageRequest = Partial<CreateSmsOrVoiceMessageRequest>;

/** An SMS or voice template as Infobip answers it. */
export interface SmsOrVoiceMessage {
  messageId: string;
  applicationId: string;
  pinPlaceholder?: string;
  messageText: string;
  pinLength: number;
  pinType: PinType;
  language?: Language;
  voiceName?: string;
  senderId?: string;
  repeatDTMF?: string;
  speechRate?: number;
  regional?: RegionalOptions;
}

/** Body of create email message template. */
export interface CreateEmailMessageRequest {
  /**
   * Broadcast email template that contains the `{$pin}` placeholder; int64 in the
   * spec, so a `bigint` beyond `Number.MAX_SAFE_INTEGER`.
   */
  emailTemplateId: number | bigint;
  from?: string;
  landingPageId?: string;
  /** Default 4. */
  pinLength?: number;
  /** Default `NUMERIC`. */
  pinType?: PinType;
}

/** Body of update email message template: every field optional. */
export type UpdateEmailMessageRequest = Partial<CreateEmailMessageRequest>;

/** An email template as Infobip answers it. */
export interface EmailMessage {
  messageId: string;
  applicationId: string;
  /** int64: a `bigint` beyond `Number.MAX_SAFE_INTEGER`. */
  emailTemplateId: number | bigint;
  from?: string;
  landingPageId?: string;
  pinLength: number;
  pinType: PinType;
}

/** Generic template read model (SMS, voice and email templates). */
export interface Message {
  messageId: string;
  applicationId: string;
  messageText?: string;
  pinPlaceholder?: string;
  pinLength?: number;
  pinType?: PinType;
  language?: Language;
  voiceName?: string;
  senderId?: string;
  repeatDTMF?: string;
  speechRate?: number;
  regional?: RegionalOptions;
  /** Email templates only; int64: a `bigint` beyond `Number.MAX_SAFE_INTEGER`. */
  emailTemplateId?: number | bigint;
  /** Email templates only. */
  from?: string;
  /** Email templates only. */
  landingPageId?: string;
}

/** Body of send PIN over SMS or voice. */
export interface StartAuthenticationRequest {
  applicationId: string;
  messageId: string;
  /** Destination in international format without `+`, e.g. `41793026727`. */
  to: string;
  /** Overrides the template's senderId. */
  from?: string;
  /** Keys without braces, never `pin`. */
  placeholders?: Record<string, string>;
  /** Default false. */
  trackDelivery?: boolean;
}

/** Number Lookup outcome of an SMS send. */
export type NcStatus =
  | 'NC_DESTINATION_UNKNOWN'
  | 'NC_DESTINATION_REACHABLE'
  | 'NC_DESTINATION_NOT_REACHABLE'
  | 'NC_NOT_CONFIGURED';

/** SMS send outcome. */
export type SmsStatus = 'MESSAGE_SENT' | 'MESSAGE_NOT_SENT';

/** Answer of send and resend over SMS or voice. */
export interface StartAuthenticationResponse {
  pinId: string;
  to: string;
  ncStatus?: NcStatus | (string & {});
  smsStatus?: SmsStatus | (string & {});
  callStatus?: string;
  externalMessageId?: string;
}

/** Body of send PIN over email. */
export interface StartEmailAuthenticationRequest {
  applicationId: string;
  messageId: string;
  /** Email address. */
  to: string;
  from?: string;
  placeholders?: Record<string, string>;
  landingPagePlaceholders?: Record<string, string>;
}

/** Status of an email send. */
export interface EmailStatus {
  name: string;
  description: string;
}

/** Answer of send and resend over email. */
export interface StartEmailAuthenticationResponse {
  pinId: string;
  to: string;
  emailStatus?: EmailStatus;
}

/** Optional body of resend over SMS or voice. */
export interface ResendPinRequest {
  placeholders?: Record<string, string>;
  trackDelivery?: boolean;
}

/** Optional body of resend over email. */
export interface ResendPinRequestViaEmail {
  placeholders?: Record<string, string>;
  landingPagePlaceholders?: Record<string, string>;
}

/** Body of verify PIN. */
export interface VerifyPinRequest {
  pin: string;
}

/** Documented `pinError` values; Infobip keeps the set open. */
export type PinError = 'WRONG_PIN' | 'TTL_EXPIRED' | 'NO_MORE_PIN_ATTEMPTS';

/** Answer of verify PIN. A wrong PIN is a 200 with `verified: false`. */
export interface VerifyPinResponse {
  pinId: string;
  msisdn: string;
  verified: boolean;
  attemptsRemaining: number;
  pinError?: PinError | (string & {});
}

/** Query of get verification status. */
export interface VerificationStatusQuery {
  /** Phone number or email address. Required. */
  msisdn: string;
  verified?: boolean;
  sent?: boolean;
}

/** One entry of the verification status. Timestamps are epoch milliseconds. */
export interface Verification {
  msisdn: string;
  verified: boolean;
  verifiedAt?: number;
  sentAt?: number;
}

/** Answer of get verification status. */
export interface VerificationResponse {
  verifications: Verification[];
}

/** Options of send PIN over SMS. */
export interface SendPinOverSmsOptions {
  /** Number Lookup before sending. Infobip default: true. */
  ncNeeded?: boolean;
}
