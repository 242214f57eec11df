import type {
  ApplicationConfiguration,
  ApplicationResponse,
  CreateEmailMessageRequest,
  CreateSmsOrVoiceMessageRequest,
  Message,
} from '../../infobip/infobip.types';
import { tryParseDuration, tryParseLimit } from '../../infobip/time-format';
import type { NormalizedTemplate } from '../options/normalized-options.interface';

const CONFIGURATION_FIELDS = [
  'pinAttempts',
  'allowMultiplePinVerifications',
  'pinTimeToLive',
  'verifyPinLimit',
  'sendPinPerApplicationLimit',
  'sendPinPerPhoneNumberLimit',
] as const;

/** The first application of that name, in the provider's order. */
export function firstNamed(apps: ApplicationResponse[], name: string): ApplicationResponse | undefined {
  return Array.isArray(apps) ? apps.find((a) => a?.name === name) : undefined;
}

/** @throws Error when the provider's answer is not an application. */
export function checkApplicationShape(app: ApplicationResponse): void {
  if (typeof app?.applicationId !== 'string' || typeof app.configuration !== 'object' || !app.configuration) {
    throw new Error('the provider answered an application without applicationId or configuration');
  }
}

/** Whether the application's configuration differs from the wanted one. */
export function differs(
  actual: ApplicationConfiguration,
  wanted: Required<ApplicationConfiguration>,
): boolean {
  return CONFIGURATION_FIELDS.some((field) => !sameValue(actual[field], wanted[field]));
}

/** Equal, reading durations and limits by their value (`5m` is `300s`). */
function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  const da = tryParseDuration(a);
  if (da !== undefined) return da === tryParseDuration(b);
  const la = tryParseLimit(a);
  const lb = tryParseLimit(b);
  return !!la && !!lb && la.count === lb.count && la.windowMs === lb.windowMs;
}

/** Whether an existing template has the wanted fields (unset optional fields match anything). */
export function matches(message: Message, wanted: NormalizedTemplate): boolean {
  if (message?.pinType !== wanted.pinType || message.pinLength !== wanted.pinLength) return false;
  const optional = (key: keyof NormalizedTemplate & keyof Message) =>
    wanted[key] === undefined || message[key] === wanted[key];
  if (wanted.channel === 'email') {
    return (
      message.emailTemplateId === wanted.emailTemplateId && optional('from') && optional('landingPageId')
    );
  }
  return (
    message.emailTemplateId === undefined &&
    optional('messageText') &&
    optional('senderId') &&
    optional('language') &&
    optional('repeatDTMF') &&
    optional('speechRate') &&
    optional('voiceName')
  );
}

/** Create/update body of an SMS or voice template. */
export function textBody(t: NormalizedTemplate): CreateSmsOrVoiceMessageRequest {
  return defined({
    pinType: t.pinType,
    pinLength: t.pinLength,
    messageText: t.messageText as string,
    senderId: t.senderId,
    language: t.language,
    repeatDTMF: t.repeatDTMF,
    speechRate: t.speechRate,
    voiceName: t.voiceName,
  });
}

/** Create/update body of an email template. */
export function emailBody(t: NormalizedTemplate): CreateEmailMessageRequest {
  return defined({
    emailTemplateId: t.emailTemplateId as number,
    pinType: t.pinType,
    pinLength: t.pinLength,
    from: t.from,
    landingPageId: t.landingPageId,
  });
}

function defined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
