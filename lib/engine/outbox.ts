import type { PinChannel } from '../infobip/infobip.types';

/**
 * A message the engine "sent". Only development outboxes ever see the PIN; the
 * engine's store keeps an HMAC of it, never the PIN itself.
 */
export interface OutboxMessage {
  pinId: string;
  applicationId: string;
  /** The template's id. */
  messageId: string;
  /** Destination: phone number (digits) or email address. */
  to: string;
  channel: PinChannel;
  /** The rendered message (`{{pin}}` and placeholders replaced). */
  text: string;
  pin: string;
  /** When it was sent, ISO 8601 (engine clock). */
  sentAt: string;
}

/** Where the engine delivers PIN messages instead of a real SMS, call or email. */
export interface Outbox {
  deliver(message: OutboxMessage): void | Promise<void>;
}
