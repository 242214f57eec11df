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
  return template.message.messageText.replace(PLACEHOLDERS, (match, name: string) => {
    if (name === 'pin') return pin;
    return Object.hasOwn(placeholders, name) ? placeholders[name] : match;
  });
}

const PLACEHOLDERS = /\{\{([^{}]+)\}\}/g;
/** Message texts remembered by a renderer before it starts over (templates are few). */
const MAX_TEXTS = 1_000;

/**
 * {@link renderMessage} with each message text split once at its placeholders,
 * so that a send concatenates a few strings instead of running a regular
 * expression with a callback.
 */
export class MessageRenderer {
  /** Literal text and placeholder names, alternating, by message text. */
  private readonly texts = new Map<string, readonly string[]>();

  render(template: TemplateRecord, pin: string, placeholders: Record<string, string>): string {
    if (template.kind === 'email') return renderMessage(template, pin, placeholders);
    const parts = this.partsOf(template.message.messageText);
    let text = parts[0];
    for (let i = 1; i < parts.length; i += 2) {
      const name = parts[i];
      const value =
        name === 'pin' ? pin : Object.hasOwn(placeholders, name) ? placeholders[name] : `{{${name}}}`;
      text += value + parts[i + 1];
    }
    return text;
  }

  private partsOf(messageText: string): readonly string[] {
    const known = this.texts.get(messageText);
    if (known) return known;
    const parts: string[] = [];
    let end = 0;
    for (const match of messageText.matchAll(PLACEHOLDERS)) {
      parts.push(messageText.slice(end, match.index), match[1]);
      end = match.index + match[0].length;
    }
    parts.push(messageText.slice(end));
    if (this.texts.size >= MAX_TEXTS) this.texts.clear();
    this.texts.set(messageText, parts);
    return parts;
  }
}
