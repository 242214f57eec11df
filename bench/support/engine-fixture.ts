import {
  InMemoryTwoFactorStore,
  type ApplicationConfiguration,
  type LocalTwoFactorEngine,
  type Outbox,
  type OutboxMessage,
  type TwoFactorApi,
} from 'nestjs-infobip-2fa';

/**
 * An application whose limits never refuse a benchmark: a PIN verifies again and again until
 * it expires, and sends and verifications are bounded only far beyond what a run produces.
 */
export const UNLIMITED_CONFIGURATION: ApplicationConfiguration = {
  pinAttempts: 10,
  allowMultiplePinVerifications: true,
  pinTimeToLive: '15m',
  verifyPinLimit: '1000000000/1s',
  sendPinPerApplicationLimit: '1000000000/1d',
  sendPinPerPhoneNumberLimit: '1000000000/1d',
};

/** Ids of an application and its SMS template. */
export interface BenchApplication {
  applicationId: string;
  messageId: string;
}

/** Creates an application with {@link UNLIMITED_CONFIGURATION} and a 6-digit SMS template. */
export async function createUnlimitedApplication(api: TwoFactorApi): Promise<BenchApplication> {
  const { applicationId } = await api.createApplication({
    name: 'bench',
    enabled: true,
    configuration: UNLIMITED_CONFIGURATION,
  });
  const { messageId } = await api.createMessageTemplate(applicationId, {
    pinType: 'NUMERIC',
    pinLength: 6,
    messageText: 'Your code is {{pin}}',
  });
  return { applicationId, messageId };
}

/** The `i`-th of many distinct, valid phone numbers (E.164 digits, 12 of them). */
export function phoneNumber(i: number): string {
  return `4179${String(i).padStart(8, '0')}`;
}

/** An outbox that keeps only the latest message: reading a PIN costs nothing measurable. */
export class LatestMessageOutbox implements Outbox {
  latest?: OutboxMessage;

  deliver(message: OutboxMessage): void {
    this.latest = message;
  }

  /** The PIN of the latest message. */
  pin(): string {
    if (!this.latest) throw new Error('no message was sent');
    return this.latest.pin;
  }
}

/**
 * Expires and sweeps every PIN and window of `engine` (its clock moves two days on): between
 * rounds, so that every round starts from the same state.
 */
export function forgetEverything(engine: LocalTwoFactorEngine): void {
  engine.clock.advance(2 * 86_400_000);
  if (engine.store instanceof InMemoryTwoFactorStore) engine.store.sweep(engine.clock.now());
}
