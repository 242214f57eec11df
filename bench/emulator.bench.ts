import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { LocalTwoFactorEngine } from 'nestjs-infobip-2fa';
import { startEmulator } from 'nestjs-infobip-2fa/emulator';
import { runBenchmark } from './support/benchmark';
import {
  createUnlimitedApplication,
  forgetEverything,
  LatestMessageOutbox,
  phoneNumber,
} from './support/engine-fixture';
import { LoadGenerator, loadSubject } from './support/load-generator';
import { startPrism } from './support/prism.process';
import type { CycledRequest, LoadSpec } from './support/load.types';
import { interleave, median, medianRatio, type Subject } from './support/stats';

/*
 * The emulator's send and verify endpoints under HTTP load (autocannon in its own process),
 * against a bare node:http endpoint that parses the same JSON bodies and answers a body of the
 * same size, and against Stoplight Prism mocking the same OpenAPI specification (what a user
 * would otherwise pick; skipped when @stoplight/prism-cli is not installed). Sends rotate over
 * many destinations and verifies over many pending PINs, on an application whose limits never
 * refuse. Every request carries `Authorization: App ...` (Prism checks that one is there).
 *
 * Sends and verifies go to two emulators (one engine each). After every send round, the send
 * engine's PINs and windows expire and are swept, so every round starts from the same state, as
 * in the engine benchmark; otherwise the store would grow through the run and later rounds would
 * measure a bigger heap than earlier ones. The verify engine keeps its pending PINs throughout.
 */

const SEND_DESTINATIONS = 50_000;
const VERIFY_PINS = 5_000;
const CONTENT_TYPE = 'application/json;charset=UTF-8';

/** Parses a JSON body and answers what a send answers, in size and shape: the least an HTTP JSON API does. */
function bareJsonServer(): Server {
  return createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { to?: string };
      const payload = JSON.stringify({
        pinId: '9C817C6F8AF3D48F9FE553282AFA2B67',
        to: body.to ?? '',
        ncStatus: 'NC_DESTINATION_REACHABLE',
        smsStatus: 'MESSAGE_SENT',
      });
      res.setHeader('Content-Type', CONTENT_TYPE);
      res.setHeader('Content-Length', Buffer.byteLength(payload));
      res.writeHead(200).end(payload);
    });
  });
}

/** `subject`, then `after` once each measurement is taken (outside the measured time). */
function afterEach(subject: Subject, after: () => void): Subject {
  return {
    name: subject.name,
    measure: async () => {
      const value = await subject.measure();
      after();
      return value;
    },
  };
}

