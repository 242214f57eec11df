import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { LocalTwoFactorEngine } from '../engine/local-two-factor.engine';
import { InfobipApiError } from '../infobip/infobip-api.error';
import { toJson } from '../infobip/int64-json';
import { apiRoutes } from './api.routes';
import { AccountLimits, CredentialsVerifier } from './access';
import { devRoutes } from './dev.routes';
import type { EmulatorRoute } from './emulator-route';
import { EmulatorFaults } from './emulator-faults';
import { EmulatorRouter } from './emulator.router';
import { answerFault } from './fault.responder';
import { faultRoutes } from './fault.routes';
import type { InfobipEmulatorOptions } from './infobip-emulator.options';
import { PendingDelays } from './pending-delays';
import {
  DEFAULT_BODY_LIMIT_BYTES,
  isJsonObject,
  parseRequestBody,
  readRequestBody,
  type BodyReadResult,
} from './request-body';
import { prefersXml, toXml, XML_CONTENT_TYPE } from './xml';

export type { InfobipEmulatorOptions } from './infobip-emulator.options';

const JSON_CONTENT_TYPE = 'application/json;charset=UTF-8';
const EMPTY_QUERY = new URLSearchParams();
const MAX_LOGGED_PATH = 200;

/**
 * Infobip's 2FA REST API (`/2fa/2/...`) served by the embedded engine, plus
 * development endpoints under `/_emulator` (sent messages with their PINs, clock,
 * fault injection).
 *
 * Same paths, bodies, status codes and error envelope as Infobip, so existing
 * Infobip clients work against it unchanged.
 *
 * @example
 * const emulator = new InfobipEmulator({ apiKey: 'dev-key' });
 * const baseUrl = await emulator.listen(4010);
 * // ... point any Infobip client at baseUrl ...
 * await emulator.close();
 */
export class InfobipEmulator {
  /** The engine behind the API. */
  readonly engine: LocalTwoFactorEngine;
  /** The underlying HTTP server (not listening until {@link listen}). */
  readonly server: Server;

  /**
   * Fault rules: the next requests matching a rule fail the way it says
   * (error status, HTML, broken JSON, delay, reset, corrupted answer). Also
   * managed over `POST/GET/DELETE /_emulator/faults`.
   */
  readonly faults = new EmulatorFaults();

  private readonly router = new EmulatorRouter<EmulatorRoute>();
  private readonly delays = new PendingDelays();
  /** Requests whose body is still arriving: a client that stops sending must not hold up close(). */
  private readonly reading = new Set<IncomingMessage>();
  private readonly ownsEngine: boolean;
  private readonly credentials: CredentialsVerifier;
  private readonly limits?: AccountLimits;
  private readonly bodyLimit: number;
  private readonly log?: (line: string) => void;
  private closing = false;
  private closed?: Promise<void>;

  constructor(options: InfobipEmulatorOptions = {}) {
    const { bodyLimitBytes = DEFAULT_BODY_LIMIT_BYTES } = options;
    if (!Number.isSafeInteger(bodyLimitBytes) || bodyLimitBytes <= 0) {
      throw new TypeError(`bodyLimitBytes must be a positive whole number, got ${bodyLimitBytes}`);
    }
    this.ownsEngine = !options.engine;
    this.engine = options.engine ?? new LocalTwoFactorEngine();
    this.credentials = new CredentialsVerifier(options);
    if (options.accountLimits) this.limits = new AccountLimits(this.engine.clock);
    this.bodyLimit = bodyLimitBytes;
    this.log = options.log;
    const routes = [...apiRoutes(this.engine), ...devRoutes(this.engine), ...faultRoutes(this.faults)];
    for (const [method, pattern, route] of routes) this.router.add(method, pattern, route);
    this.server = createServer((req, res) => void this.handle(req, res));
  }

  /**
   * Starts listening. Resolves with the base URL, e.g. `http://127.0.0.1:4010`.
   * @param port default 0: a free port
   * @param host default `127.0.0.1`
   */
  listen(port = 0, host = '127.0.0.1'): Promise<string> {
    return new Promise((resolve, reject) => {
      const onError = (error: Error): void => reject(error);
      this.server.once('error', onError);
      this.server.listen(port, host, () => {
        this.server.off('error', onError);
        resolve(this.url());
      });
    });
  }

  /** Base URL of the listening server. */
  url(): string {
    const address = this.server.address() as AddressInfo | null;
    if (!address) throw new Error('the emulator is not listening');
    const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    return `http://${host}:${address.port}`;
  }

  /**
   * Stops accepting connections, closes idle ones (requests in progress are
   * answered, with `Connection: close`; those held by a `delay` fault, and those
   * whose body is still arriving, are dropped without an answer), then closes
   * the engine when the emulator created it. Calling it again returns the same promise.
   */
  close(): Promise<void> {
    this.closed ??= this.shutDown();
    return this.closed;
  }

