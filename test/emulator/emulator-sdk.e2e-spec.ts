import { AuthType, Infobip } from '@infobip-api/sdk';
import { startEmulator, type StartedEmulator } from '../../lib/emulator';
import { validateResponse } from '../support/openapi';
import { DevEndpoints } from './dev-endpoints';

/** The community SDK returns Axios responses, and Axios errors instead of throwing. */
interface SdkAnswer {
  status?: number;
  data?: any;
  response?: { status: number; data: any };
}

function answer(result: SdkAnswer): { status: number; data: any } {
  if (result.response) return { status: result.response.status, data: result.response.data };
  return { status: result.status ?? 0, data: result.data };
}

describe('the community SDK @infobip-api/sdk against the emulator, unchanged', () => {
  const apiKey = 'sdk-key-42';
  const phone = '41793026727';
  let started: StartedEmulator;
  let twoFA: any;

  beforeAll(async () => {
    started = await startEmulator({ apiKey });
    twoFA = new Infobip({ baseUrl: started.url, apiKey, authType: AuthType.ApiKey }).service.twoFA;
  });

  afterAll(() => started.close());

  it('creates an application and a template, sends, resends and verifies a PIN', async () => {
    const app = answer(
      await twoFA.createApplication({
        name: 'sdk login',
        enabled: true,
        configuration: { pinAttempts: 3, pinTimeToLive: '5m', verifyPinLimit: '10/1s' },
      }),
    );
    expect(app.status).toBe(201);
    expect(validateResponse('create-2fa-application', app.status, app.data)).toEqual([]);
    const { applicationId } = app.data;

    const template = answer(
      await twoFA.createMessageTemplate(applicationId, {
        pinType: 'NUMERIC',
        pinLength: 6,
        messageText: 'Your code is {{pin}}',
        senderId: 'Acme',
      }),
    );
    expect(template.status).toBe(200);
    expect(validateResponse('create-2fa-message-template', 200, template.data)).toEqual([]);
    const { messageId } = template.data;

    // Without its second argument the SDK sends "/2fa/2/pin/?ncNeeded=undefined".
    const sent = answer(await twoFA.sendPINCodeSMS({ applicationId, messageId, to: phone }));
    expect(sent.status).toBe(200);
    expect(validateResponse('send-2fa-pin-code-over-sms', 200, sent.data)).toEqual([]);
    const { pinId } = sent.data;

    const resent = answer(await twoFA.resendPINCodeSMS(pinId));
    expect(resent.status).toBe(200);
    expect(resent.data.pinId).toBe(pinId);

    const pin = await new DevEndpoints(started.url, apiKey).latestPin(phone);
    const wrong = answer(
      await twoFA.verifyPhoneNumber(pinId, { pin: pin === '000000' ? '111111' : '000000' }),
    );
    expect(wrong.status).toBe(200);
    expect(wrong.data).toMatchObject({ verified: false, pinError: 'WRONG_PIN', attemptsRemaining: 2 });

    const right = answer(await twoFA.verifyPhoneNumber(pinId, { pin }));
    expect(right.status).toBe(200);
    expect(right.data).toMatchObject({ pinId, msisdn: phone, verified: true });
    expect(validateResponse('verify-2fa-phone-number', 200, right.data)).toEqual([]);

    // The SDK sends "/verifications/?msisdn=...".
    const status = answer(
      await twoFA.getVerificationStatus(applicationId, { msisdn: phone, verified: true }),
    );
    expect(status.status).toBe(200);
    expect(status.data.verifications).toEqual([expect.objectContaining({ msisdn: phone, verified: true })]);
    expect(validateResponse('get-2fa-verification-status', 200, status.data)).toEqual([]);
  });

  it('reads and updates through the SDK, and sees Infobip errors as answers', async () => {
    const apps = answer(await twoFA.getApplications());
    expect(apps.status).toBe(200);
    const { applicationId } = apps.data[0];
    const updated = answer(
      await twoFA.updateApplication(applicationId, { name: 'sdk login v2', enabled: false }),
    );
    expect(updated.status).toBe(200);
    expect(updated.data).toMatchObject({ applicationId, name: 'sdk login v2', enabled: false });

    const missing = answer(await twoFA.getApplication('NO-SUCH-APP'));
    expect(missing.status).toBe(404);
    expect(missing.data.requestError.serviceException.messageId).toBe('NOT_FOUND');

    const voice = answer(
      await twoFA.createMessageTemplate(applicationId, { pinType: 'NUMERIC', messageText: 'Code {{pin}}' }),
    );
    const disabledSend = answer(
      await twoFA.sendPINCodeVoice({ applicationId, messageId: voice.data.messageId, to: '41793026728' }),
    );
    expect(disabledSend.status).toBe(400);
    expect(disabledSend.data.requestError.serviceException.messageId).toBe('BAD_REQUEST');
  });

  it('is refused with a wrong API key', async () => {
    const other = new Infobip({ baseUrl: started.url, apiKey: 'wrong', authType: AuthType.ApiKey }).service
      .twoFA;
    const res = answer(await other.getApplications());
    expect(res.status).toBe(401);
    expect(res.data.requestError.serviceException.messageId).toBe('UNAUTHORIZED');
  });
});
