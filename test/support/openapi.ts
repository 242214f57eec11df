/**
 * Validation of HTTP requests and responses against Infobip's own OpenAPI 3.1
 * specification of the 2FA API (`test/fixtures/infobip-2fa-openapi.json`).
 *
 * OpenAPI 3.1 schemas are JSON Schema 2020-12, so they are compiled with Ajv's
 * 2020 dialect. Infobip's annotations (`example`, `readOnly`, `writeOnly`,
 * `format: int32`, ...) are accepted; the integer formats are enforced.
 */
import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The parsed specification (read-only by convention; helpers below return copies). */
export const spec: any = JSON.parse(
  readFileSync(join(__dirname, '..', 'fixtures', 'infobip-2fa-openapi.json'), 'utf8'),
);

/** An HTTP request as a server sees it. `body` is the parsed JSON, or `undefined` when none was sent. */
export interface RequestToValidate {
  method: string;
  /** URL path, optionally with a query string (ignored: pass `query`). */
  path: string;
  query: Record<string, string>;
  /** Header names in any case. */
  headers: Record<string, string | undefined>;
  body: unknown;
}

/** Extra checks beyond what the specification demands. */
export interface ValidateRequestOptions {
  /**
   * Also report what Infobip tolerates but a well-behaved client never sends:
   * a trailing slash on the path, body properties the schema does not name,
   * and a missing body where the schema has required fields. Default false.
   */
  strict?: boolean;
}

/** One operation of the specification. */
export interface SpecOperation {
  operationId: string;
  method: string;
  /** Templated path, e.g. `/2fa/2/pin/{pinId}/verify`. */
  path: string;
}

interface IndexedOperation extends SpecOperation {
  segments: string[];
  op: any;
  parameters: any[];
}

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'];
const BASE = 'https://spec.invalid/infobip-2fa.json';
const AUTH_SCHEMES = ['App', 'Basic', 'IBSSO', 'Bearer'];

const index: IndexedOperation[] = [];
for (const [path, item] of Object.entries<any>(spec.paths)) {
  for (const method of HTTP_METHODS) {
    const op = item[method];
    if (!op?.operationId) continue;
    const parameters = [...(item.parameters ?? []), ...(op.parameters ?? [])].map(deref);
    index.push({
      operationId: op.operationId,
      method: method.toUpperCase(),
      path,
      segments: split(path),
      op,
      parameters,
    });
  }
}

/** Every operation of the specification, in document order. */
export const operations: SpecOperation[] = index.map(({ operationId, method, path }) => ({
  operationId,
  method,
  path,
}));

/** Schemas with `unevaluatedProperties: false` added to every object that names its properties. */
function closeObjects(node: any): any {
  if (Array.isArray(node)) return node.map(closeObjects);
  if (!node || typeof node !== 'object') return node;
  const out: any = {};
  for (const [key, value] of Object.entries(node)) {
    out[key] = key === 'properties' ? mapValues(value as object, closeObjects) : closeObjects(value);
  }
  if (
    node.properties &&
    node.additionalProperties === undefined &&
    node.unevaluatedProperties === undefined
  ) {
    out.unevaluatedProperties = false;
  }
  return out;
}

function makeAjv(schemas: Record<string, unknown>): Ajv2020 {
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateSchema: false });
  addFormats(ajv);
  const int = (bits: number) => (n: number) =>
    Number.isInteger(n) && (bits === 32 ? n >= -(2 ** 31) && n < 2 ** 31 : Number.isSafeInteger(n));
  ajv.addFormat('int32', { type: 'number', validate: int(32) });
  ajv.addFormat('int64', { type: 'number', validate: int(64) });
  ajv.addFormat('double', { type: 'number', validate: (n: number) => Number.isFinite(n) });
  ajv.addFormat('float', { type: 'number', validate: (n: number) => Number.isFinite(n) });
  ajv.addSchema({ $id: BASE, components: { schemas } });
  return ajv;
}

const loose = makeAjv(spec.components.schemas);
const closed = makeAjv(mapValues(spec.components.schemas, closeObjects));
const compiled = new Map<string, ValidateFunction>();

/** A schema from the document, with its local `$ref`s pointed at the registered components. */
function compile(key: string, schema: unknown, strict: boolean): ValidateFunction {
  const cacheKey = `${strict ? 'strict' : 'loose'}:${key}`;
  let fn = compiled.get(cacheKey);
  if (!fn) {
    const absolute = rebase(strict ? closeObjects(schema) : schema);
    fn = (strict ? closed : loose).compile(absolute);
    compiled.set(cacheKey, fn);
  }
  return fn;
}

function rebase(node: any): any {
  if (Array.isArray(node)) return node.map(rebase);
  if (!node || typeof node !== 'object') return node;
  const out: any = {};
  for (const [key, value] of Object.entries(node)) {
    out[key] =
      key === '$ref' && typeof value === 'string' && value.startsWith('#/') ? BASE + value : rebase(value);
  }
  return out;
}

