import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { InfobipApiError } from './infobip-api.error';
import { InfobipTwoFactorClient } from './infobip-two-factor.client';

const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('InfobipHttpTransport', () => {
  let server: Server;
  let url: string;
  let answered: () => void;

  beforeAll(async () => {
    // Every read is answered "unavailable, come back in a minute".
    server = createServer((_req, res) => {
      res.on('finish', () => answered());
      res.writeHead(503, { 'Content-Type': 'application/json', 'Retry-After': '60' });
      res.end(JSON.stringify({ requestError: { serviceException: { messageId: 'E', text: 'down' } } }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('close() ends the wait before a repeated read: the call fails at once', async () => {
    const client = new InfobipTwoFactorClient({ baseUrl: url, apiKey: 'key', maxRetryDelayMs: 120_000 });
    const served = new Promise<void>((resolve) => (answered = resolve));
    let outcome: unknown = 'still waiting';
    const call = client.getApplications().then(
      () => (outcome = 'answered'),
      (error: unknown) => (outcome = error),
    );
    await served;
    // The client reads the 503 and starts waiting the minute Retry-After asks for.
    for (let i = 0; i < 20; i++) await turn();
    client.close();
    for (let i = 0; i < 20 && outcome === 'still waiting'; i++) await turn();
    // The closed-client error (or the 503 itself, had close() come before the wait began).
    expect(outcome).toBeInstanceOf(InfobipApiError);
    await call;
  });
});