function listen(server: Server): Promise<string> {
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`),
    ),
  );
}

runBenchmark('emulator', async (bench) => {
  const sendEngine = new LocalTwoFactorEngine({ outbox: new LatestMessageOutbox() });
  const sendApp = await createUnlimitedApplication(sendEngine);
  const sendEmulator = await startEmulator({ engine: sendEngine });
  const outbox = new LatestMessageOutbox();
  const verifyEngine = new LocalTwoFactorEngine({ outbox });
  const verifyApp = await createUnlimitedApplication(verifyEngine);
  const verifyEmulator = await startEmulator({ engine: verifyEngine });
  const bare = bareJsonServer();
  const bareUrl = await listen(bare);
  const load = LoadGenerator.start();
  const prism = await startPrism();
  try {
    const sends: CycledRequest[] = Array.from({ length: SEND_DESTINATIONS }, (_, i) => ({
      path: '/2fa/2/pin',
      body: JSON.stringify({ ...sendApp, to: phoneNumber(i) }),
    }));
    const verifies: CycledRequest[] = [];
    for (let i = 0; i < VERIFY_PINS; i++) {
      const { pinId } = await verifyEngine.sendPinOverSms({ ...verifyApp, to: phoneNumber(i) });
      verifies.push({ path: `/2fa/2/pin/${pinId}/verify`, body: JSON.stringify({ pin: outbox.pin() }) });
    }
    const durationSeconds = bench.scale(2, 1);
    const connections = 16;
    const spec = (url: string, cycle: CycledRequest[], seconds = durationSeconds): LoadSpec => ({
      url,
      method: 'POST',
      // The emulator refuses requests without credentials, as Infobip does.
      headers: { authorization: 'App bench-api-key' },
      cycle,
      connections,
      durationSeconds: seconds,
    });

    // Warm-up: JIT of the server paths and of the load process.
    await load.run(spec(bareUrl, sends, 1));
    await load.run(spec(sendEmulator.url, sends, 1));
    forgetEverything(sendEngine);
    await load.run(spec(verifyEmulator.url, verifies, 1));
    if (prism) {
      await load.run(spec(prism.url, sends, 1));
      await load.run(spec(prism.url, verifies, 1));
    }
    const cpu = new Map<string, number[]>();
    const rounds = bench.steadyRounds;
    const samples = await interleave(
      rounds,
      [
        loadSubject('bare', load, spec(bareUrl, sends), cpu),
        afterEach(loadSubject('send', load, spec(sendEmulator.url, sends), cpu), () =>
          forgetEverything(sendEngine),
        ),
        loadSubject('verify', load, spec(verifyEmulator.url, verifies), cpu),
        ...(prism
          ? [
              loadSubject('prism_send', load, spec(prism.url, sends), cpu),
              loadSubject('prism_verify', load, spec(prism.url, verifies), cpu),
            ]
          : []),
      ],
      bench.log,
    );
    const [bareRates, sendRates, verifyRates] = ['bare', 'send', 'verify'].map((name) => samples.get(name)!);
    const cpuNote = (name: string): string => `server CPU ${median(cpu.get(name)!).toFixed(1)} µs/req`;
    bench.record({
      name: 'emulator.bare_http',
      value: median(bareRates),
      unit: 'req/s',
      note: `node:http + JSON.parse, ${connections} connections, ${durationSeconds} s x ${rounds}; ${cpuNote('bare')}`,
    });
    bench.record({
      name: 'emulator.send',
      value: median(sendRates),
      unit: 'req/s',
      note: `POST /2fa/2/pin; ${cpuNote('send')}`,
    });
    bench.record({
      name: 'emulator.verify',
      value: median(verifyRates),
      unit: 'req/s',
      note: `POST /2fa/2/pin/{pinId}/verify; ${cpuNote('verify')}`,
    });
    bench.ratio('send_ratio', medianRatio(sendRates, bareRates), 'emulator.bare_http', {
      op: '>=',
      value: 0.5,
    });
    bench.ratio('verify_ratio', medianRatio(verifyRates, bareRates), 'emulator.bare_http', {
      op: '>=',
      value: 0.5,
    });
    if (!prism) {
      bench.skip('emulator.prism', '@stoplight/prism-cli is not installed (npm install)');
      return;
    }
    const [prismSends, prismVerifies] = ['prism_send', 'prism_verify'].map((name) => samples.get(name)!);
    bench.record({
      name: 'emulator.prism_send',
      value: median(prismSends),
      unit: 'req/s',
      note: 'prism mock of the same OpenAPI spec, POST /2fa/2/pin',
    });
    bench.record({
      name: 'emulator.prism_verify',
      value: median(prismVerifies),
      unit: 'req/s',
      note: 'prism mock, POST /2fa/2/pin/{pinId}/verify',
    });
    bench.ratio('send_vs_prism', medianRatio(sendRates, prismSends), 'emulator.prism_send');
    bench.ratio('verify_vs_prism', medianRatio(verifyRates, prismVerifies), 'emulator.prism_verify');
  } finally {
    await prism?.stop();
    await load.close();
    const closed = new Promise<void>((resolve) => bare.close(() => resolve()));
    bare.closeAllConnections();
    await closed;
    await sendEmulator.close();
    await verifyEmulator.close();
    await sendEngine.close();
    await verifyEngine.close();
  }
});
