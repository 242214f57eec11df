import { InfobipApiError } from '../../infobip/infobip-api.error';
import {
  INFOBIP_DEFAULT_CONFIGURATION,
  validateApplicationRequest,
  validateCreateEmailTemplate,
  validateCreateSmsOrVoiceTemplate,
  validateResendPinRequest,
  validateSendPinRequest,
  validateUpdateSmsOrVoiceTemplate,
  validateVerificationQuery,
  validateVerifyPinRequest,
} from '.';

function errorsOf(run: () => unknown): Record<string, string[]> {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(InfobipApiError);
    expect((error as InfobipApiError).status).toBe(400);
    return (error as InfobipApiError).validationErrors ?? {};
  }
  throw new Error('expected a 400');
}

describe('request validation', () => {
  it.each([null, undefined, 'text', 42, ['name']])('refuses a body that is not an object: %j', (body) => {
    expect(errorsOf(() => validateApplicationRequest(body))).toEqual({ body: ['must be a JSON object'] });
  });

  it('treats null optional fields as absent and ignores unknown fields', () => {
    expect(
      validateApplicationRequest({
        name: 'a',
        enabled: null,
        configuration: { pinAttempts: null, colour: 'red' },
        x: 1,
      }),
    ).toEqual({ name: 'a', enabled: true, configuration: { ...INFOBIP_DEFAULT_CONFIGURATION } });
  });

  it('explains grammar mistakes in the validation message', () => {
    const errors = errorsOf(() =>
      validateApplicationRequest({ name: 'a', configuration: { pinTimeToLive: '2y' } }),
    );
    expect(errors['configuration.pinTimeToLive'][0]).toMatch(/\{n\}\{unit\}/);
  });

  it('fills template defaults and keeps only known fields', () => {
    expect(
      validateCreateSmsOrVoiceTemplate({ pinType: 'NUMERIC', messageText: '{{pin}}', extra: true }),
    ).toEqual({
      pinType: 'NUMERIC',
      messageText: '{{pin}}',
      pinLength: 4,
      language: 'en',
    });
    expect(validateUpdateSmsOrVoiceTemplate({ senderId: 'Acme', pinLength: null })).toEqual({
      senderId: 'Acme',
    });
    expect(validateCreateEmailTemplate({ emailTemplateId: 9 })).toEqual({
      emailTemplateId: 9,
      pinLength: 4,
      pinType: 'NUMERIC',
    });
    expect(errorsOf(() => validateCreateEmailTemplate({ emailTemplateId: 0 }))).toHaveProperty(
      'emailTemplateId',
    );
  });

  it('takes emailTemplateId over the whole int64 range, exactly', () => {
    expect(validateCreateEmailTemplate({ emailTemplateId: 9007199254740993n }).emailTemplateId).toBe(
      9007199254740993n,
    );
    expect(validateCreateEmailTemplate({ emailTemplateId: 2n ** 63n - 1n }).emailTemplateId).toBe(
      2n ** 63n - 1n,
    );
    // A bigint that fits a number becomes one.
    expect(validateCreateEmailTemplate({ emailTemplateId: 42n }).emailTemplateId).toBe(42);
    for (const emailTemplateId of [2n ** 63n, 0n, 9007199254740992, 1.5, '12']) {
      expect(errorsOf(() => validateCreateEmailTemplate({ emailTemplateId }))).toHaveProperty(
        'emailTemplateId',
      );
    }
  });

  it('normalises send requests per channel', () => {
    expect(
      validateSendPinRequest({ applicationId: 'A', messageId: 'M', to: '+41793026727' }, 'voice'),
    ).toEqual({
      applicationId: 'A',
      messageId: 'M',
      to: '41793026727',
      placeholders: {},
      trackDelivery: false,
    });
    expect(
      validateSendPinRequest(
        {
          applicationId: 'A',
          messageId: 'M',
          to: 'A@B.example',
          landingPagePlaceholders: { n: 'x' },
          trackDelivery: true,
        },
        'email',
      ),
    ).toEqual({
      applicationId: 'A',
      messageId: 'M',
      to: 'a@b.example',
      placeholders: {},
      trackDelivery: false,
      landingPagePlaceholders: { n: 'x' },
    });
  });

  it('keeps placeholder names like __proto__ as plain data', () => {
    const { placeholders } = validateResendPinRequest(
      JSON.parse('{"placeholders":{"__proto__":"x","name":"y"}}'),
      'sms',
    );
    expect(Object.keys(placeholders).sort()).toEqual(['__proto__', 'name']);
    expect(placeholders['__proto__']).toBe('x');
    expect(({} as Record<string, unknown>)['x']).toBeUndefined();
  });

  it('accepts an absent resend body', () => {
    expect(validateResendPinRequest(undefined, 'sms')).toEqual({ placeholders: {}, trackDelivery: false });
    expect(validateResendPinRequest(null, 'email')).toEqual({ placeholders: {}, trackDelivery: false });
  });

  it('requires a non-empty PIN string', () => {
    expect(validateVerifyPinRequest({ pin: '0042' })).toEqual({ pin: '0042' });
    expect(errorsOf(() => validateVerifyPinRequest({ pin: '  ' }))).toEqual({ pin: ['must not be blank'] });
  });

  it('reads verification filters given as booleans or as URL strings', () => {
    expect(validateVerificationQuery({ msisdn: '+41793026727', verified: 'true', sent: false })).toEqual({
      msisdn: '41793026727',
      verified: true,
      sent: false,
    });
    expect(errorsOf(() => validateVerificationQuery({ msisdn: 'x', verified: 'yes' }))).toEqual({
      verified: ['must be a boolean'],
    });
    expect(errorsOf(() => validateVerificationQuery({}))).toHaveProperty('msisdn');
  });
});
