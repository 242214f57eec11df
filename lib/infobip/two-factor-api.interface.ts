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
} from './infobip.types';

/**
 * The 18 operations of Infobip's 2FA API v2, named after Infobip's operations.
 *
 * Implemented by {@link InfobipTwoFactorClient} (over HTTP) and by
 * `LocalTwoFactorEngine` (in process). Every method resolves with the parsed
 * response body and rejects with an `InfobipApiError` carrying the HTTP status
 * Infobip answers.
 */
export interface TwoFactorApi {
  getApplications(): Promise<ApplicationResponse[]>;
  createApplication(body: ApplicationRequest): Promise<ApplicationResponse>;
  getApplication(appId: string): Promise<ApplicationResponse>;
  updateApplication(appId: string, body: ApplicationRequest): Promise<ApplicationResponse>;

  getMessageTemplates(appId: string): Promise<Message[]>;
  createMessageTemplate(appId: string, body: CreateSmsOrVoiceMessageRequest): Promise<SmsOrVoiceMessage>;
  getMessageTemplate(appId: string, msgId: string): Promise<Message>;
  updateMessageTemplate(
    appId: string,
    msgId: string,
    body: UpdateSmsOrVoiceMessageRequest,
  ): Promise<SmsOrVoiceMessage>;
  createEmailMessageTemplate(appId: string, body: CreateEmailMessageRequest): Promise<EmailMessage>;
  updateEmailMessageTemplate(
    appId: string,
    msgId: string,
    body: UpdateEmailMessageRequest,
  ): Promise<EmailMessage>;

  sendPinOverSms(
    body: StartAuthenticationRequest,
    options?: SendPinOverSmsOptions,
  ): Promise<StartAuthenticationResponse>;
  sendPinOverVoice(body: StartAuthenticationRequest): Promise<StartAuthenticationResponse>;
  sendPinOverEmail(body: StartEmailAuthenticationRequest): Promise<StartEmailAuthenticationResponse>;
  resendPinOverSms(pinId: string, body?: ResendPinRequest): Promise<StartAuthenticationResponse>;
  resendPinOverVoice(pinId: string, body?: ResendPinRequest): Promise<StartAuthenticationResponse>;
  resendPinOverEmail(
    pinId: string,
    body?: ResendPinRequestViaEmail,
  ): Promise<StartEmailAuthenticationResponse>;

  verifyPin(pinId: string, body: VerifyPinRequest): Promise<VerifyPinResponse>;
  getVerificationStatus(appId: string, query: VerificationStatusQuery): Promise<VerificationResponse>;
}

/** Names of the 18 operations, for code that walks all of them. */
export const TWO_FACTOR_OPERATIONS = [
  'getApplications',
  'createApplication',
  'getApplication',
  'updateApplication',
  'getMessageTemplates',
  'createMessageTemplate',
  'getMessageTemplate',
  'updateMessageTemplate',
  'createEmailMessageTemplate',
  'updateEmailMessageTemplate',
  'sendPinOverSms',
  'sendPinOverVoice',
  'sendPinOverEmail',
  'resendPinOverSms',
  'resendPinOverVoice',
  'resendPinOverEmail',
  'verifyPin',
  'getVerificationStatus',
] as const satisfies readonly (keyof TwoFactorApi)[];