/** The object a local `$ref` points at (or the object itself). */
function deref(node: any): any {
  let current = node;
  for (let hops = 0; current?.$ref && hops < 10; hops++) {
    current = (current.$ref as string)
      .slice(2)
      .split('/')
      .reduce((at: any, part) => at?.[part.replace(/~1/g, '/').replace(/~0/g, '~')], spec);
  }
  return current;
}

/**
 * The operation a method and path address, with the path parameters decoded.
 * A single trailing slash is tolerated, as Infobip does.
 */
export function findOperation(
  method: string,
  path: string,
): { operationId: string; pathParams: Record<string, string> } | undefined {
  const found = match(method, path);
  return found && { operationId: found.entry.operationId, pathParams: found.pathParams };
}

function match(method: string, rawPath: string) {
  const segments = split(stripTrailingSlash(rawPath.split(/[?#]/)[0]));
  let best: { entry: IndexedOperation; pathParams: Record<string, string>; literals: number } | undefined;
  for (const entry of index) {
    if (entry.method !== method.toUpperCase() || entry.segments.length !== segments.length) continue;
    const pathParams: Record<string, string> = {};
    let literals = 0;
    const ok = entry.segments.every((part, i) => {
      const param = /^\{(.+)\}$/.exec(part);
      if (!param) return part === segments[i] && ++literals > 0;
      if (segments[i] === '') return false;
      pathParams[param[1]] = safeDecode(segments[i]);
      return true;
    });
    if (ok && (!best || literals > best.literals)) best = { entry, pathParams, literals };
  }
  return best;
}

/** Every problem of `req` against the specification; `errors` is empty when it conforms. */
export function validateRequest(
  req: RequestToValidate,
  options: ValidateRequestOptions = {},
): { operationId?: string; errors: string[] } {
  const errors: string[] = [];
  const path = req.path.split(/[?#]/)[0];
  const found = match(req.method, path);
  if (!found) {
    const other = index.filter((e) => match(e.method, path)?.entry === e).map((e) => e.method);
    errors.push(
      other.length
        ? `${req.method.toUpperCase()} is not allowed on ${path} (allowed: ${other.join(', ')})`
        : `no operation for ${req.method.toUpperCase()} ${path}`,
    );
    return { errors };
  }
  const { entry, pathParams } = found;
  if (options.strict && path.length > 1 && path.endsWith('/'))
    errors.push(`path ${path} has a trailing slash`);

  for (const p of entry.parameters.filter((x) => x.in === 'path')) {
    const value = pathParams[p.name];
    if (value === undefined || value === '') errors.push(`path parameter ${p.name} is missing`);
    else checkScalar(`path parameter ${p.name}`, value, p.schema, errors);
  }

  const declared = entry.parameters.filter((x) => x.in === 'query');
  for (const [name, value] of Object.entries(req.query)) {
    const p = declared.find((x) => x.name === name);
    if (!p) errors.push(`unknown query parameter ${name}`);
    else checkScalar(`query parameter ${name}`, value, p.schema, errors);
  }
  for (const p of declared) {
    if (p.required && req.query[p.name] === undefined) errors.push(`query parameter ${p.name} is required`);
  }

  const headers = lowerKeys(req.headers);
  checkAuthorization(headers.authorization, errors);

  const requestBody = deref(entry.op.requestBody);
  if (req.body !== undefined) {
    const contentType = (headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
    if (contentType !== 'application/json') {
      errors.push(`Content-Type must be application/json when a body is sent, got ${contentType || 'none'}`);
    }
    if (!requestBody) errors.push(`${entry.operationId} takes no request body`);
    else {
      const schema = requestBody.content?.['application/json']?.schema;
      const validate = compile(`${entry.operationId}:request`, schema, options.strict === true);
      if (!validate(req.body)) errors.push(...format(validate.errors, 'body'));
    }
  } else if (requestBody?.required) {
    errors.push(`${entry.operationId} requires a request body`);
  } else if (requestBody && options.strict) {
    const schema = deref(requestBody.content?.['application/json']?.schema?.allOf?.[0] ?? {});
    if (schema?.required?.length) errors.push(`${entry.operationId} was sent without a body`);
  }
  return { operationId: entry.operationId, errors };
}

/**
 * Problems of a response body against the schema of `status` for the
 * operation (falling back to `4XX` / `5XX` / `default`); empty when it conforms.
 */
export function validateResponse(operationId: string, status: number, body: unknown): string[] {
  const { key, response } = responseFor(operationId, status);
  if (!response) return [`status ${status} is not documented for ${operationId}`];
  const schema = response.content?.['application/json']?.schema;
  if (!schema)
    return body === undefined || body === '' ? [] : [`status ${status} of ${operationId} has no body`];
  const validate = compile(`${operationId}:${key}`, schema, false);
  return validate(body) ? [] : format(validate.errors, 'response');
}

/** The schema of the response of `operationId` with `status` (dereferenced once), or `undefined`. */
export function responseSchema(operationId: string, status: number): any {
  return deref(responseFor(operationId, status).response?.content?.['application/json']?.schema);
}

/** Follows `$ref`s (and a single `allOf`) to the schema they name. */
export function resolveSchema(schema: any): any {
  let current = deref(schema);
  while (current?.allOf?.length === 1 && !current.properties) current = deref(current.allOf[0]);
  return current;
}

/**
 * A copy of the specification's own example (the first one) for the response
 * of `operationId` with `status` (default: its success status). For error
 * statuses without an example of their own, Infobip's shared `ApiException<status>` example.
 */
export function exampleResponse(operationId: string, status?: number): unknown {
  const wanted = status ?? successStatus(operationId);
  const media = responseFor(operationId, wanted).response?.content?.['application/json'];
  let example = media && firstExample(media);
  if (example === undefined) {
    const shared = spec.components.responses?.[`ApiException${wanted}`]?.content?.['application/json'];
    example = shared && firstExample(shared);
  }
  if (example === undefined) throw new Error(`the specification has no example for ${operationId} ${wanted}`);
  return structuredClone(example);
}

/** The 2xx status the specification documents for `operationId` (e.g. 201 for create application). */
export function successStatus(operationId: string): number {
  const entry = operationById(operationId);
  const codes = Object.keys(entry.op.responses)
    .filter((code) => /^2\d\d$/.test(code))
    .map(Number)
    .sort((a, b) => a - b);
  if (!codes.length) throw new Error(`${operationId} documents no success status`);
  return codes[0];
}

function operationById(operationId: string): IndexedOperation {
  const entry = index.find((e) => e.operationId === operationId);
  if (!entry) throw new Error(`unknown operationId ${operationId}`);
  return entry;
}

function responseFor(operationId: string, status: number): { key: string; response: any } {
  const responses = operationById(operationId).op.responses;
  for (const key of [String(status), `${String(status)[0]}XX`, 'default']) {
    if (responses[key]) return { key, response: deref(responses[key]) };
  }
  return { key: String(status), response: undefined };
}

function firstExample(media: any): unknown {
  if (media.example !== undefined) return media.example;
  const first = Object.values<any>(media.examples ?? {})[0];
  return first === undefined ? undefined : deref(first).value;
}

function checkScalar(what: string, value: string, schema: any, errors: string[]): void {
  const type = deref(schema)?.type;
  if (type === 'boolean' && value !== 'true' && value !== 'false') {
    errors.push(`${what} must be true or false, got ${JSON.stringify(value)}`);
  } else if (type === 'integer' && !/^-?\d+$/.test(value)) {
    errors.push(`${what} must be an integer, got ${JSON.stringify(value)}`);
  } else if (type === 'number' && !Number.isFinite(Number(value))) {
    errors.push(`${what} must be a number, got ${JSON.stringify(value)}`);
  } else if (deref(schema)?.enum && !deref(schema).enum.includes(value)) {
    errors.push(`${what} must be one of ${deref(schema).enum.join(', ')}`);
  }
}

function checkAuthorization(value: string | undefined, errors: string[]): void {
  if (!value) {
    errors.push('Authorization header is missing');
    return;
  }
  const m = /^(\S+) (\S+)$/.exec(value);
  if (!m || !AUTH_SCHEMES.includes(m[1])) {
    errors.push(`Authorization header must be "<${AUTH_SCHEMES.join('|')}> <credentials>"`);
  } else if (m[1] === 'Basic' && !Buffer.from(m[2], 'base64').toString('utf8').includes(':')) {
    errors.push('Basic credentials must be base64 of "username:password"');
  }
}

function format(errors: ErrorObject[] | null | undefined, root: string): string[] {
  return (errors ?? []).map((e) => {
    const at = `${root}${e.instancePath.replace(/\//g, '.')}`;
    const params = e.params as Record<string, unknown>;
    if (e.keyword === 'enum') return `${at} must be one of ${(params.allowedValues as unknown[]).join(', ')}`;
    if (e.keyword === 'unevaluatedProperties' || e.keyword === 'additionalProperties') {
      return `${at} has unknown property ${String(params.unevaluatedProperty ?? params.additionalProperty)}`;
    }
    return `${at} ${e.message}`;
  });
}

function split(path: string): string[] {
  return path.split('/').slice(1);
}

function stripTrailingSlash(path: string): string {
  return path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function lowerKeys(headers: Record<string, string | undefined>): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
}

function mapValues<T extends object>(obj: T, fn: (value: any) => any): any {
  return Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, fn(v)]));
}
