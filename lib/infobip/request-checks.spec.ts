import { InfobipApiError } from './infobip-api.error';
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

/** The validation errors `fn` throws (it must throw an INVALID_REQUEST). */
function problems(fn: () => void): Record<string, string[]> {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(InfobipApiError);
    expect(error).toMatchObject({ status: 0, messageId: 'INVALID_REQUEST' });
    return (error as InfobipApiError).validationErrors ?? {};
  }
  throw new Error('expected INVALID_REQUEST');
}

const SEND = { applicationId: 'A', messageId: 'M', to: '41793026727' };

describe('checks before the wire', () => {
  describe('ids', () => {
    it('accepts opaque ids and refuses those a URL would resolve away', () => {
      expect(checkId('0933F3BC087D2A617AC6DCB2EF5B8A61', 'appId')).toBe('0933F3BC087D2A617AC6DCB2EF5B8A61');
      expect(checkId('../x', 'pinId')).toBe('../x');
      for (const bad of ['', '.', '..', undefined, 7])
        expect(() => checkId(bad, 'pinId')).toThrow(/pinId must/);
    });
  });

  describe('applications', () => {
    it('accepts a full request', () => {
      expect(() =>
        checkApplicationRequest('createApplication', {
          name: 'Acme',
          enabled: true,
          configuration: {
            pinAttempts: 5,
            allowMultiplePinVerifications: false,
            pinTimeToLive: '5m',
            verifyPinLimit: '1/3s',
            sendPinPerApplicationLimit: '10000/1d',
            sendPinPerPhoneNumberLimit: '5/1d',
          },
        }),
      ).not.toThrow();
    });

    it('reports every problem by field, with time and limit strings checked by the grammar', () => {
      const found = problems(() =>
        checkApplicationRequest('createApplication', {
          enabled: 'yes',
          configuration: {
            pinAttempts: 0,
            allowMultiplePinVerifications: 1,
            pinTimeToLive: '5 minutes',
            verifyPinLimit: '1/2d',
            sendPinPerApplicationLimit: '10000',
            sendPinPerPhoneNumberLimit: '0/1d',
          },
        }),
      );
      expect(Object.keys(found).sort()).toEqual(
        [
          'name',
          'enabled',
          'configuration.pinAttempts',
          'configuration.allowMultiplePinVerifications',
          'configuration.pinTimeToLive',
          'configuration.verifyPinLimit',
          'configuration.sendPinPerApplicationLimit',
          'configuration.sendPinPerPhoneNumberLimit',
        ].sort(),
      );
      expect(found.name).toEqual(['is required']);
      expect(found['configuration.pinTimeToLive'][0]).toMatch(/^must be a duration like "5m"/);
      expect(found['configuration.verifyPinLimit'][0]).toMatch(/window must not exceed 1d/);
    });

    it('says what is wrong in the message, naming the operation', () => {
      expect(() => checkApplicationRequest('updateApplication', { name: '' })).toThrow(
        'Infobip 2FA API error (updateApplication, no HTTP answer, INVALID_REQUEST): name must be a non-empty string',
      );
    });

    it('refuses a body that is not an object', () => {
      expect(() => checkApplicationRequest('createApplication', 'Acme')).toThrow(TypeError);
      expect(() => checkApplicationRequest('createApplication', [])).toThrow(/must be an object/);
    });
  });

  describe('SMS and voice templates', () => {
    const template = { pinType: 'NUMERIC', messageText: 'Code {{pin}}' };

    it('requires pinType and a messageText with {{pin}} on create, not on update', () => {
      expect(problems(() => checkSmsOrVoiceTemplate('createMessageTemplate', {}, false))).toEqual({
        pinType: ['is required'],
        messageText: ['is required'],
      });
      expect(() => checkSmsOrVoiceTemplate('updateMessageTemplate', {}, true)).not.toThrow();
      expect(
        problems(() => checkSmsOrVoiceTemplate('updateMessageTemplate', { messageText: 'Code' }, true)),
      ).toEqual({
        messageText: ['must contain the {{pin}} placeholder'],
      });
    });

    it('checks enums, numbers and India DLT lengths', () => {
      const found = problems(() =>
        checkSmsOrVoiceTemplate(
          'createMessageTemplate',
          {
            ...template,
            pinType: 'DIGITS',
            language: 'pt-br',
            pinLength: 6.5,
            speechRate: 0.4,
            senderId: 5,
            regional: { indiaDlt: { contentTemplateId: 'x'.repeat(31) } },
          },
          false,
        ),
      );
      expect(found).toEqual({
        pinType: ['must be one of NUMERIC, ALPHA, HEX, ALPHANUMERIC'],
        language: [expect.stringMatching(/^must be one of en, es, .*pt_br/)],
        pinLength: ['must be a whole number from 1 to 2147483647'],
        speechRate: ['must be a number from 0.5 to 2'],
        senderId: ['must be a string'],
        'regional.indiaDlt.principalEntityId': ['must be a string of 1 to 30 characters'],
        'regional.indiaDlt.contentTemplateId': ['must be a string of 1 to 30 characters'],
      });
    });

    it('accepts every documented field', () => {
      expect(() =>
        checkSmsOrVoiceTemplate(
          'createMessageTemplate',
          {
            ...template,
            pinLength: 6,
            language: 'zh_tw',
            senderId: 'Acme',
            repeatDTMF: '1#',
            speechRate: 2,
            voiceName: 'Joanna',
            regional: {
              indiaDlt: { principalEntityId: 'p', contentTemplateId: 'c', teleMarketerId: 't'.repeat(255) },
            },
          },
          false,
        ),
      ).not.toThrow();
    });
  });

  describe('email templates', () => {
    it('takes an int64 emailTemplateId, as a bigint beyond 2^53', () => {
      const create = (emailTemplateId: unknown) => () =>
        checkEmailTemplate('createEmailMessageTemplate', { emailTemplateId }, false);
      expect(create(9007199254740993n)).not.toThrow();
      expect(create(2n ** 63n - 1n)).not.toThrow();
      for (const wrong of [2n ** 63n, 0n, 2 ** 53, 0]) {
        expect(problems(create(wrong))).toEqual({ emailTemplateId: ['must be a positive whole number'] });
      }
    });

    it('requires a positive emailTemplateId on create only', () => {
      expect(
        problems(() => checkEmailTemplate('createEmailMessageTemplate', { emailTemplateId: '12' }, false)),
      ).toEqual({ emailTemplateId: ['must be a positive whole number'] });
      expect(() =>
        checkEmailTemplate('updateEmailMessageTemplate', { landingPageId: '1_2' }, true),
      ).not.toThrow();
      expect(
        problems(() =>
          checkEmailTemplate('updateEmailMessageTemplate', { pinType: 'numeric', from: 1 }, true),
        ),
      ).toEqual({
        pinType: ['must be one of NUMERIC, ALPHA, HEX, ALPHANUMERIC'],
        from: ['must be a string'],
      });
    });
  });

  describe('sends, resends and verification', () => {
    it('requires applicationId, messageId and to', () => {
      expect(problems(() => checkStartAuthentication('sendPinOverSms', { to: ' ' }, false))).toEqual({
        applicationId: ['is required'],
        messageId: ['is required'],
        to: ['must be a non-empty string'],
      });
    });

    it('refuses a "pin" placeholder, braces in keys and non-string values', () => {
      const found = problems(() =>
        checkStartAuthentication(
          'sendPinOverSms',
          { ...SEND, placeholders: { PIN: '1', '{name}': 'x', n: 5 } },
          false,
        ),
      );
      expect(found).toEqual({
        placeholders: [
          'must not set "pin": Infobip fills in the PIN',
          'key "{name}" must be a name without braces',
        ],
        'placeholders.n': ['must be a string'],
      });
    });

    it('checks trackDelivery for SMS and voice, landingPagePlaceholders for email', () => {
      expect(
        problems(() => checkStartAuthentication('sendPinOverVoice', { ...SEND, trackDelivery: 'y' }, false)),
      ).toEqual({
        trackDelivery: ['must be true or false'],
      });
      expect(
        problems(() =>
          checkStartAuthentication('sendPinOverEmail', { ...SEND, landingPagePlaceholders: 'x' }, true),
        ),
      ).toEqual({ landingPagePlaceholders: ['must be an object of strings'] });
    });

    it('lets unknown fields through for fields Infobip adds later', () => {
      expect(() =>
        checkStartAuthentication('sendPinOverSms', { ...SEND, futureField: 1 }, false),
      ).not.toThrow();
    });

    it('accepts a resend without a body and checks one that is given', () => {
      expect(() => checkResend('resendPinOverSms', undefined, false)).not.toThrow();
      expect(problems(() => checkResend('resendPinOverEmail', { placeholders: { pin: 'x' } }, true))).toEqual(
        {
          placeholders: ['must not set "pin": Infobip fills in the PIN'],
        },
      );
    });

    it('requires a PIN to verify', () => {
      expect(problems(() => checkVerify('verifyPin', {}))).toEqual({ pin: ['is required'] });
      expect(problems(() => checkVerify('verifyPin', { pin: 1234 }))).toEqual({
        pin: ['must be a non-empty string'],
      });
    });

    it('checks queries: msisdn required, booleans typed', () => {
      expect(
        problems(() =>
          checkQuery('getVerificationStatus', { verified: 'true' }, ['msisdn'], ['verified', 'sent']),
        ),
      ).toEqual({ msisdn: ['is required'], verified: ['must be true or false'] });
      expect(() => checkQuery('sendPinOverSms', undefined, [], ['ncNeeded'])).not.toThrow();
    });
  });
});
