import type { TwoFactorOperationName } from './emulator-fault.types';
import type { HttpMethod } from './emulator.router';

/** What a route handler receives. */
export interface EmulatorRequest {
  /** Decoded path parameters, in pattern order. */
  params: string[];
  /** Query parameters; empty unless the route declared `query: true`. */
  query: URLSearchParams;
  /**
   * Parsed JSON or XML body: an object for `body: 'required'`, an object or
   * `undefined` for `body: 'optional'`, always `undefined` for `body: 'none'`.
   */
  body: unknown;
}

/** One operation served by the emulator. */
export interface EmulatorRoute {
  /** Infobip's operationId (`send-2fa-pin-code-over-sms`) or `emulator-*` for development endpoints. */
  operationId: string;
  /** The `TwoFactorApi` method an API route serves; absent on development endpoints, which faults never match. */
  operation?: TwoFactorOperationName;
  /** Whether the operation takes an object body (JSON, or XML as the spec's examples write it). */
  body: 'none' | 'required' | 'optional';
  /** Whether the handler reads the query string. */
  query?: boolean;
  /** HTTP status of a success. 204 answers without a body. */
  status: number;
  /**
   * Root element of the answer in XML, named after the spec's response schema
   * (`VerifyPinResponse`). Absent on development endpoints, which answer JSON only.
   */
  xmlRoot?: string;
  /** Extra headers of a success (e.g. `Cache-Control`). */
  headers?: Readonly<Record<string, string>>;
  /** Resolves with the response body; throws `InfobipApiError` for Infobip's error answers. */
  handle(request: EmulatorRequest): unknown;
}

/** A route with its method and path pattern, ready for the router. */
export type EmulatorRouteDefinition = [method: HttpMethod, pattern: string, route: EmulatorRoute];

/** `true` for `'true'`, `false` for `'false'` (any case), `undefined` for anything else. */
export function parseQueryBoolean(value: string | null): boolean | undefined {
  if (value === null) return undefined;
  const lower = value.toLowerCase();
  if (lower === 'true') return true;
  if (lower === 'false') return false;
  return undefined;
}
