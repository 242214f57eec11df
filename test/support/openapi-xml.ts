/**
 * The XML side of Infobip's OpenAPI spec: its XML examples, and XML bodies read
 * back into typed values (using the response schema) so that they can be
 * validated, and compared with JSON, like any JSON body.
 */
import { XMLParser } from 'fast-xml-parser';
import { resolveSchema, responseSchema, spec } from './openapi';

/** One example of the spec that exists in JSON and in XML under the same name. */
export interface PairedExample {
  operationId: string;
  /** `request`, or the response status (`200`, `4XX`, ...). */
  part: string;
  name: string;
  json: unknown;
  xml: string;
}

function pairs(content: any, operationId: string, part: string): PairedExample[] {
  const json = content?.['application/json'];
  const xml = content?.['application/xml'];
  if (!json || !xml) return [];
  if (json.examples && xml.examples) {
    return Object.keys(xml.examples)
      .filter((name) => json.examples[name] !== undefined)
      .map((name) => ({
        operationId,
        part,
        name,
        json: json.examples[name].value,
        xml: xml.examples[name].value,
      }));
  }
  if (json.example !== undefined && typeof xml.example === 'string') {
    return [{ operationId, part, name: 'example', json: json.example, xml: xml.example }];
  }
  return [];
}

/** Every example of the spec written in both JSON and XML, requests and responses (errors included). */
export function pairedExamples(): PairedExample[] {
  const found: PairedExample[] = [];
  for (const item of Object.values<any>(spec.paths)) {
    for (const op of Object.values<any>(item)) {
      if (!op?.operationId) continue;
      found.push(...pairs(op.requestBody?.content, op.operationId, 'request'));
      for (const [status, response] of Object.entries<any>(op.responses)) {
        const resolved = response.$ref
          ? spec.components.responses[response.$ref.split('/').pop() as string]
          : response;
        found.push(...pairs(resolved?.content, op.operationId, status));
      }
    }
  }
  return found;
}

/** Root element name of an XML document. */
export function xmlRoot(xml: string): string {
  const match = /^(?:<\?xml[^>]*\?>)?\s*<([A-Za-z_][\w.-]*)/.exec(xml);
  if (!match) throw new Error('not an XML document');
  return match[1];
}

const parser = new XMLParser({ ignoreAttributes: true, parseTagValue: false, ignoreDeclaration: true });

/**
 * An XML answer of `operationId` with `status`, read with the types of its
 * schema: numbers and booleans from their text, lists from their repeated
 * elements (`<item>` at the root, `<name><name>` inside). Text that does not fit
 * its type is kept as text, so that validation reports it.
 */
export function bodyFromXml(operationId: string, status: number, xml: string): unknown {
  const document = parser.parse(xml) as Record<string, unknown>;
  return typed(document[xmlRoot(xml)], responseSchema(operationId, status));
}

function typed(node: unknown, rawSchema: any): unknown {
  const schema = resolveSchema(rawSchema) ?? {};
  if (schema.type === 'array') {
    if (node === '' || node === undefined) return [];
    const values = Object.values(node as Record<string, unknown>);
    if (values.length !== 1) return node;
    const items = Array.isArray(values[0]) ? values[0] : [values[0]];
    return items.map((item) => typed(item, schema.items));
  }
  if (schema.type === 'object' || schema.properties) {
    if (node === '') return {};
    if (typeof node !== 'object' || node === null) return node;
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(node)) {
      out[key] = typed(value, schema.properties?.[key] ?? schema.additionalProperties);
    }
    return out;
  }
  if (typeof node !== 'string') return node;
  if (schema.type === 'integer' || schema.type === 'number') {
    return /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(node) ? Number(node) : node;
  }
  if (schema.type === 'boolean') return node === 'true' ? true : node === 'false' ? false : node;
  return node;
}
