import { maskDestination } from './validation/destination';
import type { Outbox, OutboxMessage } from './outbox';

/** Options of {@link ConsoleOutbox}. */
export interface ConsoleOutboxOptions {
  /** Where lines go. Default `console.log`. */
  log?: (line: string) => void;
}

/**
 * Prints each message, PIN included, with the destination masked:
 * `[2fa outbox] sms to ******6727: Your code is 123456`. A development
 * convenience: never use it in production, where logs must not hold PINs.
 */
export class ConsoleOutbox implements Outbox {
  private readonly log: (line: string) => void;

  constructor(options: ConsoleOutboxOptions = {}) {
    this.log = options.log ?? ((line) => console.log(line));
  }

  deliver(message: OutboxMessage): void {
    this.log(`[2fa outbox] ${message.channel} to ${maskDestination(message.to)}: ${oneLine(message.text)}`);
  }
}

/** Keeps a message on one line, so a placeholder value can't forge log lines. */
function oneLine(text: string): string {
  return text.replace(/[\r\n\u2028\u2029]+/g, ' ');
}
