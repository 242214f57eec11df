import type { PinChannel } from '../../infobip/infobip.types';
import type { PinRecord } from '../two-factor-store.interface';

/**
 * A {@link PinRecord} as the field/value pairs of a Redis hash. Field names are
 * the record's (the Lua scripts read them by name); `verifyLimit` is split in
 * `verifyLimitCount` and `verifyLimitWindowMs`, booleans are `1`/`0`, and
 * `verifiedAt` is absent until the first successful verification. Like the
 * record, it holds nothing of the PIN.
 */
export function pinToHash(pin: PinRecord): string[] {
  const fields = [
    'pinId',
    pin.pinId,
    'applicationId',
    pin.applicationId,
    'messageId',
    pin.messageId,
    'channel',
    pin.channel,
    'to',
    pin.to,
    'sentAt',
    String(pin.sentAt),
    'expiresAt',
    String(pin.expiresAt),
    'keepUntil',
    String(pin.keepUntil),
    'attemptsRemaining',
    String(pin.attemptsRemaining),
    'allowMultipleVerifications',
    pin.allowMultipleVerifications ? '1' : '0',
    'verifyLimitCount',
    String(pin.verifyLimit.count),
    'verifyLimitWindowMs',
    String(pin.verifyLimit.windowMs),
  ];
  if (pin.verifiedAt !== undefined) fields.push('verifiedAt', String(pin.verifiedAt));
  return fields;
}

/** The record of a hash read with `HGETALL`, as an object or a flat array; `undefined` when empty. */
export function pinFromHash(hash: Record<string, string> | string[]): PinRecord | undefined {
  const h = Array.isArray(hash) ? pairs(hash) : hash;
  if (h.pinId === undefined || h.keepUntil === undefined) return undefined;
  const pin: PinRecord = {
    pinId: h.pinId,
    applicationId: h.applicationId,
    messageId: h.messageId,
    channel: h.channel as PinChannel,
    to: h.to,
    sentAt: Number(h.sentAt),
    expiresAt: Number(h.expiresAt),
    keepUntil: Number(h.keepUntil),
    attemptsRemaining: Number(h.attemptsRemaining),
    allowMultipleVerifications: h.allowMultipleVerifications === '1',
    verifyLimit: { count: Number(h.verifyLimitCount), windowMs: Number(h.verifyLimitWindowMs) },
  };
  if (h.verifiedAt !== undefined) pin.verifiedAt = Number(h.verifiedAt);
  return pin;
}

function pairs(flat: string[]): Record<string, string> {
  const record: Record<string, string> = {};
  for (let i = 0; i + 1 < flat.length; i += 2) record[flat[i]] = flat[i + 1];
  return record;
}
