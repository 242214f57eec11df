import type {
  EmailMessage,
  Message,
  PinChannel,
  SmsOrVoiceMessage,
  UpdateEmailMessageRequest,
  UpdateSmsOrVoiceMessageRequest,
} from '../infobip/infobip.types';
import type { TemplateRecord } from '../storage/two-factor-store.interface';
import { PIN_PLACEHOLDER } from './validation';
import { defined } from './validation/defined';

/** The template kind that can deliver over `channel`: SMS/voice templates serve both SMS and voice. */
export function templateKindFor(channel: PinChannel): TemplateRecord['kind'] {
  return channel === 'email' ? 'email' : 'smsOrVoice';
}

/** An SMS/voice template in Infobip's field order, from validated (and merged) fields. */
export function smsOrVoiceMessage(
  messageId: string,
  applicationId: string,
  fields: UpdateSmsOrVoiceMessageRequest & Pick<SmsOrVoiceMessage, 'messageText' | 'pinLength' | 'pinType'>,
): SmsOrVoiceMessage {
  return defined({
    messageId,
    applicationId,
    pinPlaceholder: PIN_PLACEHOLDER,
    messageText: fields.messageText,
    pinLength: fields.pinLength,
    pinType: fields.pinType,
    language: fields.language,
    voiceName: fields.voiceName,
    senderId: fields.senderId,
    repeatDTMF: fields.repeatDTMF,
    speechRate: fields.speechRate,
    regional: fields.regional,
  });
}

/** An email template in Infobip's field order, from validated (and merged) fields. */
export function emailMessage(
  messageId: string,
  applicationId: string,
  fields: UpdateEmailMessageRequest & Pick<EmailMessage, 'emailTemplateId' | 'pinLength' | 'pinType'>,
): EmailMessage {
  return defined({
    messageId,
    applicationId,
    pinLength: fields.pinLength,
    pinType: fields.pinType,
    from: fields.from,
    emailTemplateId: fields.emailTemplateId,
    landingPageId: fields.landingPageId,
  });
}

/** A template as the generic read endpoints answer it (they leave out `pinPlaceholder`). */
export function toMessage(template: TemplateRecord): Message {
  if (template.kind === 'email') return { ...template.message };
  const { pinPlaceholder: _placeholder, ...message } = template.message;
  return message;
}

/**
 * The text delivered for a PIN: for SMS/voice the template's `messageText` with
 * `{{pin}}` and the given `{{placeholders}}` replaced (unknown ones left as they
 * are); for email, which renders a Broadcast template Infobip holds, a short text
 * naming that template.
 */
export function renderMessage(
  template: TemplateRecord,
  pin: string,
  placeholders: Record<string, string>,
): string {
  if (template.kind === 'email')
    return `Your PIN is ${pin} (email template ${template.message.emailTemplateId})`;
  return template.message.messageText.replace(/\{\{([^{}]+)\}\}/g, (match, name: string) => {
    if (name === 'pin') return pin;
    return Object.hasOwn(placeholders, name) ? placeholders[name] : match;
  });
}
