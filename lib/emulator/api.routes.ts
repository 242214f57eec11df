import type {
  ApplicationRequest,
  CreateEmailMessageRequest,
  CreateSmsOrVoiceMessageRequest,
  ResendPinRequest,
  ResendPinRequestViaEmail,
  StartAuthenticationRequest,
  StartEmailAuthenticationRequest,
  UpdateEmailMessageRequest,
  UpdateSmsOrVoiceMessageRequest,
  VerificationStatusQuery,
  VerifyPinRequest,
} from '../infobip/infobip.types';
import type { TwoFactorApi } from '../infobip/two-factor-api.interface';
import {
  parseQueryBoolean,
  type EmulatorRequest,
  type EmulatorRoute,
  type EmulatorRouteDefinition,
} from './emulator-route';
import type { TwoFactorOperationName } from './emulator-fault.types';

const APPS = '/2fa/2/applications';
const APP = `${APPS}/:appId`;
const PIN = '/2fa/2/pin';

/** Root element of each operation's XML answer, as in the spec's examples. */
const XML_ROOTS: Readonly<Record<TwoFactorOperationName, string>> = {
  getApplications: 'ApplicationResponses',
  createApplication: 'ApplicationResponse',
  getApplication: 'ApplicationResponse',
  updateApplication: 'ApplicationResponse',
  getMessageTemplates: 'Messages',
  createMessageTemplate: 'SmsOrVoiceMessage',
  getMessageTemplate: 'Message',
  updateMessageTemplate: 'SmsOrVoiceMessage',
  createEmailMessageTemplate: 'EmailMessage',
  updateEmailMessageTemplate: 'EmailMessage',
  sendPinOverSms: 'StartAuthenticationResponse',
  sendPinOverVoice: 'StartAuthenticationResponse',
  sendPinOverEmail: 'StartEmailAuthenticationResponse',
  resendPinOverSms: 'StartAuthenticationResponse',
  resendPinOverVoice: 'StartAuthenticationResponse',
  resendPinOverEmail: 'StartEmailAuthenticationResponse',
  verifyPin: 'VerifyPinResponse',
  getVerificationStatus: 'VerificationResponse',
};

function route(
  operation: TwoFactorOperationName,
  operationId: string,
  body: EmulatorRoute['body'],
  status: number,
  handle: (request: EmulatorRequest) => unknown,
  query = false,
): EmulatorRoute {
  return { operation, operationId, body, status, query, xmlRoot: XML_ROOTS[operation], handle };
}

/**
 * The 18 operations of Infobip's 2FA API v2, with Infobip's methods, paths and
 * success statuses, served by `api`. Bodies arrive parsed (JSON or XML) and checked
 * to be objects; their fields are validated by `api` itself, which throws Infobip's
 * errors.
 */
