import {
  expectBadRequest,
  failure,
  ID,
  OTHER_PHONE,
  PHONE,
  smsSetup,
  type HarnessHolder,
} from './engine-harness';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** Verifications spaced by this much never meet the default verifyPinLimit (1/3s). */
const VERIFY_GAP = 3_000;

/** Sending, resending, verifying, limits and verification status. */
export function describePinSemantics(h: HarnessHolder): void {
  const pinFor = async (to: string): Promise<string> => {
    const pin = await h.current.latestPin(to);
    if (pin === undefined) throw new Error(`no PIN delivered to ${to}`);
    return pin;
  };
  const advance = (ms: number) => h.current.clock.advance(ms);

  describe('sending', () => {
    it('sends over SMS with Number Lookup, a 32-hex pinId and the destination as digits', async () => {
      const { applicationId, messageId } = await smsSetup(h.api);
      const sent = await h.api.sendPinOverSms({ applicationId, messageId, to: `+${PHONE}` });
      expect(sent).toEqual({
        pinId: expect.stringMatching(ID),
        to: PHONE,
        ncStatus: 'NC_DESTINATION_REACHABLE',
        smsStatus: 'MESSAGE_SENT',
      });
      expect(await pinFor(PHONE)).toMatch(/^[0-9]{6}$/);
    });

    it('leaves out ncStatus without Number Lookup and adds externalMessageId when tracking delivery', async () => {
      const { applicationId, messageId } = await smsSetup(h.api);
      const sent = await h.api.sendPinOverSms(
        { applicationId, messageId, to: PHONE, trackDelivery: true },
        { ncNeeded: false },
      );
      expect(sent).toEqual({
        pinId: expect.stringMatching(ID),
        to: PHONE,
        smsStatus: 'MESSAGE_SENT',
        externalMessageId: expect.stringMatching(UUID),
      });
    });

    it('sends over voice and email with their statuses', async () => {
      const { applicationId, messageId } = await smsSetup(h.api);
      expect(await h.api.sendPinOverVoice({ applicationId, messageId, to: PHONE })).toEqual({
        pinId: expect.stringMatching(ID),
        to: PHONE,
        callStatus: 'PENDING_ACCEPTED',
      });
      const email = await h.api.createEmailMessageTemplate(applicationId, {
        emailTemplateId: 99,
        pinType: 'ALPHA',
        pinLength: 8,
      });
      const sent = await h.api.sendPinOverEmail({
        applicationId,
        messageId: email.messageId,
        to: 'Jane.Doe@Example.com',
      });
      expect(sent).toEqual({
        pinId: expect.stringMatching(ID),
        to: 'jane.doe@example.com',
        emailStatus: { name: 'PENDING_ACCEPTED', description: 'Message accepted, pending for delivery.' },
      });
      expect(await pinFor('jane.doe@example.com')).toMatch(/^[A-Z]{8}$/);
    });

    it('generates PINs of the template type and length', async () => {
      for (const [pinType, pattern] of [
        ['NUMERIC', /^[0-9]{12}$/],
        ['ALPHA', /^[A-Z]{12}$/],
        ['HEX', /^[0-9A-F]{12}$/],
        ['ALPHANUMERIC', /^[0-9A-Z]{12}$/],
      ] as const) {
        const { applicationId, messageId } = await smsSetup(h.api, {}, { pinType, pinLength: 12 });
        await h.api.sendPinOverSms({ applicationId, messageId, to: PHONE });
        expect(await pinFor(PHONE)).toMatch(pattern);
      }
    });

    it('answers 404 for an unknown application or template, 400 for a disabled application', async () => {
      const { applicationId, messageId } = await smsSetup(h.api);
      const unknown = '0933F3BC087D2A617AC6DCB2EF5B8A61';
      expect(
        (await failure(h.api.sendPinOverSms({ applicationId: unknown, messageId, to: PHONE }))).status,
      ).toBe(404);
      expect(
        (await failure(h.api.sendPinOverSms({ applicationId, messageId: unknown, to: PHONE }))).status,
      ).toBe(404);
      await h.api.updateApplication(applicationId, { name: 'off', enabled: false });
      await expectBadRequest(h.api.sendPinOverSms({ applicationId, messageId, to: PHONE }));
      await expectBadRequest(h.api.sendPinOverVoice({ applicationId, messageId, to: PHONE }));
    });

    it('refuses a template of the wrong kind for the channel', async () => {
      const { applicationId, messageId } = await smsSetup(h.api);
      const email = await h.api.createEmailMessageTemplate(applicationId, { emailTemplateId: 1 });
      await expectBadRequest(h.api.sendPinOverSms({ applicationId, messageId: email.messageId, to: PHONE }));
      await expectBadRequest(h.api.sendPinOverEmail({ applicationId, messageId, to: 'a@example.com' }));
    });

    it.each<[string, Record<string, unknown>, string[]]>([
      ['no fields', {}, ['applicationId', 'messageId', 'to']],
      ['letters in the number', { to: '4179302672x' }, ['to']],
      ['6 digits', { to: '123456' }, ['to']],
      ['16 digits', { to: '1234567890123456' }, ['to']],
      ['spaces in the number', { to: '+41 79 302 67 27' }, ['to']],
      ['a pin placeholder', { placeholders: { pin: '1234' } }, ['placeholders.pin']],
      ['a placeholder that is not a string', { placeholders: { name: 5 } }, ['placeholders.name']],
      ['trackDelivery as a string', { trackDelivery: 'yes' }, ['trackDelivery']],
    ])('refuses a send with %s', async (_case, overrides, paths) => {
      const { applicationId, messageId } = await smsSetup(h.api);
      const base = Object.keys(overrides).length === 0 ? {} : { applicationId, messageId, to: PHONE };
      await expectBadRequest(h.api.sendPinOverSms({ ...base, ...overrides } as never), ...paths);
      expect(await h.current.latestPin(PHONE)).toBeUndefined();
    });

    it('refuses an email send to something that is not an address', async () => {
      const { applicationId } = await smsSetup(h.api);
      const email = await h.api.createEmailMessageTemplate(applicationId, { emailTemplateId: 1 });
      await expectBadRequest(
        h.api.sendPinOverEmail({ applicationId, messageId: email.messageId, to: PHONE }),
        'to',
      );
    });
  });

  describe('verifying', () => {
    it('verifies the right PIN and refuses a wrong one with WRONG_PIN and one attempt less', async () => {
      const { applicationId, messageId } = await smsSetup(h.api, {
        pinAttempts: 3,
        allowMultiplePinVerifications: false,
      });
      const { pinId } = await h.api.sendPinOverSms({ applicationId, messageId, to: PHONE });
      expect(await h.api.verifyPin(pinId, { pin: 'WRONG' })).toEqual({
        pinId,
        msisdn: PHONE,
        verified: false,
        attemptsRemaining: 2,
        pinError: 'WRONG_PIN',
      });
      await advance(VERIFY_GAP);
      expect(await h.api.verifyPin(pinId, { pin: await pinFor(PHONE) })).toEqual({
        pinId,
        msisdn: PHONE,
        verified: true,
        attemptsRemaining: 0,
      });
    });

    it('without multiple verifications, answers NO_MORE_PIN_ATTEMPTS after the first success', async () => {
      const { applicationId, messageId } = await smsSetup(h.api, { allowMultiplePinVerifications: false });
      const { pinId } = await h.api.sendPinOverSms({ applicationId, messageId, to: PHONE });
      const pin = await pinFor(PHONE);
      expect((await h.api.verifyPin(pinId, { pin })).verified).toBe(true);
      for (const attempt of [pin, 'WRONG', pin]) {
        await advance(VERIFY_GAP);
        expect(await h.api.verifyPin(pinId, { pin: attempt })).toEqual({
          pinId,
          msisdn: PHONE,
          verified: false,
          attemptsRemaining: 0,
          pinError: 'NO_MORE_PIN_ATTEMPTS',
        });
      }
    });

    it('with multiple verifications (the default), verifies the right PIN again until it expires', async () => {
      const { applicationId, messageId } = await smsSetup(h.api, { pinAttempts: 4, pinTimeToLive: '1m' });
      const { pinId } = await h.api.sendPinOverSms({ applicationId, messageId, to: PHONE });
      const pin = await pinFor(PHONE);
      expect(await h.api.verifyPin(pinId, { pin })).toMatchObject({ verified: true, attemptsRemaining: 4 });
      await advance(VERIFY_GAP);
      expect(await h.api.verifyPin(pinId, { pin: 'WRONG' })).toMatchObject({
        verified: false,
        attemptsRemaining: 3,
      });
      await advance(VERIFY_GAP);
      expect(await h.api.verifyPin(pinId, { pin })).toMatchObject({ verified: true, attemptsRemaining: 3 });
      await advance(60_000);
      expect(await h.api.verifyPin(pinId, { pin })).toMatchObject({
        verified: false,
        pinError: 'TTL_EXPIRED',
      });
    });

    it('answers TTL_EXPIRED once the TTL has passed, and not a moment before', async () => {
      const { applicationId, messageId } = await smsSetup(h.api, { pinTimeToLive: '2m' });
      const { pinId } = await h.api.sendPinOverSms({ applicationId, messageId, to: PHONE });
      const pin = await pinFor(PHONE);
      await advance(120_000 - VERIFY_GAP);
      expect((await h.api.verifyPin(pinId, { pin: 'WRONG' })).pinError).toBe('WRONG_PIN');
      await advance(VERIFY_GAP);
      expect(await h.api.verifyPin(pinId, { pin })).toEqual({
        pinId,
        msisdn: PHONE,
        verified: false,
        attemptsRemaining: 9,
        pinError: 'TTL_EXPIRED',
      });
    });

    it('locks the PIN after pinAttempts wrong PINs: even the right one fails then', async () => {
      const { applicationId, messageId } = await smsSetup(h.api, { pinAttempts: 2 });
      const { pinId } = await h.api.sendPinOverSms({ applicationId, messageId, to: PHONE });
      const results = [];
      for (const pin of ['WRONG', 'WRONG', await pinFor(PHONE)]) {
        results.push(await h.api.verifyPin(pinId, { pin }));
        await advance(VERIFY_GAP);
      }
      expect(results.map((r) => [r.verified, r.attemptsRemaining, r.pinError])).toEqual([
        [false, 1, 'WRONG_PIN'],
        [false, 0, 'WRONG_PIN'],
        [false, 0, 'NO_MORE_PIN_ATTEMPTS'],
      ]);
    });

    it('compares letters case-insensitively', async () => {
      const { applicationId, messageId } = await smsSetup(h.api, {}, { pinType: 'ALPHA', pinLength: 8 });
      const { pinId } = await h.api.sendPinOverSms({ applicationId, messageId, to: PHONE });
      expect((await h.api.verifyPin(pinId, { pin: (await pinFor(PHONE)).toLowerCase() })).verified).toBe(
        true,
      );
    });

    it('answers 404 for an unknown pinId and 400 without a PIN', async () => {
      expect(
        (await failure(h.api.verifyPin('9C817C6F8AF3D48F9FE553282AFA2B67', { pin: '1234' }))).status,
      ).toBe(404);
      const { applicationId, messageId } = await smsSetup(h.api);
      const { pinId } = await h.api.sendPinOverSms({ applicationId, messageId, to: PHONE });
      for (const body of [{}, { pin: '' }, { pin: 1234 }, { pin: null }]) {
        await expectBadRequest(h.api.verifyPin(pinId, body as never), 'pin');
      }
      expect((await h.api.verifyPin(pinId, { pin: await pinFor(PHONE) })).verified).toBe(true);
    });

    it('limits verifications per application and destination (429 costs no attempt), until the window passes', async () => {
      const { applicationId, messageId } = await smsSetup(h.api, {
        verifyPinLimit: '2/10s',
        sendPinPerPhoneNumberLimit: '10/1d',
      });
      const first = await h.api.sendPinOverSms({ applicationId, messageId, to: PHONE });
      const second = await h.api.sendPinOverSms({ applicationId, messageId, to: PHONE });
      const other = await h.api.sendPinOverSms({ applicationId, messageId, to: OTHER_PHONE });
      expect((await h.api.verifyPin(first.pinId, { pin: 'WRONG' })).attemptsRemaining).toBe(9);
      await advance(4_000);
      expect((await h.api.verifyPin(second.pinId, { pin: 'WRONG' })).attemptsRemaining).toBe(9);
      const refused = await failure(h.api.verifyPin(first.pinId, { pin: 'WRONG' }));
      expect(refused).toMatchObject({ status: 429, messageId: 'TOO_MANY_REQUESTS', retryAfterSeconds: 6 });
      expect((await h.api.verifyPin(other.pinId, { pin: 'WRONG' })).attemptsRemaining).toBe(9);
      await advance(6_000);
      expect((await h.api.verifyPin(first.pinId, { pin: 'WRONG' })).attemptsRemaining).toBe(8);
    });
  });

  describe('send limits', () => {
    it('limits sends per destination (3/1d by default), other destinations unaffected', async () => {
      const { applicationId, messageId } = await smsSetup(h.api);
      for (let i = 0; i < 3; i++) await h.api.sendPinOverSms({ applicationId, messageId, to: PHONE });
      const refused = await failure(h.api.sendPinOverSms({ applicationId, messageId, to: PHONE }));
      expect(refused).toMatchObject({ status: 429, retryAfterSeconds: 86_400 });
      await h.api.sendPinOverSms({ applicationId, messageId, to: OTHER_PHONE });
      await advance(86_400_000);
      await h.api.sendPinOverSms({ applicationId, messageId, to: PHONE });
    });

    it('limits sends per application', async () => {
      const { applicationId, messageId } = await smsSetup(h.api, {
        sendPinPerApplicationLimit: '2/1h',
        sendPinPerPhoneNumberLimit: '100/1d',
      });
      await h.api.sendPinOverSms({ applicationId, messageId, to: PHONE });
      await advance(60_000);
      await h.api.sendPinOverVoice({ applicationId, messageId, to: OTHER_PHONE });
      const refused = await failure(h.api.sendPinOverSms({ applicationId, messageId, to: '41793026729' }));
      expect(refused).toMatchObject({ status: 429, retryAfterSeconds: 3_540 });
      const another = await smsSetup(h.api);
      await h.api.sendPinOverSms({ ...another, to: '41793026729' });
    });

    it('counts resends as sends', async () => {
      const { applicationId, messageId } = await smsSetup(h.api);
      const { pinId } = await h.api.sendPinOverSms({ applicationId, messageId, to: PHONE });
      await h.api.resendPinOverSms(pinId);
      await h.api.resendPinOverVoice(pinId);
      expect((await failure(h.api.resendPinOverSms(pinId))).status).toBe(429);
      expect((await failure(h.api.sendPinOverSms({ applicationId, messageId, to: PHONE }))).status).toBe(429);
    });
  });

  describe('resending', () => {
    it('resends the same PIN under the same pinId, over SMS or voice, with tracking on request', async () => {
      const { applicationId, messageId } = await smsSetup(
        h.api,
        {},
        { pinType: 'ALPHANUMERIC', pinLength: 10 },
      );
      const { pinId } = await h.api.sendPinOverSms({ applicationId, messageId, to: PHONE });
      const pin = await pinFor(PHONE);
      expect(await h.api.resendPinOverSms(pinId, { trackDelivery: true })).toEqual({
        pinId,
        to: PHONE,
        ncStatus: 'NC_DESTINATION_REACHABLE',
        smsStatus: 'MESSAGE_SENT',
        externalMessageId: expect.stringMatching(UUID),
      });
      expect(await pinFor(PHONE)).toBe(pin);
      expect(await h.api.resendPinOverVoice(pinId)).toEqual({
        pinId,
        to: PHONE,
        callStatus: 'PENDING_ACCEPTED',
      });
      expect(await pinFor(PHONE)).toBe(pin);
      expect((await h.api.verifyPin(pinId, { pin })).verified).toBe(true);
    });

    it('resends over email with the same PIN', async () => {
      const { applicationId } = await smsSetup(h.api);
      const email = await h.api.createEmailMessageTemplate(applicationId, { emailTemplateId: 5 });
      const { pinId } = await h.api.sendPinOverEmail({
        applicationId,
        messageId: email.messageId,
        to: 'a@example.com',
      });
      const pin = await pinFor('a@example.com');
      expect(await h.api.resendPinOverEmail(pinId)).toEqual({
        pinId,
        to: 'a@example.com',
        emailStatus: { name: 'PENDING_ACCEPTED', description: 'Message accepted, pending for delivery.' },
      });
      expect(await pinFor('a@example.com')).toBe(pin);
      await expectBadRequest(h.api.resendPinOverSms(pinId));
    });

    it('does not extend the TTL', async () => {
      const { applicationId, messageId } = await smsSetup(h.api, { pinTimeToLive: '10m' });
      const { pinId } = await h.api.sendPinOverSms({ applicationId, messageId, to: PHONE });
      await advance(9 * 60_000);
      await h.api.resendPinOverSms(pinId);
      await advance(60_000);
      expect((await h.api.verifyPin(pinId, { pin: await pinFor(PHONE) })).pinError).toBe('TTL_EXPIRED');
    });

    it('refuses to resend an expired, verified or locked PIN (400), or an unknown one (404)', async () => {
      const { applicationId, messageId } = await smsSetup(h.api, {
        pinAttempts: 1,
        pinTimeToLive: '1h',
        sendPinPerPhoneNumberLimit: '10/1d',
      });
      const verified = await h.api.sendPinOverSms({ applicationId, messageId, to: PHONE });
      await h.api.verifyPin(verified.pinId, { pin: await pinFor(PHONE) });
      await expectBadRequest(h.api.resendPinOverSms(verified.pinId));

      const locked = await h.api.sendPinOverSms({ applicationId, messageId, to: OTHER_PHONE });
      await h.api.verifyPin(locked.pinId, { pin: 'WRONG' });
      await expectBadRequest(h.api.resendPinOverVoice(locked.pinId));

      const expired = await h.api.sendPinOverSms({ applicationId, messageId, to: PHONE });
      await advance(3_600_000);
      await expectBadRequest(h.api.resendPinOverSms(expired.pinId));

      expect((await failure(h.api.resendPinOverSms('9C817C6F8AF3D48F9FE553282AFA2B67'))).status).toBe(404);
    });

    it('refuses a resend to a disabled application and a pin placeholder', async () => {
      const { applicationId, messageId } = await smsSetup(h.api);
      const { pinId } = await h.api.sendPinOverSms({ applicationId, messageId, to: PHONE });
      await expectBadRequest(
        h.api.resendPinOverSms(pinId, { placeholders: { pin: '0000' } }),
        'placeholders.pin',
      );
      await h.api.updateApplication(applicationId, { name: 'off', enabled: false });
      await expectBadRequest(h.api.resendPinOverSms(pinId));
    });
  });

  describe('verification status', () => {
    it('lists the PINs sent to a destination with epoch-millisecond timestamps and filters', async () => {
      const { applicationId, messageId } = await smsSetup(h.api);
      const first = await h.api.sendPinOverSms({ applicationId, messageId, to: PHONE });
      const firstPin = await pinFor(PHONE);
      await advance(5_000);
      await h.api.sendPinOverSms({ applicationId, messageId, to: PHONE });
      await advance(7_000);
      await h.api.verifyPin(first.pinId, { pin: firstPin });

      const all = await h.api.getVerificationStatus(applicationId, { msisdn: `+${PHONE}` });
      expect(all.verifications).toEqual([
        { msisdn: PHONE, verified: true, verifiedAt: expect.any(Number), sentAt: expect.any(Number) },
        { msisdn: PHONE, verified: false, sentAt: expect.any(Number) },
      ]);
      const [done, pending] = all.verifications;
      expect(done.sentAt).toBeGreaterThan(1_500_000_000_000);
      const sentAt = done.sentAt as number;
      expect((pending.sentAt as number) - sentAt).toBe(5_000);
      expect((done.verifiedAt as number) - sentAt).toBe(12_000);

      const filter = async (query: { verified?: boolean; sent?: boolean }) =>
        (await h.api.getVerificationStatus(applicationId, { msisdn: PHONE, ...query })).verifications;
      expect(await filter({ verified: true })).toEqual([done]);
      expect(await filter({ verified: false })).toEqual([pending]);
      expect(await filter({ sent: true })).toEqual([done, pending]);
      expect(await filter({ sent: false })).toEqual([]);
      expect(
        (await h.api.getVerificationStatus(applicationId, { msisdn: OTHER_PHONE })).verifications,
      ).toEqual([]);
    });

    it('requires msisdn', async () => {
      const { applicationId } = await smsSetup(h.api);
      await expectBadRequest(h.api.getVerificationStatus(applicationId, {} as never), 'msisdn');
    });
  });
}
