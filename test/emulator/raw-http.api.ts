import { Agent } from 'node:http';
import { InfobipApiError } from '../../lib/infobip/infobip-api.error';
import type {
  ApplicationRequest,
  CreateEmailMessageRequest,
  CreateSmsOrVoiceMessageRequest,
  ResendPinRequest,
  ResendPinRequestViaEmail,
  SendPinOverSmsOptions,
  StartAuthenticationRequest,
  StartEmailAuthenticationRequest,
  UpdateEmailMessageRequest,
  UpdateSmsOrVoiceMessageRequest,
  VerificationStatusQuery,
  VerifyPinRequest,
} from '../../lib/infobip/infobip.types';
import type { TwoFactorApi } from '../../lib/infobip/two-factor-api.interface';
import { httpCall } from './http-call';

const APPS = '/2fa/2/applications';
const PIN = '/2fa/2/pin';
const id = encodeURIComponent;

/**
 * The 18 operations over plain HTTP, with no checks on the client side: every
 * body goes to the server as given, so that what is tested is the server's own
 * validation. Error answers become `InfobipApiError`s with the server's status.
 */
export class RawHttpTwoFactorApi implements TwoFactorApi {
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 256 });

  constructor(
    private readonly baseUrl: string,
    private readonly apiKey?: string,
  ) {}

  /** Closes the keep-alive sockets. */
  close(): void {
    this.agent.destroy();
  }

  getApplications = () => this.call<any>('GET', APPS);
  createApplication = (body: ApplicationRequest) => this.call<any>('POST', APPS, body);
  getApplication = (appId: string) => this.call<any>('GET', `${APPS}/${id(appId)}`);
  updateApplication = (appId: string, body: ApplicationRequest) =>
    this.call<any>('PUT', `${APPS}/${id(appId)}`, body);
  getMessageTemplates = (appId: string) => this.call<any>('GET', `${APPS}/${id(appId)}/messages`);
  createMessageTemplate = (appId: string, body: CreateSmsOrVoiceMessageRequest) =>
    this.call<any>('POST', `${APPS}/${id(appId)}/messages`, body);
  getMessageTemplate = (appId: string, msgId: string) =>
    this.call<any>('GET', `${APPS}/${id(appId)}/messages/${id(msgId)}`);
  updateMessageTemplate = (appId: string, msgId: string, body: UpdateSmsOrVoiceMessageRequest) =>
    this.call<any>('PUT', `${APPS}/${id(appId)}/messages/${id(msgId)}`, body);
  createEmailMessageTemplate = (appId: string, body: CreateEmailMessageRequest) =>
    this.call<any>('POST', `${APPS}/${id(appId)}/email/messages`, body);
  updateEmailMessageTemplate = (appId: string, msgId: string, body: UpdateEmailMessageRequest) =>
    this.call<any>('PUT', `${APPS}/${id(appId)}/email/messages/${id(msgId)}`, body);
  sendPinOverSms = (body: StartAuthenticationRequest, options: SendPinOverSmsOptions = {}) =>
    this.call<any>(
      'POST',
      options.ncNeeded === undefined ? PIN : `${PIN}?ncNeeded=${options.ncNeeded}`,
      body,
    );
  sendPinOverVoice = (body: StartAuthenticationRequest) => this.call<any>('POST', `${PIN}/voice`, body);
  sendPinOverEmail = (body: StartEmailAuthenticationRequest) => this.call<any>('POST', `${PIN}/email`, body);
  resendPinOverSms = (pinId: string, body?: ResendPinRequest) =>
    this.call<any>('POST', `${PIN}/${id(pinId)}/resend`, body);
  resendPinOverVoice = (pinId: string, body?: ResendPinRequest) =>
    this.call<any>('POST', `${PIN}/${id(pinId)}/resend/voice`, body);
  resendPinOverEmail = (pinId: string, body?: ResendPinRequestViaEmail) =>
    this.call<any>('POST', `${PIN}/${id(pinId)}/resend/email`, body);
  verifyPin = (pinId: string, body: VerifyPinRequest) =>
    this.call<any>('POST', `${PIN}/${id(pinId)}/verify`, body);
  getVerificationStatus = (appId: string, query: VerificationStatusQuery) => {
    const search = new URLSearchParams();
    for (const [name, value] of Object.entries(query))
      if (value !== undefined) search.set(name, String(value));
    return this.call<any>('GET', `${APPS}/${id(appId)}/verifications?${search.toString()}`);
  };

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = this.apiKey ? { Authorization: `App ${this.apiKey}` } : {};
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const res = await httpCall(this.baseUrl, {
      method,
      path,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      agent: this.agent,
    });
    if (res.status < 400) return res.json as T;
    const exception = res.json?.requestError?.serviceException ?? {};
    const retryAfter = res.headers['retry-after'];
    throw new InfobipApiError({
      status: res.status,
      messageId: exception.messageId ?? 'INVALID_RESPONSE',
      text: exception.text ?? res.text,
      validationErrors: exception.validationErrors,
      retryAfterSeconds: retryAfter === undefined ? undefined : Number(retryAfter),
    });
  }
}
