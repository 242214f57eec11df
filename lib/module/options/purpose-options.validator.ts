import { LANGUAGES, PIN_TYPES, type PinChannel } from '../../infobip/infobip.types';
import type { ApplicationConfiguration } from '../../infobip/infobip.types';
import type { NormalizedPurpose, NormalizedTemplate } from './normalized-options.interface';
import { TwoFactorConfigurationError as ConfigError } from '../errors/two-factor-configuration.error';
import {
  DEFAULT_MESSAGE_TEXT,
  DEFAULT_PIN,
  POLICY_LIMITS,
  SECURE_APPLICATION_DEFAULTS,
} from './two-factor.constants';
import { findPolicyViolations, minimumPinLength, pinEntropyBits, pinSpace } from './pin-format';
import { checkKeys, isRecord, optionalBoolean, optionalCountries, optionalString } from './option-checks';

/** Purpose names: they end up in application names and logs. */
const PURPOSE_NAME = /^[A-Za-z0-9_-]{1,64}$/;
const CHANNELS: readonly PinChannel[] = ['sms', 'voice', 'email'];
const WEAK_FIX = 'or set allowWeakPolicy: true to accept a weaker policy';

/** A purpose's options checked and completed. @throws TwoFactorConfigurationError */
export function normalizePurpose(
  name: string,
  raw: unknown,
  allowWeak: boolean,
): Omit<NormalizedPurpose, 'sendLimits'> {
  if (!PURPOSE_NAME.test(name)) {
    throw ConfigError.create(
      `purposes[${JSON.stringify(name)}]`,
      'is not a valid purpose name',
      'use 1 to 64 letters, digits, "-" or "_"',
    );
  }
  const path = `purposes.${name}`;
  if (!isRecord(raw))
    throw ConfigError.create(
      path,
      'must be an object',
      `e.g. { template: { messageText: 'Your code is {{pin}}' } }`,
    );
  checkKeys(raw, path, [
    'application',
    'template',
    'templates',
    'defaultChannel',
    'updateExisting',
    'allowedCountries',
    'sendLimits',
  ]);

  const application = normalizeApplication(name, raw.application, `${path}.application`, allowWeak);
  const templates = normalizeTemplates(raw, path, allowWeak);
  const defaultChannel = raw.defaultChannel ?? 'sms';
  if (!CHANNELS.includes(defaultChannel as PinChannel)) {
    throw ConfigError.create(`${path}.defaultChannel`, `must be one of ${CHANNELS.join(', ')}`);
  }
  if (!templates[defaultChannel as PinChannel]) {
    throw ConfigError.create(
      `${path}.defaultChannel`,
      `is "${String(defaultChannel)}" but the purpose has no ${String(defaultChannel)} template`,
      `add ${path}.templates.${String(defaultChannel)} or choose a channel that has a template`,
    );
  }
  const allowedCountries = optionalCountries(raw.allowedCountries, `${path}.allowedCountries`);
  return {
    name,
    path,
    application,
    templates,
    defaultChannel: defaultChannel as PinChannel,
    updateExisting: optionalBoolean(raw.updateExisting, `${path}.updateExisting`) ?? false,
    ...(allowedCountries ? { allowedCountries } : {}),
  };
}

