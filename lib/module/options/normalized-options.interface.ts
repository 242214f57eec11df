import type { ThrottlerStorage } from '@nestjs/throttler';
import type { Clock } from '../../engine/clock';
import type { ApplicationConfiguration, Language, PinChannel, PinType } from '../../infobip/infobip.types';
import type { CounterStore } from '../../storage/counter-store.interface';
import type { RecoveryCodeStore } from '../../storage/recovery-code-store.interface';
import type { RememberedDeviceStore } from '../../storage/remembered-device-store.interface';
import type { TwoFactorProviderOptions } from './two-factor-options.interface';

/** A template of a purpose, checked, with defaults applied. */
export interface NormalizedTemplate {
  channel: PinChannel;
  /** Option path, for errors. */
  path: string;
  id?: string;
  pinType: PinType;
  pinLength: number;
  /** SMS and voice. */
  messageText?: string;
  senderId?: string;
  language?: Language;
  repeatDTMF?: string;
  speechRate?: number;
  voiceName?: string;
  /** Email. */
  emailTemplateId?: number;
  from?: string;
  landingPageId?: string;
}

/** A purpose, checked, with defaults applied. */
export interface NormalizedPurpose {
  name: string;
  /** `purposes.<name>`. */
  path: string;
  application: {
    id?: string;
    name: string;
    enabled: boolean;
    configuration: Required<ApplicationConfiguration>;
  };
  templates: Partial<Record<PinChannel, NormalizedTemplate>>;
  defaultChannel: PinChannel;
  updateExisting: boolean;
  /** Upper-case ISO country codes whose numbers may receive PINs; absent: any country. */
  allowedCountries?: readonly string[];
  /** The purpose's own send limits: the module's, overridden by `purposes.<name>.sendLimits`. */
  sendLimits: NormalizedSendLimits;
}

/** Name of a send limit. */
export type SendLimitName = 'perDestination' | 'perUser' | 'perIp' | 'global';

/** The send limits in force, parsed; a limit turned off is absent. */
export type NormalizedSendLimits = Partial<
  Record<SendLimitName, { count: number; windowMs: number; spec: string }>
>;

/** The module options, checked, with defaults applied and durations in milliseconds. */
export interface NormalizedTwoFactorOptions {
  provider: TwoFactorProviderOptions;
  purposes: NormalizedPurpose[];
  allowWeakPolicy: boolean;
  resendCooldownMs: number;
  maxResends: number;
  maxConsecutiveFailures: number;
  failureLockoutMs: number;
  counterStore?: CounterStore;
  clock?: Clock;
  keepSessionFields: string[];
  throttle: { limit: number; ttlMs: number } | false;
  throttlerStorage?: ThrottlerStorage;
  requireByDefault: boolean;
  /** The module-level send limits: the default of each purpose. */
  sendLimits: NormalizedSendLimits;
  trustProxyHops: number;
  recoveryCodeStore?: RecoveryCodeStore;
  /** Lifetime of a remembered device; `false` when the feature is off. */
  rememberDeviceMs: number | false;
  rememberedDeviceStore?: RememberedDeviceStore;
  /** Key of the recovery-code and device digests (given, or drawn at bootstrap). */
  secret: Buffer;
  /** Addresses, CIDR ranges and range names of the trusted reverse proxies; absent: none named. */
  trustedProxies?: readonly string[];
}
