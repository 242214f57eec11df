import { Agent, request } from 'node:http';

/** An answer, body parsed as JSON when it is JSON. */
export interface JsonResponse {
  status: number;
  body: unknown;
  /** `name=value` of the last `Set-Cookie`, if any. */
  cookie?: string;
}

/** A keep-alive JSON client for one loopback server, with a bounded number of sockets. */
export class JsonClient {
  private readonly agent: Agent;

  constructor(
    private readonly baseUrl: string,
    maxSockets = 16,
  ) {
    this.agent = new Agent({ keepAlive: true, maxSockets });
  }

  /**
   * Sends one request; `cookie` is sent as the `Cookie` header. `localAddress` picks the
   * client's loopback address (127.0.0.2, 127.0.0.3...), so the server sees several clients.
   */
  send(
    method: string,
    path: string,
    body?: unknown,
    cookie?: string,
    localAddress?: string,
  ): Promise<JsonResponse> {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const url = new URL(path, this.baseUrl);
    return new Promise((resolve, reject) => {
      const req = request(
        url,
        {
          method,
          agent: this.agent,
          ...(localAddress ? { localAddress } : {}),
          headers: {
            accept: 'application/json',
            ...(payload !== undefined
              ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }
              : {}),
            ...(cookie ? { cookie } : {}),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let parsed: unknown = text;
            if (text && (res.headers['content-type'] ?? '').includes('json')) parsed = JSON.parse(text);
            const setCookie = res.headers['set-cookie'];
            const last = setCookie?.[setCookie.length - 1];
            resolve({ status: res.statusCode ?? 0, body: parsed, cookie: last?.split(';')[0] });
          });
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(payload);
    });
  }

  /** Closes the idle sockets. */
  close(): void {
    this.agent.destroy();
  }
}

/** Throws unless `response` has `status`, quoting the body (which never holds a PIN here). */
export function expectStatus(response: JsonResponse, status: number, what: string): JsonResponse {
  if (response.status !== status) {
    throw new Error(`${what}: expected ${status}, got ${response.status} ${JSON.stringify(response.body)}`);
  }
  return response;
}
