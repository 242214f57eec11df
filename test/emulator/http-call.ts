import { Agent, request, type IncomingHttpHeaders } from 'node:http';

/**
 * An `Authorization` header for emulators started without credentials: they
 * accept any value of Infobip's four schemes, and refuse a request without one.
 */
export const ANY_CREDENTIAL: Readonly<Record<string, string>> = { Authorization: 'App any-key' };

/** A raw HTTP answer. */
export interface HttpAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
  /** The body parsed as JSON, or `undefined` when it is empty. */
  json: any;
}

/** What to send; `body` objects are sent as JSON with `Content-Type: application/json`. */
export interface HttpCall {
  method?: string;
  /** Sent as is (no normalisation), query string included. */
  path: string;
  headers?: Record<string, string>;
  body?: string | Buffer | object;
  agent?: Agent;
}

/**
 * One HTTP exchange with `node:http`, which sends the path exactly as given
 * (unlike `fetch`, which normalises it).
 */
export function httpCall(baseUrl: string, call: HttpCall): Promise<HttpAnswer> {
  const url = new URL(baseUrl);
  const headers: Record<string, string> = { ...call.headers };
  let payload: string | Buffer | undefined;
  if (call.body !== undefined) {
    if (typeof call.body === 'string' || Buffer.isBuffer(call.body)) payload = call.body;
    else {
      payload = JSON.stringify(call.body);
      headers['Content-Type'] ??= 'application/json';
    }
  }
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        method: call.method ?? 'GET',
        path: call.path,
        headers,
        agent: call.agent,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json: parseOrUndefined(text) });
        });
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

function parseOrUndefined(text: string): unknown {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
}
