import { InfobipApiError } from '../../infobip/infobip-api.error';
import type { ApplicationConfiguration, CreateSmsOrVoiceMessageRequest } from '../../infobip/infobip.types';
import type { TwoFactorApi } from '../../infobip/two-factor-api.interface';
import type { InMemoryOutbox } from '../in-memory.outbox';
import type { LocalTwoFactorEngine } from '../local-two-factor.engine';

/**
 * What {@link describeEngineSemantics} needs of an implementation of Infobip's
 * semantics: the engine in process, the emulator over HTTP, the engine on
 * another store.
 */
export interface EngineHarness {
  /** The 18 operations under test. */
  api: TwoFactorApi;
  /** Moves the implementation's clock forward (TTLs and limit windows follow). */
  clock: { advance(ms: number): void | Promise<void> };
  /** The PIN last delivered to `to` (as given to send), if any. */
  latestPin(to: string): string | undefined | Promise<string | undefined>;
  /** Releases what the harness started. */
  close(): Promise<void>;
}

/** A harness over an engine in this process and the in-memory outbox it delivers to. */
export function engineHarness(engine: LocalTwoFactorEngine, outbox: InMemoryOutbox): EngineHarness {
  return {
    api: engine,
    clock: engine.clock,
    latestPin: (to) => outbox.latest(to)?.pin,
    close: () => engine.close(),
  };
}

/** The error a call failed with; fails the test when the call succeeded or threw something else. */
export async function failure(call: Promise<unknown>): Promise<InfobipApiError> {
  try {
    await call;
  } catch (error) {
    expect(error).toBeInstanceOf(InfobipApiError);
    return error as InfobipApiError;
  }
  throw new Error('expected the call to fail with an InfobipApiError, it succeeded');
}

/** Asserts a 400 whose validation errors name exactly `paths` (more messages per path allowed). */
export async function expectBadRequest(call: Promise<unknown>, ...paths: string[]): Promise<InfobipApiError> {
  const error = await failure(call);
  expect(error.status).toBe(400);
  if (paths.length > 0) expect(Object.keys(error.validationErrors ?? {}).sort()).toEqual([...paths].sort());
  return error;
}

/** An application with an SMS template, ready to send. */
export async function smsSetup(
  api: TwoFactorApi,
  configuration: ApplicationConfiguration = {},
  template: Partial<CreateSmsOrVoiceMessageRequest> = {},
): Promise<{ applicationId: string; messageId: string }> {
  const { applicationId } = await api.createApplication({ name: 'semantics', configuration });
  const { messageId } = await api.createMessageTemplate(applicationId, {
    pinType: 'NUMERIC',
    pinLength: 6,
    messageText: 'Your code is {{pin}}',
    ...template,
  });
  return { applicationId, messageId };
}

/** Destinations used by the suites. */
export const PHONE = '41793026727';
export const OTHER_PHONE = '41793026728';
export const ID = /^[0-9A-F]{32}$/;

/** Gives each test a fresh harness and closes it afterwards. */
export interface HarnessHolder {
  readonly current: EngineHarness;
  readonly api: TwoFactorApi;
}
