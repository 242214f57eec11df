import { XMLBuilder, XMLParser, XMLValidator } from 'fast-xml-parser';
import { InfobipApiError } from '../../infobip/infobip-api.error';
import { int64FromDigits } from '../../infobip/int64-json';

/** Content type of the emulator's XML answers, as Infobip sends it. */
export const XML_CONTENT_TYPE = 'application/xml;charset=UTF-8';

const DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>';

/**
 * Fields of the request schemas that are not strings, by path. XML carries only
 * text; these are read back as the spec types them (`<pinLength>4</pinLength>`
 * is the number 4). Text that does not fit the type stays text, so the engine
 * answers its usual 400 for it. Placeholder maps are never converted.
 */
const BOOLEANS = new Set(['enabled', 'trackDelivery', 'configuration.allowMultiplePinVerifications']);
const NUMBERS = new Set(['pinLength', 'speechRate', 'configuration.pinAttempts']);
const INT64S = new Set(['emailTemplateId']);
/** Fields the spec types `double`: written `1.0`, as Infobip (Java) writes them. */
const DOUBLES = new Set(['speechRate']);
const OBJECTS = new Set([
  'configuration',
  'placeholders',
  'landingPagePlaceholders',
  'regional',
  'regional.indiaDlt',
]);
const NUMBER_TEXT = /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/;
/** `htmlEntities` also decodes character references (`&#65;`, `&#x42;`), which XML has. */
const PARSER_OPTIONS = {
  ignoreAttributes: true,
  parseTagValue: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  htmlEntities: true,
};
const NAME_START = /^[A-Za-z_]/;
const NOT_NAME_CHARS = /[^A-Za-z0-9_.-]/g;

/** `application/xml`, `text/xml` or any `+xml` media type, parameters allowed. */
export function isXmlMediaType(contentType: string | undefined): boolean {
  if (!contentType) return false;
  const semicolon = contentType.indexOf(';');
  const type = (semicolon === -1 ? contentType : contentType.slice(0, semicolon)).trim().toLowerCase();
  return (
    type === 'application/xml' ||
    type === 'text/xml' ||
    (type.startsWith('application/') && type.endsWith('+xml'))
  );
}

/**
 * Whether an `Accept` header asks for XML rather than JSON: an XML type with a
 * higher quality than every JSON type (`*` wildcards count as JSON), or the same
 * quality and listed first. JSON is the answer without the header.
 */
export function prefersXml(accept: string | undefined): boolean {
  // The common case costs one substring search.
  if (!accept || !accept.includes('xml')) return false;
  let xml = 0;
  let json = 0;
  let xmlFirst = false;
  for (const range of accept.split(',')) {
    const [type, ...parameters] = range.split(';');
    const media = type.trim().toLowerCase();
    let quality = 1;
    for (const parameter of parameters) {
      const [name, value] = parameter.split('=');
      if (name.trim().toLowerCase() === 'q') quality = Number(value) || 0;
    }
    if (media === 'application/xml' || media === 'text/xml') {
      if (quality > xml) xml = quality;
      if (json === 0 && quality > 0) xmlFirst = true;
    } else if (
      media === 'application/json' ||
      media === 'application/*' ||
      media === '*/*' ||
      media.endsWith('+json')
    ) {
      if (quality > json) json = quality;
    }
  }
  return xml > json || (xml > 0 && xml === json && xmlFirst);
}

/**
 * Reads an XML request body the way the spec's examples write it: one root
 * element (its name is not checked, as for any client library's class name),
 * one child element per field. Documents with a DTD are refused: no entity of
 * a request is ever expanded.
 * @throws InfobipApiError 400 for malformed XML or a DTD.
 */
export function parseXmlBody(text: string): Record<string, unknown> {
  if (text.includes('<!DOCTYPE') || text.includes('<!ENTITY')) {
    throw InfobipApiError.badRequest('Request body must not contain a DTD');
  }
  let document: Record<string, unknown>;
  try {
    if (XMLValidator.validate(text) !== true) throw new Error('not well-formed');
    // The parser also refuses element names such as __proto__.
    document = new XMLParser(PARSER_OPTIONS).parse(text) as Record<string, unknown>;
  } catch {
    throw InfobipApiError.badRequest('Request body is not valid XML');
  }
  const roots = Object.keys(document);
  if (roots.length !== 1) throw InfobipApiError.badRequest('Request body must have one root element');
  const root = document[roots[0]];
  if (root === '') return {};
  if (typeof root !== 'object' || root === null || Array.isArray(root)) {
    throw InfobipApiError.badRequest('Request body must be an XML element with one child element per field');
  }
  return typed(root as Record<string, unknown>, '');
}

function typed(element: Record<string, unknown>, prefix: string): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(element)) {
    fields[name] = typedValue(value, prefix + name);
  }
  return fields;
}

function typedValue(value: unknown, path: string): unknown {
  if (OBJECTS.has(path)) {
    if (value === '') return {};
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      return path === 'placeholders' || path === 'landingPagePlaceholders'
        ? { ...(value as Record<string, unknown>) }
        : typed(value as Record<string, unknown>, `${path}.`);
    }
    return value;
  }
  if (typeof value !== 'string') return value;
  if (BOOLEANS.has(path)) return value === 'true' ? true : value === 'false' ? false : value;
  if (NUMBERS.has(path)) return NUMBER_TEXT.test(value) ? Number(value) : value;
  if (INT64S.has(path)) return int64FromDigits(value) ?? value;
  return value;
}

const builder = new XMLBuilder({
  format: true,
  indentBy: '  ',
  ignoreAttributes: true,
  suppressEmptyNode: false,
});

/**
 * Writes `body` as the spec's examples do: a root element named after the
 * schema (`<VerifyPinResponse>`), a list as `<item>` elements (`<Messages><item>`),
 * a list field as its name inside its name (`<verifications><verifications>`).
 */
export function toXml(root: string, body: unknown): string {
  const content = Array.isArray(body) ? (body.length === 0 ? '' : { item: body.map(tree) }) : tree(body);
  return `${DECLARATION}${builder.build({ [root]: content }) as string}`;
}

function tree(value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map(tree);
  const element: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) {
    if (field === undefined || field === null) continue;
    const name = elementName(key);
    if (Array.isArray(field)) element[name] = field.length === 0 ? '' : { [name]: field.map(tree) };
    else if (DOUBLES.has(key) && Number.isInteger(field)) element[name] = `${field as number}.0`;
    else element[name] = tree(field);
  }
  return element;
}

/** Keys that are not XML names (a validation error's path could be any text) become names. */
function elementName(key: string): string {
  const name = key.replace(NOT_NAME_CHARS, '_');
  return NAME_START.test(name) ? name : `_${name}`;
}
