import {
  LANGUAGES,
  PIN_TYPES,
  type CreateEmailMessageRequest,
  type CreateSmsOrVoiceMessageRequest,
  type RegionalOptions,
  type UpdateEmailMessageRequest,
  type UpdateSmsOrVoiceMessageRequest,
} from '../../infobip/infobip.types';
import { MAX_PIN_LENGTH, MIN_PIN_LENGTH } from './pin-alphabets';
import { defined } from './defined';
import { FieldChecker, type JsonObject } from '../../infobip/field-checker';

/** The placeholder an SMS or voice template must contain. */
export const PIN_PLACEHOLDER = '{{pin}}';
/** PIN length of a template that gives none (Infobip's documented email default, used for every kind). */
export const DEFAULT_PIN_LENGTH = 4;

const PIN_LENGTH = { min: MIN_PIN_LENGTH, max: MAX_PIN_LENGTH };

/**
 * Validates the body of create SMS/voice template: `pinType` (NUMERIC, ALPHA,
 * HEX, ALPHANUMERIC) and `messageText` (containing `{{pin}}`) required;
 * `pinLength` 1 to 32, default 4; `language` one of Infobip's, default `en`;
 * `speechRate` 0.5 to 2; `regional.indiaDlt` with Infobip's length limits.
 * @throws InfobipApiError 400 with `validationErrors`.
 */
export function validateCreateSmsOrVoiceTemplate(body: unknown): CreateSmsOrVoiceMessageRequest & {
  pinLength: number;
} {
  const check = new FieldChecker();
  const fields = smsOrVoiceFields(check, check.body(body), true);
  check.throwIfInvalid();
  return {
    ...fields,
    pinLength: fields.pinLength ?? DEFAULT_PIN_LENGTH,
    language: fields.language ?? 'en',
  } as CreateSmsOrVoiceMessageRequest & { pinLength: number };
}

/**
 * Validates the body of update SMS/voice template: the fields of create, all
 * optional; answers only the fields given (the update merges them).
 * @throws InfobipApiError 400 with `validationErrors`.
 */
export function validateUpdateSmsOrVoiceTemplate(body: unknown): UpdateSmsOrVoiceMessageRequest {
  const check = new FieldChecker();
  const fields = smsOrVoiceFields(check, check.body(body), false);
  check.throwIfInvalid();
  return fields;
}

/**
 * Validates the body of create email template: `emailTemplateId` (a positive
 * whole number) required; `pinLength` 1 to 32, default 4; `pinType` default NUMERIC.
 * @throws InfobipApiError 400 with `validationErrors`.
 */
export function validateCreateEmailTemplate(
  body: unknown,
): Required<Pick<CreateEmailMessageRequest, 'emailTemplateId' | 'pinLength' | 'pinType'>> &
  CreateEmailMessageRequest {
  const check = new FieldChecker();
  const fields = emailFields(check, check.body(body), true);
  check.throwIfInvalid();
  return {
    ...fields,
    emailTemplateId: fields.emailTemplateId as number | bigint,
    pinLength: fields.pinLength ?? DEFAULT_PIN_LENGTH,
    pinType: fields.pinType ?? 'NUMERIC',
  };
}

/**
 * Validates the body of update email template: the fields of create, all optional.
 * @throws InfobipApiError 400 with `validationErrors`.
 */
export function validateUpdateEmailTemplate(body: unknown): UpdateEmailMessageRequest {
  const check = new FieldChecker();
  const fields = emailFields(check, check.body(body), false);
  check.throwIfInvalid();
  return fields;
}

function smsOrVoiceFields(
  check: FieldChecker,
  body: JsonObject,
  create: boolean,
): UpdateSmsOrVoiceMessageRequest {
  const messageText = check.string(body, 'messageText', 'messageText', create);
  if (messageText !== undefined && !messageText.includes(PIN_PLACEHOLDER)) {
    check.fail('messageText', `must contain the ${PIN_PLACEHOLDER} placeholder`);
  }
  return defined({
    pinType: check.oneOf(body, 'pinType', 'pinType', PIN_TYPES, create),
    messageText,
    pinLength: check.integer(body, 'pinLength', 'pinLength', PIN_LENGTH),
    language: check.oneOf(body, 'language', 'language', LANGUAGES),
    senderId: check.string(body, 'senderId', 'senderId'),
    repeatDTMF: check.string(body, 'repeatDTMF', 'repeatDTMF'),
    speechRate: check.number(body, 'speechRate', 'speechRate', { min: 0.5, max: 2 }),
    voiceName: check.string(body, 'voiceName', 'voiceName'),
    regional: regionalOptions(check, body),
  });
}

function regionalOptions(check: FieldChecker, body: JsonObject): RegionalOptions | undefined {
  const regional = check.object(body, 'regional', 'regional');
  if (!regional) return undefined;
  const dlt = check.object(regional, 'indiaDlt', 'regional.indiaDlt');
  if (!dlt) return {};
  const path = (field: string) => `regional.indiaDlt.${field}`;
  const indiaDlt = defined({
    principalEntityId: check.string(dlt, 'principalEntityId', path('principalEntityId'), true, 30),
    contentTemplateId: check.string(dlt, 'contentTemplateId', path('contentTemplateId'), false, 30),
    teleMarketerId: check.string(dlt, 'teleMarketerId', path('teleMarketerId'), false, 255),
  });
  return { indiaDlt: indiaDlt as RegionalOptions['indiaDlt'] };
}

function emailFields(check: FieldChecker, body: JsonObject, create: boolean): UpdateEmailMessageRequest {
  return defined({
    emailTemplateId: check.int64(body, 'emailTemplateId', 'emailTemplateId', 1, create),
    from: check.string(body, 'from', 'from'),
    landingPageId: check.string(body, 'landingPageId', 'landingPageId'),
    pinLength: check.integer(body, 'pinLength', 'pinLength', PIN_LENGTH),
    pinType: check.oneOf(body, 'pinType', 'pinType', PIN_TYPES),
  });
}
