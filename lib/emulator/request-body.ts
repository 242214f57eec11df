import type { IncomingMessage } from 'node:http';
import { InfobipApiError } from '../infobip/infobip-api.error';
import { parseJsonKeepingInt64 } from '../infobip/int64-json';
import { isXmlMediaType, parseXmlBody } from './xml';

/** Default request body limit of the emulator: 64 KiB. */
export const DEFAULT_BODY_LIMIT_BYTES = 64 * 1024;

/**
 * Bytes of an oversized body the emulator still reads (and throws away) before
 * answering 413, so that the client, still sending, reads the answer instead of
 * a connection reset. Bodies announced or sent beyond this are cut off.
 */
const MAX_DISCARDED_BYTES = 1024 * 1024;

/** A request body read up to the limit. */
export type BodyReadResult =
  | { kind: 'ok'; bytes: Buffer }
  /** Over the limit; `drained` tells whether the whole body was read (the connection can close cleanly). */
  | { kind: 'too-large'; drained: boolean }
  /** The client went away. */
  | { kind: 'aborted' };

/** Reads the body of `req`, keeping at most `limit` bytes. */
export function readRequestBody(req: IncomingMessage, limit: number): Promise<BodyReadResult> {
  const declared = req.headers['content-length'];
  if (declared !== undefined && Number(declared) > limit + MAX_DISCARDED_BYTES) {
    return Promise.resolve({ kind: 'too-large', drained: false });
  }
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let received = 0;
    let discarded = 0;
    const cleanup = (): void => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onAbort);
      req.off('aborted', onAbort);
      req.off('close', onAbort);
    };
    const onData = (chunk: Buffer): void => {
      if (received + chunk.length <= limit && discarded === 0) {
        chunks.push(chunk);
        received += chunk.length;
        return;
      }
      discarded += chunk.length;
      if (discarded > MAX_DISCARDED_BYTES) {
        cleanup();
        req.pause();
        resolve({ kind: 'too-large', drained: false });
      }
    };
    const onEnd = (): void => {
      cleanup();
      if (discarded > 0) resolve({ kind: 'too-large', drained: true });
      else resolve({ kind: 'ok', bytes: chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, received) });
    };
    const onAbort = (): void => {
      cleanup();
      resolve({ kind: 'aborted' });
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onAbort);
    req.on('aborted', onAbort);
    req.on('close', onAbort);
  });
}

const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/**
 * Parses a request body strictly: JSON (the default) or XML (as the spec's
 * examples write it), valid UTF-8, well-formed. Whitespace-only bodies count
 * as absent (`undefined`).
 * @throws InfobipApiError 415 for another media type, 400 for malformed bodies.
 */
export function parseRequestBody(bytes: Buffer, contentType: string | undefined): unknown {
  if (bytes.length === 0) return undefined;
  let text: string;
  try {
    text = UTF8.decode(bytes);
  } catch {
    throw InfobipApiError.badRequest('Request body is not valid UTF-8');
  }
  if (text.trim() === '') return undefined;
  if (isJsonMediaType(contentType)) {
    try {
      return parseJsonKeepingInt64(text);
    } catch {
      throw InfobipApiError.badRequest('Request body is not valid JSON');
    }
  }
  if (isXmlMediaType(contentType)) return parseXmlBody(text);
  throw new InfobipApiError({
    status: 415,
    messageId: 'UNSUPPORTED_MEDIA_TYPE',
    text: 'Content-Type must be application/json or application/xml',
  });
}

/** `application/json` or any `+json` media type, parameters (charset) allowed. */
export function isJsonMediaType(contentType: string | undefined): boolean {
  if (!contentType) return false;
  const semicolon = contentType.indexOf(';');
  const type = (semicolon === -1 ? contentType : contentType.slice(0, semicolon)).trim().toLowerCase();
  return type === 'application/json' || (type.startsWith('application/') && type.endsWith('+json'));
}

/** Whether `value` is a plain JSON object (not an array, not null). */
export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
