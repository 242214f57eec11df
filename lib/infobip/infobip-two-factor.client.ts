import { InfobipHttpTransport, type InfobipHttpRequest } from './infobip-http.transport';
import type { InfobipTwoFactorClientOptions } from './infobip-two-factor-client.options';
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
import {
  checkApplicationRequest,
  checkEmailTemplate,
  checkId,
  checkQuery,
  checkResend,
  checkSmsOrVoiceTemplate,
  checkStartAuthentication,
  checkVerify,
} from './request-checks';
import type { TwoFactorApi } from './two-factor-api.interface';

const APPS = '/2fa/2/applications';
const PIN = '/2fa/2/pin';

/**
 * Typed client of Infobip's 2FA API v2: the 18 operations of
 * {@link TwoFactorApi}, each resolving with the parsed response body.
 *
 * Every failure rejects with an `InfobipApiError`: Infobip's answers (both of
 * its error envelopes) with their HTTP status, bodies checked before sending
 * (`INVALID_REQUEST`, status 0), unreadable answers (`INVALID_RESPONSE`), and
 * transport failures (`TIMEOUT`, `NETWORK_ERROR`, status 0). Errors never
 * contain the credentials. Reads are repeated on transient failures; sends,
 * resends and verifications never are.
 *
 * @example
 * const infobip = new InfobipTwoFactorClient({ baseUrl: 'xyz.api.infobip.com', apiKey: process.env.INFOBIP_API_KEY });
 * const { pinId } = await infobip.sendPinOverSms({ applicationId, messageId, to: '41793026727' });
 * const { verified } = await infobip.verifyPin(pinId, { pin: '123456' });
 * infobip.close();
 */
export class InfobipTwoFactorClient implements TwoFactorApi {
  readonly #transport: InfobipHttpTransport;

  /** @throws TypeError when `baseUrl`, the credentials or a numeric option is unusable. */
  constructor(options: InfobipTwoFactorClientOptions) {
    this.#transport = new InfobipHttpTransport(options);
  }

  /** The normalised base URL requests go to. */
  get baseUrl(): string {
    return this.#transport.baseUrl;
  }

  /** Releases the keep-alive sockets. Calls made afterwards fail with `NETWORK_ERROR`. */
  close(): void {
    this.#transport.close();
  }

  async getApplications(): Promise<ApplicationResponse[]> {
    return this.#get('getApplications', APPS, 'array');
  }

  async createApplication(body: ApplicationRequest): Promise<ApplicationResponse> {
    checkApplicationRequest('createApplication', body);
    return this.#send('createApplication', 'POST', APPS, body);
  }

  async getApplication(appId: string): Promise<ApplicationResponse> {
    return this.#get('getApplication', `${APPS}/${seg(appId, 'appId')}`, 'object');
  }

  async updateApplication(appId: string, body: ApplicationRequest): Promise<ApplicationResponse> {
    const path = `${APPS}/${seg(appId, 'appId')}`;
    checkApplicationRequest('updateApplication', body);
    return this.#send('updateApplication', 'PUT', path, body);
  }

  async getMessageTemplates(appId: string): Promise<Message[]> {
    return this.#get('getMessageTemplates', `${APPS}/${seg(appId, 'appId')}/messages`, 'array');
  }

  async createMessageTemplate(
    appId: string,
    body: CreateSmsOrVoiceMessageRequest,
  ): Promise<SmsOrVoiceMessage> {
    const path = `${APPS}/${seg(appId, 'appId')}/messages`;
    checkSmsOrVoiceTemplate('createMessageTemplate', body, false);
    return this.#send('createMessageTemplate', 'POST', path, body);
  }

