import type { ApplicationConfiguration } from '../../infobip/infobip.types';
import { expectBadRequest, failure, ID, type HarnessHolder } from './engine-harness';

const DEFAULTS: Required<ApplicationConfiguration> = {
  pinAttempts: 10,
  allowMultiplePinVerifications: true,
  pinTimeToLive: '15m',
  verifyPinLimit: '1/3s',
  sendPinPerApplicationLimit: '10000/1d',
  sendPinPerPhoneNumberLimit: '3/1d',
};

/** Applications and templates: defaults, validation, updates, 404s. */
export function describeConfigurationSemantics(h: HarnessHolder): void {
  describe('applications', () => {
    it("creates an application with Infobip's defaults, all six configuration fields shown", async () => {
      const created = await h.api.createApplication({ name: 'login' });
      expect(created).toEqual({
        applicationId: expect.stringMatching(ID),
        name: 'login',
        enabled: true,
        configuration: DEFAULTS,
      });
      expect(await h.api.getApplication(created.applicationId)).toEqual(created);
    });

    it('keeps the configuration given, filling in only what is absent', async () => {
      const created = await h.api.createApplication({
        name: 'custom',
        enabled: false,
        configuration: { pinAttempts: 5, pinTimeToLive: '10m', verifyPinLimit: '2/4s' },
      });
      expect(created.enabled).toBe(false);
      expect(created.configuration).toEqual({
        ...DEFAULTS,
        pinAttempts: 5,
        pinTimeToLive: '10m',
        verifyPinLimit: '2/4s',
      });
    });

    it('lists applications in creation order', async () => {
      const first = await h.api.createApplication({ name: 'first' });
      const second = await h.api.createApplication({ name: 'second' });
      expect(await h.api.getApplications()).toEqual([first, second]);
    });

    it('replaces an application on update: configuration fields left out return to the defaults', async () => {
      const { applicationId } = await h.api.createApplication({
        name: 'before',
        configuration: { pinAttempts: 3, pinTimeToLive: '5m', allowMultiplePinVerifications: false },
      });
      const updated = await h.api.updateApplication(applicationId, {
        name: 'after',
        configuration: { pinTimeToLive: '2m' },
      });
      expect(updated).toEqual({
        applicationId,
        name: 'after',
        enabled: true,
        configuration: { ...DEFAULTS, pinTimeToLive: '2m' },
      });
      expect(await h.api.getApplication(applicationId)).toEqual(updated);
    });

    it('answers 404 for an unknown application', async () => {
      const unknown = '0933F3BC087D2A617AC6DCB2EF5B8A61';
      expect((await failure(h.api.getApplication(unknown))).status).toBe(404);
      expect((await failure(h.api.updateApplication(unknown, { name: 'x' }))).status).toBe(404);
      expect((await failure(h.api.getMessageTemplates(unknown))).status).toBe(404);
      expect((await failure(h.api.getVerificationStatus(unknown, { msisdn: '41793026727' }))).status).toBe(
        404,
      );
    });

    it.each<[string, unknown, string[]]>([
      ['no name', {}, ['name']],
      ['a blank name', { name: ' ' }, ['name']],
      ['a name that is not a string', { name: 42 }, ['name']],
      ['enabled as a string', { name: 'a', enabled: 'true' }, ['enabled']],
      ['a configuration that is not an object', { name: 'a', configuration: 'x' }, ['configuration']],
      ['zero attempts', { name: 'a', configuration: { pinAttempts: 0 } }, ['configuration.pinAttempts']],
      [
        'fractional attempts',
        { name: 'a', configuration: { pinAttempts: 1.5 } },
        ['configuration.pinAttempts'],
      ],
      [
        'attempts as a string',
        { name: 'a', configuration: { pinAttempts: '5' } },
        ['configuration.pinAttempts'],
      ],
      [
        'allowMultiplePinVerifications as a string',
        { name: 'a', configuration: { allowMultiplePinVerifications: 'no' } },
        ['configuration.allowMultiplePinVerifications'],
      ],
      [
        'a TTL outside the grammar',
        { name: 'a', configuration: { pinTimeToLive: '5 m' } },
        ['configuration.pinTimeToLive'],
      ],
      [
        'a TTL over one year',
        { name: 'a', configuration: { pinTimeToLive: '366d' } },
        ['configuration.pinTimeToLive'],
      ],
      [
        'a verify window over one day',
        { name: 'a', configuration: { verifyPinLimit: '1/2d' } },
        ['configuration.verifyPinLimit'],
      ],
      [
        'a send limit outside the grammar',
        { name: 'a', configuration: { sendPinPerApplicationLimit: '0/1d' } },
        ['configuration.sendPinPerApplicationLimit'],
      ],
      [
        'a send window over one year',
        { name: 'a', configuration: { sendPinPerPhoneNumberLimit: '1/366d' } },
        ['configuration.sendPinPerPhoneNumberLimit'],
      ],
      [
        'several mistakes',
        { configuration: { pinAttempts: -1, verifyPinLimit: '1/3' } },
        ['name', 'configuration.pinAttempts', 'configuration.verifyPinLimit'],
      ],
    ])('refuses %s with 400 and validation errors', async (_case, body, paths) => {
      await expectBadRequest(h.api.createApplication(body as never), ...paths);
      const { applicationId } = await h.api.createApplication({ name: 'valid' });
      await expectBadRequest(h.api.updateApplication(applicationId, body as never), ...paths);
      expect((await h.api.getApplication(applicationId)).name).toBe('valid');
    });

    it('accepts the grammar at its bounds and ignores unknown fields', async () => {
      const created = await h.api.createApplication({
        name: 'bounds',
        surprise: true,
        configuration: {
          pinTimeToLive: '365d',
          verifyPinLimit: '1/d',
          sendPinPerApplicationLimit: '5/365d',
          extra: 1,
        },
      } as never);
      expect(created.configuration).toMatchObject({ pinTimeToLive: '365d', verifyPinLimit: '1/d' });
      expect(created).not.toHaveProperty('surprise');
      expect(created.configuration).not.toHaveProperty('extra');
    });
  });

  describe('message templates', () => {
    it('creates an SMS/voice template with pinLength 4 and language en by default', async () => {
      const { applicationId } = await h.api.createApplication({ name: 'templates' });
      const created = await h.api.createMessageTemplate(applicationId, {
        pinType: 'HEX',
        messageText: 'Code {{pin}}',
      });
      expect(created).toEqual({
        messageId: expect.stringMatching(ID),
        applicationId,
        pinPlaceholder: '{{pin}}',
        messageText: 'Code {{pin}}',
        pinLength: 4,
        pinType: 'HEX',
        language: 'en',
      });
      expect(await h.api.getMessageTemplate(applicationId, created.messageId)).toMatchObject({
        messageId: created.messageId,
        messageText: 'Code {{pin}}',
        pinLength: 4,
      });
    });

    it('keeps voice fields and India DLT options', async () => {
      const { applicationId } = await h.api.createApplication({ name: 'voice' });
      const body = {
        pinType: 'NUMERIC' as const,
        pinLength: 6,
        messageText: 'Your code is {{pin}}',
        language: 'de' as const,
        senderId: 'Acme',
        repeatDTMF: '1#',
        speechRate: 1.5,
        voiceName: 'Hans',
        regional: { indiaDlt: { principalEntityId: 'P'.repeat(30), contentTemplateId: 'C1' } },
      };
      expect(await h.api.createMessageTemplate(applicationId, body)).toMatchObject(body);
    });

    it('lists SMS, voice and email templates together; email templates default to 4 NUMERIC', async () => {
      const { applicationId } = await h.api.createApplication({ name: 'mixed' });
      const sms = await h.api.createMessageTemplate(applicationId, {
        pinType: 'NUMERIC',
        messageText: '{{pin}}',
      });
      const email = await h.api.createEmailMessageTemplate(applicationId, { emailTemplateId: 1234 });
      expect(email).toEqual({
        messageId: expect.stringMatching(ID),
        applicationId,
        pinLength: 4,
        pinType: 'NUMERIC',
        emailTemplateId: 1234,
      });
      const list = await h.api.getMessageTemplates(applicationId);
      expect(list.map((m) => m.messageId)).toEqual([sms.messageId, email.messageId]);
      expect(await h.api.getMessageTemplate(applicationId, email.messageId)).toMatchObject({
        emailTemplateId: 1234,
      });
    });

    it.each<[string, unknown, string[]]>([
      ['no pinType or messageText', {}, ['pinType', 'messageText']],
      ['a text without {{pin}}', { pinType: 'NUMERIC', messageText: 'Your code' }, ['messageText']],
      ['an unknown pinType', { pinType: 'DIGITS', messageText: '{{pin}}' }, ['pinType']],
      ['pinLength 0', { pinType: 'NUMERIC', messageText: '{{pin}}', pinLength: 0 }, ['pinLength']],
      ['pinLength 33', { pinType: 'NUMERIC', messageText: '{{pin}}', pinLength: 33 }, ['pinLength']],
      [
        'an unknown language',
        { pinType: 'NUMERIC', messageText: '{{pin}}', language: 'pt-br' },
        ['language'],
      ],
      ['speechRate 2.5', { pinType: 'NUMERIC', messageText: '{{pin}}', speechRate: 2.5 }, ['speechRate']],
      ['speechRate 0.4', { pinType: 'NUMERIC', messageText: '{{pin}}', speechRate: 0.4 }, ['speechRate']],
      [
        'a DLT entity id over 30 characters',
        {
          pinType: 'NUMERIC',
          messageText: '{{pin}}',
          regional: { indiaDlt: { principalEntityId: 'P'.repeat(31) } },
        },
        ['regional.indiaDlt.principalEntityId'],
      ],
      [
        'DLT options without entity id',
        {
          pinType: 'NUMERIC',
          messageText: '{{pin}}',
          regional: { indiaDlt: { teleMarketerId: 'T'.repeat(256) } },
        },
        ['regional.indiaDlt.principalEntityId', 'regional.indiaDlt.teleMarketerId'],
      ],
    ])('refuses an SMS/voice template with %s', async (_case, body, paths) => {
      const { applicationId } = await h.api.createApplication({ name: 'bad templates' });
      await expectBadRequest(h.api.createMessageTemplate(applicationId, body as never), ...paths);
      expect(await h.api.getMessageTemplates(applicationId)).toEqual([]);
    });

    it('merges template updates and still requires {{pin}}', async () => {
      const { applicationId } = await h.api.createApplication({ name: 'merge' });
      const { messageId } = await h.api.createMessageTemplate(applicationId, {
        pinType: 'NUMERIC',
        pinLength: 6,
        messageText: 'Code {{pin}}',
        senderId: 'Acme',
      });
      const updated = await h.api.updateMessageTemplate(applicationId, messageId, { pinLength: 8 });
      expect(updated).toMatchObject({
        messageId,
        pinLength: 8,
        messageText: 'Code {{pin}}',
        senderId: 'Acme',
        pinType: 'NUMERIC',
      });
      await expectBadRequest(
        h.api.updateMessageTemplate(applicationId, messageId, { messageText: 'no pin' }),
        'messageText',
      );
      expect((await h.api.getMessageTemplate(applicationId, messageId)).pinLength).toBe(8);
    });

    it('merges email template updates and validates them', async () => {
      const { applicationId } = await h.api.createApplication({ name: 'email merge' });
      const { messageId } = await h.api.createEmailMessageTemplate(applicationId, {
        emailTemplateId: 7,
        from: 'a@b.example',
      });
      const updated = await h.api.updateEmailMessageTemplate(applicationId, messageId, {
        pinType: 'ALPHA',
        pinLength: 6,
      });
      expect(updated).toMatchObject({
        messageId,
        emailTemplateId: 7,
        from: 'a@b.example',
        pinType: 'ALPHA',
        pinLength: 6,
      });
      await expectBadRequest(h.api.createEmailMessageTemplate(applicationId, {} as never), 'emailTemplateId');
      await expectBadRequest(
        h.api.updateEmailMessageTemplate(applicationId, messageId, { emailTemplateId: 'x' } as never),
        'emailTemplateId',
      );
    });

    it('answers 404 for an unknown template or application', async () => {
      const { applicationId } = await h.api.createApplication({ name: 'missing' });
      const unknown = '16A8B5FE2BCD6CA716A2D780CB3F3390';
      expect((await failure(h.api.getMessageTemplate(applicationId, unknown))).status).toBe(404);
      expect(
        (await failure(h.api.updateMessageTemplate(applicationId, unknown, { pinLength: 5 }))).status,
      ).toBe(404);
      expect(
        (await failure(h.api.updateEmailMessageTemplate(applicationId, unknown, { pinLength: 5 }))).status,
      ).toBe(404);
      expect(
        (await failure(h.api.createMessageTemplate(unknown, { pinType: 'NUMERIC', messageText: '{{pin}}' })))
          .status,
      ).toBe(404);
      expect((await failure(h.api.createEmailMessageTemplate(unknown, { emailTemplateId: 1 }))).status).toBe(
        404,
      );
    });
  });
}