function normalizeApplication(
  purpose: string,
  raw: unknown,
  path: string,
  allowWeak: boolean,
): NormalizedPurpose['application'] {
  if (raw !== undefined && !isRecord(raw)) throw ConfigError.create(path, 'must be an object');
  const options = raw ?? {};
  checkKeys(options, path, ['id', 'name', 'enabled', 'configuration']);
  const id = optionalString(options.id, `${path}.id`);
  const name = optionalString(options.name, `${path}.name`) ?? `nestjs-infobip-2fa ${purpose}`;
  const enabled = optionalBoolean(options.enabled, `${path}.enabled`) ?? true;
  if (!enabled) {
    throw ConfigError.create(
      `${path}.enabled`,
      'is false, so no PIN could be sent',
      'remove it or set it to true',
    );
  }
  const given = options.configuration;
  if (given !== undefined && !isRecord(given))
    throw ConfigError.create(`${path}.configuration`, 'must be an object');
  checkKeys(given ?? {}, `${path}.configuration`, Object.keys(SECURE_APPLICATION_DEFAULTS));
  const configuration = {
    ...SECURE_APPLICATION_DEFAULTS,
    ...(given as ApplicationConfiguration | undefined),
  };
  for (const key of Object.keys(configuration) as (keyof ApplicationConfiguration)[]) {
    if (configuration[key] === undefined)
      (configuration as Record<string, unknown>)[key] = SECURE_APPLICATION_DEFAULTS[key];
  }
  const [violation] = findPolicyViolations(configuration, allowWeak);
  if (violation) {
    const weak = !findPolicyViolations(configuration, true).some((v) => v.field === violation.field);
    throw ConfigError.create(
      `${path}.configuration.${violation.field}`,
      violation.problem,
      `set it to ${violation.suggestion}${weak ? ` (or remove it for the default), ${WEAK_FIX}` : ''}`,
    );
  }
  return { ...(id ? { id } : {}), name, enabled, configuration };
}

function normalizeTemplates(
  raw: Record<string, unknown>,
  path: string,
  allowWeak: boolean,
): Partial<Record<PinChannel, NormalizedTemplate>> {
  const templates = raw.templates;
  if (templates !== undefined && !isRecord(templates))
    throw ConfigError.create(`${path}.templates`, 'must be an object');
  checkKeys(templates ?? {}, `${path}.templates`, CHANNELS);
  if (raw.template !== undefined && templates?.sms !== undefined) {
    throw ConfigError.create(`${path}.template`, 'and templates.sms are both set', 'keep only one of them');
  }
  const found: Partial<Record<PinChannel, NormalizedTemplate>> = {};
  const sms = raw.template ?? templates?.sms;
  const smsPath = raw.template !== undefined ? `${path}.template` : `${path}.templates.sms`;
  if (sms !== undefined) found.sms = normalizeTextTemplate('sms', sms, smsPath, allowWeak);
  if (templates?.voice !== undefined) {
    found.voice = normalizeTextTemplate('voice', templates.voice, `${path}.templates.voice`, allowWeak);
  }
  if (templates?.email !== undefined) {
    found.email = normalizeEmailTemplate(templates.email, `${path}.templates.email`, allowWeak);
  }
  if (Object.keys(found).length === 0) {
    found.sms = normalizeTextTemplate(
      'sms',
      { messageText: DEFAULT_MESSAGE_TEXT },
      `${path}.template`,
      allowWeak,
    );
  }
  return found;
}

function normalizeTextTemplate(
  channel: 'sms' | 'voice',
  raw: unknown,
  path: string,
  allowWeak: boolean,
): NormalizedTemplate {
  if (!isRecord(raw))
    throw ConfigError.create(path, 'must be an object', `e.g. { messageText: 'Your code is {{pin}}' }`);
  const voiceKeys = channel === 'voice' ? ['repeatDTMF', 'speechRate', 'voiceName'] : [];
  checkKeys(raw, path, ['id', 'messageText', 'pinType', 'pinLength', 'senderId', 'language', ...voiceKeys]);
  const id = optionalString(raw.id, `${path}.id`);
  const messageText = optionalString(raw.messageText, `${path}.messageText`);
  if (messageText === undefined && id === undefined) {
    throw ConfigError.create(`${path}.messageText`, 'is required', `e.g. 'Your code is {{pin}}'`);
  }
  if (messageText !== undefined && !messageText.includes('{{pin}}')) {
    throw ConfigError.create(`${path}.messageText`, 'must contain {{pin}}', `e.g. 'Your code is {{pin}}'`);
  }
  const template: NormalizedTemplate = { channel, path, ...pinFormat(raw, path, allowWeak) };
  if (id) template.id = id;
  if (messageText !== undefined) template.messageText = messageText;
  const senderId = optionalString(raw.senderId, `${path}.senderId`);
  if (senderId !== undefined) template.senderId = senderId;
  if (raw.language !== undefined) {
    if (!LANGUAGES.includes(raw.language as never)) {
      throw ConfigError.create(`${path}.language`, `must be one of ${LANGUAGES.join(', ')}`);
    }
    template.language = raw.language as NormalizedTemplate['language'];
  }
  if (channel === 'voice') {
    const repeatDTMF = optionalString(raw.repeatDTMF, `${path}.repeatDTMF`);
    if (repeatDTMF !== undefined) template.repeatDTMF = repeatDTMF;
    const voiceName = optionalString(raw.voiceName, `${path}.voiceName`);
    if (voiceName !== undefined) template.voiceName = voiceName;
    if (raw.speechRate !== undefined) {
      if (typeof raw.speechRate !== 'number' || !(raw.speechRate >= 0.5 && raw.speechRate <= 2)) {
        throw ConfigError.create(`${path}.speechRate`, 'must be a number from 0.5 to 2');
      }
      template.speechRate = raw.speechRate;
    }
  }
  return template;
}

