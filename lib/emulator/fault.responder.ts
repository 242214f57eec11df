import { STATUS_CODES } from 'node:http';
import { InfobipApiError } from '../infobip/infobip-api.error';
import type { ActiveEmulatorFault } from './emulator-fault.types';
import { FAULT_OPERATIONS } from './fault-rule.parser';
import { toXml, XML_CONTENT_TYPE } from './xml';

/** What {@link answerFault} can do with the request it answers. */
export interface FaultedExchange {
  /** Runs the operation on the engine (body checks included); rejects with its error answer. */
  run(): Promise<unknown>;
  /** Sends the operation's success answer; resolves with the status sent. */
  answer(result: unknown): number;
  /** Sends another answer. */
  write(answer: FaultAnswer): number;
  /** Resolves `true` after `ms`, `false` when the client went away or the emulator is closing. */
  wait(ms: number): Promise<boolean>;
  /** Closes the connection without an answer; returns 0. */
  drop(): number;
  /** Whether the client asked for XML (Infobip's envelope is then written in XML). */
  xml: boolean;
}

/**
 * Answers a request taken by a fault rule, calling the engine only when the
 * rule says so (see `EmulatorFaultRule.after`). Resolves with the status sent,
 * 0 when none was; rejects with the operation's error when it is answered as is.
 */
export async function answerFault(fault: ActiveEmulatorFault, exchange: FaultedExchange): Promise<number> {
  if (FAULT_OPERATIONS[fault.fault]) return exchange.answer(changedAnswer(fault, await exchange.run()));
  let outcome: { ok: true; value: unknown } | { ok: false; error: unknown } | undefined;
  if (fault.after) {
    try {
      outcome = { ok: true, value: await exchange.run() };
    } catch (error) {
      outcome = { ok: false, error };
    }
  }
  if (fault.fault === 'delay') {
    // Without `after`, a client that gave up never reaches the engine.
    if (!(await exchange.wait(fault.delayMs ?? 0))) return exchange.drop();
    if (!outcome) return exchange.answer(await exchange.run());
    if (!outcome.ok) throw outcome.error;
    return exchange.answer(outcome.value);
  }
  if (fault.fault === 'reset') return exchange.drop();
  return exchange.write(faultAnswer(fault, exchange.xml));
}

/** An answer written in place of the operation's. */
export interface FaultAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

const JSON_TYPE = 'application/json;charset=UTF-8';
const ANOTHER_NUMBER = '0000000000';

/**
 * The answer of a `status`, `html`, `malformed_json` or `empty_body` fault:
 * Infobip's error envelope (in XML when `xml`), a proxy's HTML page, JSON cut off in the middle,
 * or nothing, with the rule's status and `Retry-After`.
 */
export function faultAnswer(fault: ActiveEmulatorFault, xml = false): FaultAnswer {
  const status = fault.status ?? 500;
  const headers: Record<string, string> = {};
  if (fault.retryAfterSeconds !== undefined) headers['Retry-After'] = String(fault.retryAfterSeconds);
  switch (fault.fault) {
    case 'status': {
      const standard = InfobipApiError.of(status);
      const error = new InfobipApiError({
        status,
        messageId: fault.messageId ?? standard.messageId,
        text: fault.text ?? standard.text,
      });
      if (xml) {
        return {
          status,
          headers: { ...headers, 'Content-Type': XML_CONTENT_TYPE },
          body: toXml('ApiException', error.toResponseBody()),
        };
      }
      return {
        status,
        headers: { ...headers, 'Content-Type': JSON_TYPE },
        body: JSON.stringify(error.toResponseBody()),
      };
    }
    case 'html': {
      const title = `${status} ${STATUS_CODES[status] ?? 'Error'}`;
      return {
        status,
        headers: { ...headers, 'Content-Type': 'text/html; charset=utf-8' },
        body: `<html><head><title>${title}</title></head><body><center><h1>${title}</h1></center></body></html>\n`,
      };
    }
    case 'malformed_json':
      return {
        status,
        headers: { ...headers, 'Content-Type': JSON_TYPE },
        body: '{"pinId":"9C817C74F5B0E1E1C8D7","to":',
      };
    default:
      return { status, headers: { ...headers, 'Content-Type': JSON_TYPE }, body: '' };
  }
}

/**
 * The operation's answer as an answer-changing fault corrupts it: `verified` as
 * the string `"true"` or left out, or another number in `msisdn` / `to`.
 * Returns a new object; the engine's answer is not touched.
 */
export function changedAnswer(fault: ActiveEmulatorFault, answer: unknown): unknown {
  if (typeof answer !== 'object' || answer === null || Array.isArray(answer)) return answer;
  const changed: Record<string, unknown> = { ...answer };
  switch (fault.fault) {
    case 'verified_string':
      changed.verified = 'true';
      break;
    case 'verified_missing':
      delete changed.verified;
      break;
    case 'msisdn_mismatch':
      for (const field of ['msisdn', 'to']) {
        if (typeof changed[field] === 'string') changed[field] = anotherNumber(changed[field]);
      }
      if (Array.isArray(changed.verifications)) {
        changed.verifications = changed.verifications.map((item: unknown) =>
          typeof item === 'object' && item !== null
            ? { ...item, msisdn: anotherNumber((item as { msisdn?: unknown }).msisdn) }
            : item,
        );
      }
      break;
  }
  return changed;
}

/** Every digit moved up by one (9 becomes 0): same length, never the same number. */
export function anotherNumber(value: unknown): string {
  if (typeof value !== 'string' || !/\d/.test(value)) return ANOTHER_NUMBER;
  return value.replace(/\d/g, (digit) => String((Number(digit) + 1) % 10));
}
