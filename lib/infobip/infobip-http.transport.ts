import axios, { type AxiosInstance, type AxiosResponse } from 'axios';
import { readFileSync } from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { normalizeInfobipBaseUrl } from './base-url';
import {
  errorFromAnswer,
  invalidResponse,
  networkError,
  parseSuccessBody,
  timeoutError,
  type RawAnswer,
} from './http-errors';
import { authorizationHeader, authSecrets, resolveInfobipAuth } from './infobip-auth';
import { InfobipApiError, TRANSPORT_ERROR_IDS } from './infobip-api.error';
import { toJson } from './int64-json';
import {
  DEFAULT_INFOBIP_MAX_READ_RETRIES,
  DEFAULT_INFOBIP_MAX_RETRY_DELAY_MS,
  DEFAULT_INFOBIP_RETRY_DELAY_MS,
  DEFAULT_INFOBIP_TIMEOUT_MS,
  type InfobipTwoFactorClientOptions,
} from './infobip-two-factor-client.options';

/** One HTTP exchange of a `TwoFactorApi` operation. */
export interface InfobipHttpRequest {
  /** `TwoFactorApi` method name, used in error messages (never the path, which holds ids). */
  operation: string;
  method: 'GET' | 'POST' | 'PUT';
  /** Path below the base URL, ids already encoded. */
  path: string;
  query?: Record<string, string>;
  body?: unknown;
  /** Shape the success body must have. */
  expect: 'object' | 'array';
  /** Further check of the success body; returns why it is unusable, or `undefined`. */
  check?: (body: Record<string, unknown>) => string | undefined;
}

const MAX_ANSWER_BYTES = 1024 * 1024;
// Shorter than common server keep-alive timeouts (Node's default is 5 s), so an
// idle socket is dropped by us before the server closes it under a new request.
const IDLE_SOCKET_MS = 4_000;

/**
 * Sends requests to Infobip and turns every outcome into a parsed body or an
 * `InfobipApiError`. Credentials live in private fields only, so neither
 * errors nor `util.inspect` of the client can show them.
 */
export class InfobipHttpTransport {
  readonly baseUrl: string;
  readonly #origin: string;
  readonly #authorization: string;
  readonly #secrets: string[];
  readonly #http: AxiosInstance;
  readonly #agents: { http: http.Agent; https: https.Agent };
  readonly #timeoutMs: number;
  readonly #maxReadRetries: number;
  readonly #retryDelayMs: number;
  readonly #maxRetryDelayMs: number;
  readonly #sleep: (ms: number) => Promise<void>;
  // Ends the waits between read attempts when the client closes: no timer outlives it.
  readonly #closing = new AbortController();
  #closed = false;

