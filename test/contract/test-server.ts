import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request as the server received it. */
export interface SeenRequest {
  method: string;
  /** Raw path as sent, without the query string (still percent-encoded). */
  rawPath: string;
  query: Record<string, string>;
  headers: Record<string, string | undefined>;
  /** Parsed JSON body, or `undefined` when none was sent. */
  body: unknown;
  rawBody: string;
  /** Client port: equal for requests that reused a keep-alive connection. */
  remotePort: number | undefined;
}

/** What a test server answers; may leave `res` unanswered to simulate a server that hangs. */
export type Handler = (req: SeenRequest, res: ServerResponse) => void;

/** A real HTTP server on 127.0.0.1 and a free port, recording every request. */
export interface TestServer {
  url: string;
  server: Server;
  requests: SeenRequest[];
  handler: Handler;
  close(): Promise<void>;
}

/** Starts a recording server answering with `handler` (replaceable through `.handler`). */
export async function startTestServer(handler: Handler): Promise<TestServer> {
  const state: TestServer = {
    url: '',
    server: createServer((req, res) => void receive(state, req, res)),
    requests: [],
    handler,
    close: async () => {
      state.server.closeAllConnections();
      await new Promise<void>((resolve) => state.server.close(() => resolve()));
    },
  };
  await new Promise<void>((resolve) => state.server.listen(0, '127.0.0.1', resolve));
  state.url = `http://127.0.0.1:${(state.server.address() as AddressInfo).port}`;
  return state;
}

/** Answers `status` with `body` as JSON (or as-is when a string). */
export function answer(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
  res.end(text);
}

async function receive(state: TestServer, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const rawBody = Buffer.concat(chunks).toString('utf8');
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  let body: unknown;
  try {
    body = rawBody === '' ? undefined : JSON.parse(rawBody);
  } catch {
    body = rawBody;
  }
  const headers: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  const seen: SeenRequest = {
    method: req.method ?? '',
    rawPath: (req.url ?? '/').split('?')[0],
    query: Object.fromEntries(url.searchParams),
    headers,
    body,
    rawBody,
    remotePort: req.socket.remotePort,
  };
  state.requests.push(seen);
  state.handler(seen, res);
}

/** A port nothing listens on (bound, then released). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