  private async shutDown(): Promise<void> {
    this.closing = true;
    // Held requests would keep their connections, and so close(), waiting.
    this.delays.cancelAll();
    for (const req of this.reading) req.destroy();
    if (this.server.listening) {
      await new Promise<void>((resolve, reject) => {
        this.server.close((error) => (error ? reject(error) : resolve()));
        this.server.closeIdleConnections();
      });
    }
    if (this.ownsEngine) await this.engine.close();
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = this.log ? performance.now() : 0;
    const url = req.url ?? '/';
    const mark = url.indexOf('?');
    const path = mark === -1 ? url : url.slice(0, mark);
    const xml = prefersXml(req.headers.accept);
    let status: number;
    let failure = '';
    try {
      status = await this.dispatch(req, res, path, mark === -1 ? '' : url.slice(mark + 1), xml);
    } catch (error) {
      status = this.sendError(res, error, xml);
      if (status === 500) failure = ` (${error instanceof Error ? error.name : typeof error})`;
    }
    if (this.log && status !== 0) {
      const shown = path.length > MAX_LOGGED_PATH ? `${path.slice(0, MAX_LOGGED_PATH)}...` : path;
      this.log(`${req.method} ${shown} ${status} ${(performance.now() - started).toFixed(1)}ms${failure}`);
    }
  }

  /** Answers the request; resolves with the status sent (0 when the client went away). */
  private async dispatch(
    req: IncomingMessage,
    res: ServerResponse,
    path: string,
    search: string,
    xml: boolean,
  ): Promise<number> {
    if (!this.credentials.allows(req.headers.authorization)) throw InfobipApiError.of(401);
    const match = this.router.match(req.method ?? '', path);
    if (match.kind === 'not-found') throw InfobipApiError.of(404);
    if (match.kind === 'method-not-allowed') {
      res.setHeader('Allow', match.allow);
      throw InfobipApiError.of(405);
    }
    const { route, params } = match;
    this.limits?.take(route.operationId);
    let bytes: Buffer | undefined;
    if (route.body !== 'none') {
      this.reading.add(req);
      let read: BodyReadResult;
      try {
        read = await readRequestBody(req, this.bodyLimit);
      } finally {
        this.reading.delete(req);
      }
      if (read.kind === 'aborted') return 0;
      if (read.kind === 'too-large') {
        // Closing is the only way to stop a client that is still sending.
        res.setHeader('Connection', 'close');
        throw InfobipApiError.of(413, `Request body exceeds ${this.bodyLimit} bytes`);
      }
      bytes = read.bytes;
    }
    const contentType = req.headers['content-type'];
    // The only cost of fault injection while no rule is active: one length check.
    const fault =
      this.faults.size === 0 || route.operation === undefined
        ? undefined
        : this.faults.take(req.method ?? '', path, route.operation);
    if (!fault)
      return this.answer(res, route, await this.run(route, params, search, bytes, contentType), xml);
    return answerFault(fault, {
      run: async () => this.run(route, params, search, bytes, contentType),
      answer: (result) => this.answer(res, route, result, xml),
      write: (answer) => this.write(res, answer.status, answer.body, answer.headers),
      wait: (ms) => this.delays.wait(ms, res),
      drop: () => {
        res.destroy();
        return 0;
      },
      xml,
    });
  }

  /** Checks the body against the route's needs and runs the operation: its answer, or the promise of it. */
  private run(
    route: EmulatorRoute,
    params: string[],
    search: string,
    bytes: Buffer | undefined,
    contentType: string | undefined,
  ): unknown {
    let body: unknown;
    if (bytes !== undefined) {
      body = parseRequestBody(bytes, contentType);
      if (body === undefined) {
        if (route.body === 'required') throw InfobipApiError.badRequest('Request body is required');
      } else if (!isJsonObject(body)) {
        throw InfobipApiError.badRequest('Request body must be a JSON object');
      }
    }
    const query = route.query && search ? new URLSearchParams(search) : EMPTY_QUERY;
    return route.handle({ params, query, body });
  }

  private answer(res: ServerResponse, route: EmulatorRoute, result: unknown, xml: boolean): number {
    const body = route.status === 204 ? undefined : result;
    return this.send(res, route.status, body, route.headers, xml ? route.xmlRoot : undefined);
  }

  private sendError(res: ServerResponse, error: unknown, xml: boolean): number {
    if (res.headersSent) {
      res.destroy();
      return 0;
    }
    let apiError: InfobipApiError;
    if (error instanceof InfobipApiError && error.status >= 400 && error.status <= 599) {
      apiError = error;
      if (error.retryAfterSeconds !== undefined) {
        res.setHeader('Retry-After', String(Math.max(1, Math.ceil(error.retryAfterSeconds))));
      }
    } else {
      // Never the message or stack of an unexpected error: it may quote a request.
      apiError = InfobipApiError.of(500);
    }
    return this.send(
      res,
      apiError.status,
      apiError.toResponseBody(),
      undefined,
      xml ? 'ApiException' : undefined,
    );
  }

  private send(
    res: ServerResponse,
    status: number,
    body: unknown,
    headers?: Readonly<Record<string, string>>,
    xmlRoot?: string,
  ): number {
    if (body === undefined) return this.write(res, status, undefined, headers);
    if (xmlRoot !== undefined) {
      res.setHeader('Content-Type', XML_CONTENT_TYPE);
      return this.write(res, status, toXml(xmlRoot, body), headers);
    }
    res.setHeader('Content-Type', JSON_CONTENT_TYPE);
    return this.write(res, status, toJson(body), headers);
  }

  private write(
    res: ServerResponse,
    status: number,
    payload: string | undefined,
    headers?: Readonly<Record<string, string>>,
  ): number {
    if (this.closing) res.setHeader('Connection', 'close');
    if (headers) for (const name in headers) res.setHeader(name, headers[name]);
    if (payload === undefined) {
      res.writeHead(status).end();
      return status;
    }
    res.setHeader('Content-Length', Buffer.byteLength(payload));
    res.writeHead(status).end(payload);
    return status;
  }
}
