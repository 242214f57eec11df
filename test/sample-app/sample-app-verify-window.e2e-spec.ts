import type { AddressInfo } from 'node:net';
import type { AdjustableClock } from 'nestjs-infobip-2fa';
import request from 'supertest';
import { createSampleServer, type SampleServer } from '../../sample-app/sample-server';
import { expectTypoThenRetype } from '../module/two-factor-test-app';
import { SCENARIO_ENV } from './sample-app.scenarios';

const account = { username: 'typist', password: 'pass-typist-1', phone: '+41791239001' };

// DESIGN §9 through the sample's own routes: the right PIN typed at once after a typo waits out
// the provider's verify window instead of answering 429. Listening on a port: two requests are
// in flight at once.
describe.each(['nest-express', 'express'] as const)(
  'sample app on %s: a verification inside the verify window',
  (platform) => {
    let sample: SampleServer;
    let url: string;

    beforeAll(async () => {
      sample = await createSampleServer(
        { ...SCENARIO_ENV, SAMPLE_PLATFORM: platform, TWO_FACTOR_PROVIDER: 'local' },
        { logger: false, printPins: false },
      );
      await new Promise<void>((resolve) => sample.server.listen(0, '127.0.0.1', resolve));
      url = `http://127.0.0.1:${(sample.server.address() as AddressInfo).port}`;
    });
    afterAll(() => sample?.close());

    const latestPin = (): string => {
      const message = sample.outbox?.list(account.phone.slice(1)).at(-1);
      if (!message) throw new Error('no PIN sent');
      return message.pin;
    };

    it('waits out the window and signs in; a third verification meanwhile is refused with 429', async () => {
      const clock = sample.engine?.clock as AdjustableClock;
      const service = sample.twoFactor;
      if (!service) throw new Error(`the sample app on ${platform} does not expose its 2FA service`);
      const registering = request.agent(url);
      await registering.post('/auth/register').send(account).expect(201);
      clock.advance(3_000);
      await registering.post('/2fa/verify').send({ pin: latestPin() }).expect(200);

      const agent = request.agent(url);
      await agent.post('/auth/login').send(account).expect(200, { twoFactor: 'required' });
      await expectTypoThenRetype(agent, service, clock, latestPin());
    });
  },
);
