import type { AdjustableClock, Clock } from '../engine/clock';
import type { Outbox, OutboxMessage } from '../engine/outbox';
import { InfobipApiError } from '../infobip/infobip-api.error';
import type { EmulatorRouteDefinition } from './emulator-route';

/** An outbox that keeps what it delivered, like the engine's `InMemoryOutbox`. */
export interface ReadableOutbox extends Outbox {
  list(to?: string): OutboxMessage[];
  clear(): void;
}

/** What the development endpoints need of the engine. */
export interface DevRoutesTarget {
  readonly clock: Clock;
  readonly outbox: Outbox;
}

const NO_STORE = { 'Cache-Control': 'no-store' } as const;

/**
 * Development endpoints under `/_emulator`, which Infobip does not have:
 * - `GET /_emulator/messages?to=DEST`: messages sent, oldest first (all when `to` is absent);
 * - `DELETE /_emulator/messages`: forgets them (204);
 * - `POST /_emulator/clock {"advanceMs": N}`: moves the engine's clock forward (204);
 * - `GET /_emulator/clock`: the engine's time;
 * - `GET /_emulator/health`: `{"status":"ok"}`.
 */
export function devRoutes(engine: DevRoutesTarget): EmulatorRouteDefinition[] {
  return [
    [
      'GET',
      '/_emulator/messages',
      {
        operationId: 'emulator-list-messages',
        body: 'none',
        query: true,
        status: 200,
        headers: NO_STORE,
        handle: ({ query }) =>
          readableOutbox(engine.outbox)
            .list(query.get('to') ?? undefined)
            .map(toWire),
      },
    ],
    [
      'DELETE',
      '/_emulator/messages',
      {
        operationId: 'emulator-clear-messages',
        body: 'none',
        status: 204,
        handle: () => readableOutbox(engine.outbox).clear(),
      },
    ],
    [
      'POST',
      '/_emulator/clock',
      {
        operationId: 'emulator-advance-clock',
        body: 'required',
        status: 204,
        handle: ({ body }) => {
          const advanceMs = (body as { advanceMs?: unknown }).advanceMs;
          if (typeof advanceMs !== 'number' || !Number.isSafeInteger(advanceMs) || advanceMs < 0) {
            throw InfobipApiError.badRequest(
              'advanceMs must be a non-negative whole number of milliseconds',
              {
                advanceMs: ['must be a non-negative safe integer'],
              },
            );
          }
          adjustableClock(engine.clock).advance(advanceMs);
        },
      },
    ],
    [
      'GET',
      '/_emulator/clock',
      {
        operationId: 'emulator-get-clock',
        body: 'none',
        status: 200,
        headers: NO_STORE,
        handle: () => {
          const now = engine.clock.now();
          return { now, iso: new Date(now).toISOString() };
        },
      },
    ],
    [
      'GET',
      '/_emulator/health',
      { operationId: 'emulator-health', body: 'none', status: 200, handle: () => ({ status: 'ok' }) },
    ],
  ];
}

/** A fresh object with the documented fields only, in a stable order. */
function toWire(message: OutboxMessage): OutboxMessage {
  const { pinId, applicationId, messageId, to, channel, text, pin, sentAt } = message;
  return { pinId, applicationId, messageId, to, channel, text, pin, sentAt };
}

function readableOutbox(outbox: Outbox): ReadableOutbox {
  const candidate = outbox as Partial<ReadableOutbox>;
  if (typeof candidate.list !== 'function' || typeof candidate.clear !== 'function') {
    throw notAvailable("the engine's outbox does not keep messages (give the engine an InMemoryOutbox)");
  }
  return outbox as ReadableOutbox;
}

function adjustableClock(clock: Clock): AdjustableClock {
  if (typeof (clock as Partial<AdjustableClock>).advance !== 'function') {
    throw notAvailable(
      "the engine's clock cannot be moved (give the engine an OffsetClock or a ManualClock)",
    );
  }
  return clock as AdjustableClock;
}

function notAvailable(text: string): InfobipApiError {
  return new InfobipApiError({ status: 501, messageId: 'NOT_IMPLEMENTED', text });
}