function normalizeEmailTemplate(raw: unknown, path: string, allowWeak: boolean): NormalizedTemplate {
  if (!isRecord(raw)) throw ConfigError.create(path, 'must be an object', 'e.g. { emailTemplateId: 1234 }');
  checkKeys(raw, path, ['id', 'emailTemplateId', 'from', 'pinType', 'pinLength', 'landingPageId']);
  const id = optionalString(raw.id, `${path}.id`);
  const template: NormalizedTemplate = { channel: 'email', path, ...pinFormat(raw, path, allowWeak) };
  if (id) template.id = id;
  if (raw.emailTemplateId !== undefined || id === undefined) {
    if (!Number.isSafeInteger(raw.emailTemplateId) || (raw.emailTemplateId as number) < 1) {
      throw ConfigError.create(
        `${path}.emailTemplateId`,
        'must be the id (a positive whole number) of an Infobip Broadcast email template containing {$pin}',
      );
    }
    template.emailTemplateId = raw.emailTemplateId as number;
  }
  const from = optionalString(raw.from, `${path}.from`);
  if (from !== undefined) template.from = from;
  const landingPageId = optionalString(raw.landingPageId, `${path}.landingPageId`);
  if (landingPageId !== undefined) template.landingPageId = landingPageId;
  return template;
}

function pinFormat(
  raw: Record<string, unknown>,
  path: string,
  allowWeak: boolean,
): Pick<NormalizedTemplate, 'pinType' | 'pinLength'> {
  const pinType = raw.pinType ?? DEFAULT_PIN.pinType;
  if (!PIN_TYPES.includes(pinType as never)) {
    throw ConfigError.create(`${path}.pinType`, `must be one of ${PIN_TYPES.join(', ')}`);
  }
  const pinLength = raw.pinLength ?? DEFAULT_PIN.pinLength;
  if (!Number.isSafeInteger(pinLength) || (pinLength as number) < 1 || (pinLength as number) > 16) {
    throw ConfigError.create(`${path}.pinLength`, 'must be a whole number from 1 to 16');
  }
  const format = { pinType: pinType as NormalizedTemplate['pinType'], pinLength: pinLength as number };
  assertPinStrength(format, `${path}.pinLength`, allowWeak);
  return format;
}

/** @throws TwoFactorConfigurationError when the format allows fewer PINs than the policy. */
export function assertPinStrength(
  format: Pick<NormalizedTemplate, 'pinType' | 'pinLength'>,
  path: string,
  allowWeak: boolean,
): void {
  if (allowWeak || pinSpace(format) >= POLICY_LIMITS.minPinSpace) return;
  throw ConfigError.create(
    path,
    `is ${format.pinLength}: ${format.pinType} PINs of that length have only ${pinEntropyBits(format).toFixed(1)} bits ` +
      `of entropy, under the 20 bits (10^6 possible PINs) the policy requires`,
    `set pinLength to ${minimumPinLength(format.pinType)} or more, ${WEAK_FIX}`,
  );
}
