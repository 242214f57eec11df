import type { InfobipApiError } from '../../infobip/infobip-api.error';
import type { VerifyPinResponse } from '../../infobip/infobip.types';
import { PHONE, smsSetup, type HarnessHolder } from './engine-harness';

/** Each outcome of a batch of parallel calls: an answer or an error's status. */
async function settle<T>(calls: Promise<T>[]): Promise<(T | number)[]> {
  return Promise.all(calls.map((call) => call.catch((error: InfobipApiError) => error.status ?? -1)));
}

function tally(results: (VerifyPinResponse | number)[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const result of results) {
    const key =
      typeof result === 'number' ? `HTTP ${result}` : result.verified ? 'verified' : String(result.pinError);
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

/** Parallel requests: attempts, single use and limits are checked and updated atomically. */
export function describeConcurrencySemantics(h: HarnessHolder): void {
  describe('under parallel requests', () => {
    it('200 parallel wrong PINs consume exactly pinAttempts attempts; the right PIN fails afterwards', async () => {
      const { applicationId, messageId } = await smsSetup(h.api, {
        pinAttempts: 5,
        verifyPinLimit: '1000/1s',
      });
      const { pinId } = await h.api.sendPinOverSms({ applicationId, messageId, to: PHONE });
      const pin = await h.current.latestPin(PHONE);
      const results = await settle(
        Array.from({ length: 200 }, () => h.api.verifyPin(pinId, { pin: 'WRONG' })),
      );
      expect(tally(results)).toEqual({ WRONG_PIN: 5, NO_MORE_PIN_ATTEMPTS: 195 });
      const remaining = results.flatMap((r) =>
        typeof r === 'number' || r.pinError !== 'WRONG_PIN' ? [] : [r.attemptsRemaining],
      );
      expect(remaining.sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4]);
      expect(await h.api.verifyPin(pinId, { pin: pin as string })).toMatchObject({
        verified: false,
        attemptsRemaining: 0,
        pinError: 'NO_MORE_PIN_ATTEMPTS',
      });
    });

    it('with the default verifyPinLimit (1/3s), all parallel verifications but one are refused with 429', async () => {
      const { applicationId, messageId } = await smsSetup(h.api, { pinAttempts: 5 });
      const { pinId } = await h.api.sendPinOverSms({ applicationId, messageId, to: PHONE });
      const results = await settle(
        Array.from({ length: 200 }, () => h.api.verifyPin(pinId, { pin: 'WRONG' })),
      );
      expect(tally(results)).toEqual({ WRONG_PIN: 1, 'HTTP 429': 199 });
    });

    it('50 parallel right PINs verify exactly once without multiple verifications', async () => {
      const { applicationId, messageId } = await smsSetup(h.api, {
        allowMultiplePinVerifications: false,
        verifyPinLimit: '1000/1s',
      });
      const { pinId } = await h.api.sendPinOverSms({ applicationId, messageId, to: PHONE });
      const pin = (await h.current.latestPin(PHONE)) as string;
      const results = await settle(Array.from({ length: 50 }, () => h.api.verifyPin(pinId, { pin })));
      expect(tally(results)).toEqual({ verified: 1, NO_MORE_PIN_ATTEMPTS: 49 });
    });

    it('parallel sends to one destination stop at sendPinPerPhoneNumberLimit', async () => {
      const { applicationId, messageId } = await smsSetup(h.api, { sendPinPerPhoneNumberLimit: '3/1d' });
      const results = await settle(
        Array.from({ length: 30 }, () => h.api.sendPinOverSms({ applicationId, messageId, to: PHONE })),
      );
      expect(results.filter((r) => typeof r !== 'number')).toHaveLength(3);
      expect(results.filter((r) => r === 429)).toHaveLength(27);
    });

    it('parallel resends and sends share the destination budget', async () => {
      const { applicationId, messageId } = await smsSetup(h.api, { sendPinPerPhoneNumberLimit: '5/1h' });
      const { pinId } = await h.api.sendPinOverSms({ applicationId, messageId, to: PHONE });
      const results = await settle([
        ...Array.from({ length: 10 }, () => h.api.resendPinOverSms(pinId)),
        ...Array.from({ length: 10 }, () => h.api.sendPinOverSms({ applicationId, messageId, to: PHONE })),
      ]);
      expect(results.filter((r) => typeof r !== 'number')).toHaveLength(4);
      expect(results.filter((r) => r === 429)).toHaveLength(16);
    });
  });
}