  constructor(options: InfobipTwoFactorClientOptions) {
    if (typeof options !== 'object' || options === null) {
      throw new TypeError('InfobipTwoFactorClient needs options: { baseUrl, apiKey }');
    }
    this.baseUrl = normalizeInfobipBaseUrl(options.baseUrl);
    this.#origin = new URL(this.baseUrl).origin;
    const auth = resolveInfobipAuth(options);
    this.#authorization = authorizationHeader(auth);
    this.#secrets = authSecrets(auth).filter((s) => s.length >= 4);
    this.#timeoutMs = positive(options.timeoutMs, 'timeoutMs', DEFAULT_INFOBIP_TIMEOUT_MS);
    this.#maxReadRetries = whole(options.maxReadRetries, 'maxReadRetries', DEFAULT_INFOBIP_MAX_READ_RETRIES);
    this.#retryDelayMs = whole(options.retryDelayMs, 'retryDelayMs', DEFAULT_INFOBIP_RETRY_DELAY_MS);
    this.#maxRetryDelayMs = whole(
      options.maxRetryDelayMs,
      'maxRetryDelayMs',
      DEFAULT_INFOBIP_MAX_RETRY_DELAY_MS,
    );
    if (options.sleep !== undefined && typeof options.sleep !== 'function') {
      throw new TypeError('sleep must be a function (ms) => Promise<void>');
    }
    this.#sleep = options.sleep ?? ((ms) => delay(ms, undefined, { signal: this.#closing.signal }));
    this.#agents = {
      http: new http.Agent({ keepAlive: true, timeout: IDLE_SOCKET_MS }),
      https: new https.Agent({ keepAlive: true, timeout: IDLE_SOCKET_MS }),
    };
    this.#http = axios.create({
      baseURL: this.baseUrl,
      allowAbsoluteUrls: false,
      httpAgent: this.#agents.http,
      httpsAgent: this.#agents.https,
      // Redirects are refused: following one could carry the Authorization header elsewhere.
      maxRedirects: 0,
      maxContentLength: MAX_ANSWER_BYTES,
      responseType: 'text',
      responseEncoding: 'utf8',
      transformRequest: [(data: unknown) => data],
      transformResponse: [(data: unknown) => data],
      validateStatus: () => true,
      headers: { Accept: 'application/json', 'User-Agent': USER_AGENT },
    });
  }

  /** Sends `req` (repeating reads as the options allow) and resolves with the parsed body. */
  async request<T>(req: InfobipHttpRequest): Promise<T> {
    const attempts = req.method === 'GET' ? 1 + this.#maxReadRetries : 1;
    for (let attempt = 0; ; attempt++) {
      try {
        return (await this.#once(req)) as T;
      } catch (error) {
        const wait = attempt + 1 < attempts ? this.#retryDelay(error, attempt) : undefined;
        if (wait === undefined) throw error;
        try {
          await this.#sleep(wait);
        } catch (interrupted) {
          // Closed while waiting: the next attempt fails as every call after close() does.
          if (!this.#closed) throw interrupted;
        }
      }
    }
  }

  /** Destroys the keep-alive sockets; later calls fail with `NETWORK_ERROR`. */
  close(): void {
    this.#closed = true;
    this.#closing.abort();
    this.#agents.http.destroy();
    this.#agents.https.destroy();
  }

  async #once(req: InfobipHttpRequest): Promise<unknown> {
    if (this.#closed) {
      throw new InfobipApiError({
        status: 0,
        messageId: TRANSPORT_ERROR_IDS.network,
        text: 'the client was closed',
        operation: req.operation,
      });
    }
    const query = req.query && Object.keys(req.query).length ? `?${new URLSearchParams(req.query)}` : '';
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.#timeoutMs);
    let response: AxiosResponse<string>;
    try {
      response = await this.#http.request<string>({
        method: req.method,
        url: req.path + query,
        data: req.body === undefined ? undefined : toJson(req.body),
        headers: {
          Authorization: this.#authorization,
          ...(req.body === undefined ? {} : { 'Content-Type': 'application/json' }),
        },
        signal: controller.signal,
      });
    } catch (error) {
      // The HTTP client's error holds the request configuration, headers included: keep only its code.
      if (controller.signal.aborted) throw timeoutError(req.operation, this.#origin, this.#timeoutMs);
      const code = (error as { code?: unknown }).code;
      if (code === 'ERR_BAD_RESPONSE' || code === 'ERR_FR_MAX_BODY_LENGTH_EXCEEDED') {
        throw new InfobipApiError({
          status: 0,
          messageId: TRANSPORT_ERROR_IDS.invalidResponse,
          text: `the answer could not be read (cut off, or over ${MAX_ANSWER_BYTES} bytes)`,
          operation: req.operation,
        });
      }
      throw networkError(req.operation, this.#origin, typeof code === 'string' ? code : undefined);
    } finally {
      clearTimeout(timer);
    }
    return this.#read(req, response);
  }

  #read(req: InfobipHttpRequest, response: AxiosResponse<string>): unknown {
    const headers = response.headers as { toJSON?: () => Record<string, unknown> };
    const answer: RawAnswer = {
      status: response.status,
      headers:
        typeof headers.toJSON === 'function'
          ? headers.toJSON()
          : (response.headers as Record<string, unknown>),
      body: typeof response.data === 'string' ? response.data : '',
    };
    if (answer.status < 200 || answer.status > 299) {
      throw errorFromAnswer(req.operation, answer, Date.now(), (text) => this.#scrub(text));
    }
    const body = parseSuccessBody(req.operation, answer);
    if (req.expect === 'array' && !Array.isArray(body))
      throw invalidResponse(req.operation, answer, 'is not a JSON array');
    if (req.expect === 'object' && Array.isArray(body))
      throw invalidResponse(req.operation, answer, 'is not a JSON object');
    const problem = req.check?.(body as Record<string, unknown>);
    if (problem) throw invalidResponse(req.operation, answer, problem);
    return body;
  }

  /** Milliseconds to wait before repeating a read, or `undefined` when it must not be repeated. */
  #retryDelay(error: unknown, attempt: number): number | undefined {
    if (!(error instanceof InfobipApiError) || this.#closed) return undefined;
    const transient =
      (error.status === 0 && error.messageId === TRANSPORT_ERROR_IDS.network) ||
      error.status === 429 ||
      error.status >= 500;
    if (!transient) return undefined;
    const backoff = Math.min(this.#retryDelayMs * 2 ** attempt, this.#maxRetryDelayMs);
    if (error.retryAfterSeconds === undefined) return backoff;
    const asked = error.retryAfterSeconds * 1000;
    // Repeating sooner than asked would only earn another 429: leave the decision to the caller.
    return asked > this.#maxRetryDelayMs ? undefined : Math.max(asked, backoff);
  }

  #scrub(text: string): string {
    return this.#secrets.reduce((out, secret) => out.split(secret).join('[REDACTED]'), text);
  }
}

function positive(value: number | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value <= 0)
    throw new TypeError(`${name} must be a positive number of milliseconds`);
  return value;
}

function whole(value: number | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 0) throw new TypeError(`${name} must be a whole number, 0 or more`);
  return value;
}

function packageVersion(): string {
  try {
    // Two levels up from lib/infobip (sources) and dist/infobip (build) alike.
    const pkg = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as {
      name?: unknown;
      version?: unknown;
    };
    return pkg.name === 'nestjs-infobip-2fa' && typeof pkg.version === 'string' ? pkg.version : 'unknown';
  } catch {
    return 'unknown';
  }
}

/** `User-Agent` of every request. */
export const USER_AGENT = `nestjs-infobip-2fa/${packageVersion()}`;
