import type { ApplicationConfiguration, Language, PinChannel, PinType } from '../../infobip/infobip.types';
import type { TwoFactorSendLimitsOptions } from './limits-options.interface';

/** PIN shape and sender of an SMS or voice template. */
export interface TextTemplateFields {
  /**
   * Alphabet of the PIN.
   * @default `NUMERIC`
   */
  pinType?: PinType;
  /**
   * Characters of the PIN.
   * @default 6
   */
  pinLength?: number;
  senderId?: string;
  language?: Language;
}

/**
 * An SMS template: found by its fields under the purpose's application, or
 * created. `messageText` (containing `{{pin}}`) is required unless `id` names an
 * existing template, which is then used as is.
 */
export type SmsTemplateOptions = TextTemplateFields &
  ({ id?: undefined; messageText: string } | { id: string; messageText?: string });

/** Voice settings of a voice template. */
export interface VoiceTemplateFields {
  /** DTMF that replays the message, e.g. `1#`. */
  repeatDTMF?: string;
  /** 0.5 to 2. */
  speechRate?: number;
  voiceName?: string;
}

/** A voice template: an SMS template's fields plus voice settings. */
export type VoiceTemplateOptions = SmsTemplateOptions & VoiceTemplateFields;

/**
 * An email template, built on an Infobip Broadcast template that contains
 * `{$pin}`. `emailTemplateId` is required unless `id` names an existing template.
 */
export type EmailTemplateOptions = {
  from?: string;
  /**
   * Alphabet of the PIN.
   * @default `NUMERIC`
   */
  pinType?: PinType;
  /**
   * Characters of the PIN.
   * @default 6
   */
  pinLength?: number;
  landingPageId?: string;
} & ({ id?: undefined; emailTemplateId: number } | { id: string; emailTemplateId?: number });

/** The Infobip application of a purpose. */
export interface TwoFactorApplicationOptions {
  /** Use this application (checked against the policy at bootstrap). */
  id?: string;
  /**
   * Found by this name, or created.
   * @default `nestjs-infobip-2fa <purpose>`
   */
  name?: string;
  /** @default true */
  enabled?: boolean;
  /**
   * Merged over the module's defaults, field by field.
   * @default pinAttempts 5, allowMultiplePinVerifications false, pinTimeToLive `5m`,
   * verifyPinLimit `1/3s`, sendPinPerApplicationLimit `10000/1d`, sendPinPerPhoneNumberLimit `5/1d`
   */
  configuration?: ApplicationConfiguration;
}

/** One use case (login, registration, payment approval…), with its own application. */
export interface TwoFactorPurposeOptions {
  /**
   * The purpose's application at the provider.
   * @default found by the name `nestjs-infobip-2fa <purpose>`, or created, with the default configuration
   */
  application?: TwoFactorApplicationOptions;
  /** Shorthand for `templates.sms`. */
  template?: SmsTemplateOptions;
  /**
   * Templates per channel.
   * @default an SMS template `Your verification code is {{pin}}` when neither this nor `template` is given
   */
  templates?: { sms?: SmsTemplateOptions; voice?: VoiceTemplateOptions; email?: EmailTemplateOptions };
  /**
   * Channel of `start()` when the caller names none.
   * @default `sms`
   */
  defaultChannel?: PinChannel;
  /**
   * When an existing application or template (found by id or name) breaks the
   * policy or differs from these options, update it instead of refusing to start.
   * @default false
   */
  updateExisting?: boolean;
  /**
   * Countries (ISO 3166-1 alpha-2 codes, e.g. `['CH', 'DE']`) whose phone numbers may
   * receive this purpose's PINs by SMS or voice; any other number is refused with 400
   * before the provider is called.
   * @default the module's `allowedCountries`
   */
  allowedCountries?: string[];
  /**
   * This purpose's send limits, counted apart from every other purpose's: a limit given
   * here replaces the module's `sendLimits` one, a limit left out keeps it, `false` turns
   * them all off for this purpose. Give purposes anyone can trigger without credentials
   * (registration) a small `global` budget of their own.
   * @default the module's `sendLimits`
   */
  sendLimits?: TwoFactorSendLimitsOptions | false;
}