  async getMessageTemplate(appId: string, msgId: string): Promise<Message> {
    return this.#get(
      'getMessageTemplate',
      `${APPS}/${seg(appId, 'appId')}/messages/${seg(msgId, 'msgId')}`,
      'object',
    );
  }

  async updateMessageTemplate(
    appId: string,
    msgId: string,
    body: UpdateSmsOrVoiceMessageRequest,
  ): Promise<SmsOrVoiceMessage> {
    const path = `${APPS}/${seg(appId, 'appId')}/messages/${seg(msgId, 'msgId')}`;
    checkSmsOrVoiceTemplate('updateMessageTemplate', body, true);
    return this.#send('updateMessageTemplate', 'PUT', path, body);
  }

  async createEmailMessageTemplate(appId: string, body: CreateEmailMessageRequest): Promise<EmailMessage> {
    const path = `${APPS}/${seg(appId, 'appId')}/email/messages`;
    checkEmailTemplate('createEmailMessageTemplate', body, false);
    return this.#send('createEmailMessageTemplate', 'POST', path, body);
  }

  async updateEmailMessageTemplate(
    appId: string,
    msgId: string,
    body: UpdateEmailMessageRequest,
  ): Promise<EmailMessage> {
    const path = `${APPS}/${seg(appId, 'appId')}/email/messages/${seg(msgId, 'msgId')}`;
    checkEmailTemplate('updateEmailMessageTemplate', body, true);
    return this.#send('updateEmailMessageTemplate', 'PUT', path, body);
  }

  /** `ncNeeded` goes on the query only when given (Infobip's default is `true`). */
  async sendPinOverSms(
    body: StartAuthenticationRequest,
    options: SendPinOverSmsOptions = {},
  ): Promise<StartAuthenticationResponse> {
    checkStartAuthentication('sendPinOverSms', body, false);
    checkQuery('sendPinOverSms', options, [], ['ncNeeded']);
    const query = options.ncNeeded === undefined ? undefined : { ncNeeded: String(options.ncNeeded) };
    return this.#send('sendPinOverSms', 'POST', PIN, body, query, hasPinId);
  }

  async sendPinOverVoice(body: StartAuthenticationRequest): Promise<StartAuthenticationResponse> {
    checkStartAuthentication('sendPinOverVoice', body, false);
    return this.#send('sendPinOverVoice', 'POST', `${PIN}/voice`, body, undefined, hasPinId);
  }

  async sendPinOverEmail(body: StartEmailAuthenticationRequest): Promise<StartEmailAuthenticationResponse> {
    checkStartAuthentication('sendPinOverEmail', body, true);
    return this.#send('sendPinOverEmail', 'POST', `${PIN}/email`, body, undefined, hasPinId);
  }

  /** Without a body, `{}` is sent. */
  async resendPinOverSms(pinId: string, body?: ResendPinRequest): Promise<StartAuthenticationResponse> {
    const path = `${PIN}/${seg(pinId, 'pinId')}/resend`;
    checkResend('resendPinOverSms', body, false);
    return this.#send('resendPinOverSms', 'POST', path, body ?? {}, undefined, hasPinId);
  }

  /** Without a body, `{}` is sent. */
  async resendPinOverVoice(pinId: string, body?: ResendPinRequest): Promise<StartAuthenticationResponse> {
    const path = `${PIN}/${seg(pinId, 'pinId')}/resend/voice`;
    checkResend('resendPinOverVoice', body, false);
    return this.#send('resendPinOverVoice', 'POST', path, body ?? {}, undefined, hasPinId);
  }

  /** Without a body, `{}` is sent. */
  async resendPinOverEmail(
    pinId: string,
    body?: ResendPinRequestViaEmail,
  ): Promise<StartEmailAuthenticationResponse> {
    const path = `${PIN}/${seg(pinId, 'pinId')}/resend/email`;
    checkResend('resendPinOverEmail', body, true);
    return this.#send('resendPinOverEmail', 'POST', path, body ?? {}, undefined, hasPinId);
  }

  /**
   * A wrong PIN is not an error: Infobip answers 200 with `verified: false` and
   * a `pinError`. An answer whose `verified` is not a boolean is rejected as
   * `INVALID_RESPONSE`, so nothing but `verified === true` can pass for success.
   */
  async verifyPin(pinId: string, body: VerifyPinRequest): Promise<VerifyPinResponse> {
    const path = `${PIN}/${seg(pinId, 'pinId')}/verify`;
    checkVerify('verifyPin', body);
    return this.#send('verifyPin', 'POST', path, body, undefined, (answer) =>
      typeof answer.verified === 'boolean' ? undefined : 'has no boolean "verified"',
    );
  }

  /** `verified` and `sent` go on the query only when given. */
  async getVerificationStatus(appId: string, query: VerificationStatusQuery): Promise<VerificationResponse> {
    const path = `${APPS}/${seg(appId, 'appId')}/verifications`;
    checkQuery('getVerificationStatus', query, ['msisdn'], ['verified', 'sent']);
    const params: Record<string, string> = { msisdn: query.msisdn };
    if (query.verified !== undefined) params.verified = String(query.verified);
    if (query.sent !== undefined) params.sent = String(query.sent);
    return this.#transport.request({
      operation: 'getVerificationStatus',
      method: 'GET',
      path,
      query: params,
      expect: 'object',
      check: (answer) => (Array.isArray(answer.verifications) ? undefined : 'has no "verifications" array'),
    });
  }

  #get<T>(operation: string, path: string, expect: 'object' | 'array'): Promise<T> {
    return this.#transport.request({ operation, method: 'GET', path, expect });
  }

  #send<T>(
    operation: string,
    method: 'POST' | 'PUT',
    path: string,
    body: unknown,
    query?: Record<string, string>,
    check?: InfobipHttpRequest['check'],
  ): Promise<T> {
    return this.#transport.request({ operation, method, path, body, query, expect: 'object', check });
  }
}

/** One path segment: `encodeURIComponent` keeps an id from ever changing the request path. */
function seg(id: unknown, name: string): string {
  return encodeURIComponent(checkId(id, name));
}

function hasPinId(answer: Record<string, unknown>): string | undefined {
  return typeof answer.pinId === 'string' && answer.pinId !== '' ? undefined : 'has no "pinId"';
}