export function apiRoutes(api: TwoFactorApi): EmulatorRouteDefinition[] {
  return [
    ['GET', APPS, route('getApplications', 'get-2fa-applications', 'none', 200, () => api.getApplications())],
    [
      'POST',
      APPS,
      route('createApplication', 'create-2fa-application', 'required', 201, ({ body }) =>
        api.createApplication(body as ApplicationRequest),
      ),
    ],
    [
      'GET',
      APP,
      route('getApplication', 'get-2fa-application', 'none', 200, ({ params }) =>
        api.getApplication(params[0]),
      ),
    ],
    [
      'PUT',
      APP,
      route('updateApplication', 'update-2fa-application', 'required', 200, ({ params, body }) =>
        api.updateApplication(params[0], body as ApplicationRequest),
      ),
    ],
    [
      'GET',
      `${APP}/messages`,
      route('getMessageTemplates', 'get-2fa-message-templates', 'none', 200, ({ params }) =>
        api.getMessageTemplates(params[0]),
      ),
    ],
    [
      'POST',
      `${APP}/messages`,
      route('createMessageTemplate', 'create-2fa-message-template', 'required', 200, ({ params, body }) =>
        api.createMessageTemplate(params[0], body as CreateSmsOrVoiceMessageRequest),
      ),
    ],
    [
      'GET',
      `${APP}/messages/:msgId`,
      route('getMessageTemplate', 'get-2fa-message-template', 'none', 200, ({ params }) =>
        api.getMessageTemplate(params[0], params[1]),
      ),
    ],
    [
      'PUT',
      `${APP}/messages/:msgId`,
      route('updateMessageTemplate', 'update-2fa-message-template', 'required', 200, ({ params, body }) =>
        api.updateMessageTemplate(params[0], params[1], body as UpdateSmsOrVoiceMessageRequest),
      ),
    ],
    [
      'POST',
      `${APP}/email/messages`,
      route(
        'createEmailMessageTemplate',
        'create-2fa-email-message-template',
        'required',
        200,
        ({ params, body }) => api.createEmailMessageTemplate(params[0], body as CreateEmailMessageRequest),
      ),
    ],
    [
      'PUT',
      `${APP}/email/messages/:msgId`,
      route(
        'updateEmailMessageTemplate',
        'update-2fa-email-message-template',
        'required',
        200,
        ({ params, body }) =>
          api.updateEmailMessageTemplate(params[0], params[1], body as UpdateEmailMessageRequest),
      ),
    ],
    [
      'POST',
      PIN,
      // Infobip's default is true; values other than true/false (the community SDK
      // sends "undefined") fall back to it rather than failing the send.
      route(
        'sendPinOverSms',
        'send-2fa-pin-code-over-sms',
        'required',
        200,
        ({ body, query }) =>
          api.sendPinOverSms(body as StartAuthenticationRequest, {
            ncNeeded: parseQueryBoolean(query.get('ncNeeded')) ?? true,
          }),
        true,
      ),
    ],
    [
      'POST',
      `${PIN}/voice`,
      route('sendPinOverVoice', 'send-2fa-pin-code-over-voice', 'required', 200, ({ body }) =>
        api.sendPinOverVoice(body as StartAuthenticationRequest),
      ),
    ],
    [
      'POST',
      `${PIN}/email`,
      route('sendPinOverEmail', 'send-2fa-pin-code-over-email', 'required', 200, ({ body }) =>
        api.sendPinOverEmail(body as StartEmailAuthenticationRequest),
      ),
    ],
    [
      'POST',
      `${PIN}/:pinId/resend`,
      route('resendPinOverSms', 'resend-2fa-pin-code-over-sms', 'optional', 200, ({ params, body }) =>
        api.resendPinOverSms(params[0], body as ResendPinRequest | undefined),
      ),
    ],
    [
      'POST',
      `${PIN}/:pinId/resend/voice`,
      route('resendPinOverVoice', 'resend-2fa-pin-code-over-voice', 'optional', 200, ({ params, body }) =>
        api.resendPinOverVoice(params[0], body as ResendPinRequest | undefined),
      ),
    ],
    [
      'POST',
      `${PIN}/:pinId/resend/email`,
      route('resendPinOverEmail', 'resend-2fa-pin-code-over-email', 'optional', 200, ({ params, body }) =>
        api.resendPinOverEmail(params[0], body as ResendPinRequestViaEmail | undefined),
      ),
    ],
    [
      'POST',
      `${PIN}/:pinId/verify`,
      route('verifyPin', 'verify-2fa-phone-number', 'required', 200, ({ params, body }) =>
        api.verifyPin(params[0], body as VerifyPinRequest),
      ),
    ],
    [
      'GET',
      `${APP}/verifications`,
      route(
        'getVerificationStatus',
        'get-2fa-verification-status',
        'none',
        200,
        ({ params, query }) => api.getVerificationStatus(params[0], verificationQuery(query)),
        true,
      ),
    ],
  ];
}

/**
 * The query of get verification status. A missing `msisdn` goes to the engine
 * as such, whose validation answers Infobip's 400; filters with values other
 * than true/false are ignored, as unknown parameters are.
 */
function verificationQuery(query: URLSearchParams): VerificationStatusQuery {
  const filter = { msisdn: query.get('msisdn') ?? undefined } as VerificationStatusQuery;
  const verified = parseQueryBoolean(query.get('verified'));
  if (verified !== undefined) filter.verified = verified;
  const sent = parseQueryBoolean(query.get('sent'));
  if (sent !== undefined) filter.sent = sent;
  return filter;
}
