/**
 * One-time-PIN two-factor authentication for NestJS on Infobip's 2FA API.
 *
 * The package root holds what a Nest app uses: the module, its service, guard, decorators,
 * errors, option and session types, the Infobip client, the embedded engine and Infobip's wire
 * types. Redis stores live in `nestjs-infobip-2fa/redis`, the emulator in
 * `nestjs-infobip-2fa/emulator`, test helpers in `nestjs-infobip-2fa/testing`.
 *
 * @packageDocumentation
 */

// The module and its options
export { TwoFactorModule } from './module/nest/two-factor.module';
export type {
  TwoFactorModuleAsyncOptions,
  TwoFactorModuleForRootOptions,
  TwoFactorOptionsFactory,
} from './module/nest/two-factor.module-definition';
export type {
  CustomTwoFactorProviderOptions,
  EmailTemplateOptions,
  InfobipTwoFactorProviderOptions,
  LocalTwoFactorProviderOptions,
  SmsTemplateOptions,
  TextTemplateFields,
  TwoFactorApplicationOptions,
  TwoFactorModuleExtras,
  TwoFactorModuleOptions,
  TwoFactorProviderOptions,
  TwoFactorPurposeOptions,
  TwoFactorSendLimitsOptions,
  TwoFactorThrottleOptions,
  VoiceTemplateFields,
  VoiceTemplateOptions,
} from './module/options/two-factor-options.interface';
export {
  getCounterStoreToken,
  getTwoFactorApiToken,
  getTwoFactorOptionsToken,
  InjectCounterStore,
  InjectTwoFactorApi,
  InjectTwoFactorOptions,
} from './module/runtime/two-factor.tokens';

// Service, events, session
export { TwoFactorService, type StartTwoFactorInput } from './module/service/two-factor.service';
export {
  TwoFactorEvents,
  type TwoFactorEventListener,
  type TwoFactorEventMap,
  type TwoFactorEventName,
  type TwoFactorEventPayload,
  type TwoFactorLimitedEventPayload,
} from './module/service/two-factor.events';
export type { SendLimitName } from './module/options/normalized-options.interface';
export {
  readTwoFactorState,
  type TwoFactorSessionData,
  type TwoFactorSessionState,
  type TwoFactorStatus,
} from './module/session/two-factor-session';
export { checkSessionOptions, type SessionOptionsToCheck } from './module/session/session-support';
export { FinalSignOutStore, type FinalSignOutStoreOptions } from './module/session/final-sign-out.store';
export type { SessionStore, StoredSession } from './module/session/session-store';
export type { ResolvedRequest, TwoFactorRequest } from './module/session/two-factor-request';
export { REMEMBERED_DEVICE_COOKIE } from './module/service/remembered-devices';
export { RECOVERY_CODE_COUNT } from './module/service/recovery-codes';

// Destinations and client addresses
export { maskDestination } from './module/destinations/destination-format';
export { TrustedProxies } from './module/destinations/trusted-proxies';
export { ipLimitSubject } from './module/destinations/client-ip';

// Guard and decorators
export { TwoFactorGuard } from './module/http/two-factor.guard';
export type { TwoFactorPolicyMetadata } from './module/service/route-requirement.metadata';
export {
  RequireTwoFactor,
  type RequireTwoFactorOptions,
} from './module/decorators/require-two-factor.decorator';
export { SkipTwoFactor } from './module/decorators/skip-two-factor.decorator';
export { SendPin, type SendPinOptions } from './module/decorators/send-pin.decorator';
export { TwoFactorState } from './module/decorators/two-factor-state.decorator';

// Errors
export { TwoFactorException, type TwoFactorErrorBody } from './module/errors/two-factor.exception';
export { TWO_FACTOR_ERROR_CODES, type TwoFactorErrorCode } from './module/errors/two-factor-error-code';
export { TwoFactorConfigurationError } from './module/errors/two-factor-configuration.error';
export { TwoFactorErrorsFilter } from './module/http/two-factor-exception.filter';

// Stores
export {
  CounterStore,
  type CounterHit,
  type CounterLimit,
  type CounterState,
} from './storage/counter-store.interface';
export { InMemoryCounterStore, type InMemoryCounterStoreOptions } from './storage/in-memory-counter.store';
export {
  TwoFactorStore,
  type ApplicationRecord,
  type CreatePinOutcome,
  type PinRecord,
  type RateLimited,
  type ResendPinOutcome,
  type SendLimits,
  type TemplateRecord,
  type TwoFactorStoreStats,
  type VerifyPinOutcome,
} from './storage/two-factor-store.interface';
export {
  InMemoryTwoFactorStore,
  type InMemoryTwoFactorStoreOptions,
} from './storage/in-memory-two-factor.store';
export { RecoveryCodeStore, type RecoveryCodeUse } from './storage/recovery-code-store.interface';
export { InMemoryRecoveryCodeStore } from './storage/in-memory-recovery-code.store';
export { RememberedDeviceStore } from './storage/remembered-device-store.interface';
export { InMemoryRememberedDeviceStore } from './storage/in-memory-remembered-device.store';

// The embedded engine
export { LocalTwoFactorEngine, type LocalTwoFactorEngineOptions } from './engine/local-two-factor.engine';
export type { AdjustableClock, Clock } from './engine/clock';
export type { Outbox, OutboxMessage } from './engine/outbox';
export { InMemoryOutbox, type InMemoryOutboxOptions } from './engine/in-memory.outbox';
export { ConsoleOutbox, type ConsoleOutboxOptions } from './engine/console.outbox';
export { FanoutOutbox } from './engine/fanout.outbox';

// Infobip: client, errors, wire types
export { InfobipTwoFactorClient } from './infobip/infobip-two-factor.client';
export type { InfobipTwoFactorClientOptions } from './infobip/infobip-two-factor-client.options';
export type { InfobipAuth, InfobipCredentialsOptions } from './infobip/infobip-auth';
export {
  InfobipApiError,
  type InfobipApiErrorInit,
  type ValidationErrors,
} from './infobip/infobip-api.error';
export type { TwoFactorApi } from './infobip/two-factor-api.interface';
export { parseDuration } from './infobip/time-format';
export type {
  ApplicationConfiguration,
  ApplicationRequest,
  ApplicationResponse,
  CreateEmailMessageRequest,
  CreateSmsOrVoiceMessageRequest,
  EmailMessage,
  EmailStatus,
  IndiaDltOptions,
  Language,
  Message,
  NcStatus,
  PinChannel,
  PinError,
  PinType,
  RegionalOptions,
  ResendPinRequest,
  ResendPinRequestViaEmail,
  SendPinOverSmsOptions,
  SmsOrVoiceMessage,
  SmsStatus,
  StartAuthenticationRequest,
  StartAuthenticationResponse,
  StartEmailAuthenticationRequest,
  StartEmailAuthenticationResponse,
  UpdateEmailMessageRequest,
  UpdateSmsOrVoiceMessageRequest,
  Verification,
  VerificationResponse,
  VerificationStatusQuery,
  VerifyPinRequest,
  VerifyPinResponse,
} from './infobip/infobip.types';
