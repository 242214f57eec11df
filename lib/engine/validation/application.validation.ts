import type { ApplicationConfiguration } from '../../infobip/infobip.types';
import { ONE_DAY_MS, ONE_YEAR_MS, parseDuration, parseLimit } from '../../time/time-format';
import { FieldChecker, type JsonObject } from '../../infobip/field-checker';

/** Infobip's documented defaults of an application's configuration. */
export const INFOBIP_DEFAULT_CONFIGURATION: Readonly<Required<ApplicationConfiguration>> = Object.freeze({
  pinAttempts: 10,
  allowMultiplePinVerifications: true,
  pinTimeToLive: '15m',
  verifyPinLimit: '1/3s',
  sendPinPerApplicationLimit: '10000/1d',
  sendPinPerPhoneNumberLimit: '3/1d',
});

/** Largest `pinAttempts` (Infobip's field is an int32). */
export const MAX_PIN_ATTEMPTS = 2_147_483_647;

/** An application request that passed validation, defaults filled in. */
export interface ValidApplicationRequest {
  name: string;
  enabled: boolean;
  configuration: Required<ApplicationConfiguration>;
}

/**
 * Validates the body of create and update application.
 *
 * `name` is required; `enabled` defaults to true; each configuration field must
 * follow Infobip's rules (pinAttempts a positive whole number; pinTimeToLive a
 * `{n}{unit}` duration of at most one year; verifyPinLimit a `{k}/{n}{unit}` limit
 * whose window is at most one day; send limits with windows of at most one year)
 * and falls back to {@link INFOBIP_DEFAULT_CONFIGURATION} when absent. An update
 * is a full replacement, so omitted fields return to their defaults too.
 *
 * @throws InfobipApiError 400 with `validationErrors` keyed by field path.
 */
export function validateApplicationRequest(body: unknown): ValidApplicationRequest {
  const check = new FieldChecker();
  const request = check.body(body);
  const name = check.string(request, 'name', 'name', true);
  const enabled = check.boolean(request, 'enabled', 'enabled');
  const given = check.object(request, 'configuration', 'configuration');
  const configuration = given ? validateConfiguration(given, check) : { ...INFOBIP_DEFAULT_CONFIGURATION };
  check.throwIfInvalid();
  return { name: name as string, enabled: enabled ?? true, configuration };
}

function validateConfiguration(given: JsonObject, check: FieldChecker): Required<ApplicationConfiguration> {
  const path = (field: string) => `configuration.${field}`;
  const result = { ...INFOBIP_DEFAULT_CONFIGURATION };
  const pinAttempts = check.integer(given, 'pinAttempts', path('pinAttempts'), {
    min: 1,
    max: MAX_PIN_ATTEMPTS,
  });
  if (pinAttempts !== undefined) result.pinAttempts = pinAttempts;
  const multiple = check.boolean(
    given,
    'allowMultiplePinVerifications',
    path('allowMultiplePinVerifications'),
  );
  if (multiple !== undefined) result.allowMultiplePinVerifications = multiple;

  const grammar: [keyof ApplicationConfiguration, (value: unknown, what: string) => unknown][] = [
    ['pinTimeToLive', (value, what) => parseDuration(value, what, ONE_YEAR_MS)],
    ['verifyPinLimit', (value, what) => parseLimit(value, what, ONE_DAY_MS)],
    ['sendPinPerApplicationLimit', (value, what) => parseLimit(value, what, ONE_YEAR_MS)],
    ['sendPinPerPhoneNumberLimit', (value, what) => parseLimit(value, what, ONE_YEAR_MS)],
  ];
  for (const [field, parse] of grammar) {
    const value = given[field];
    if (value === undefined || value === null) continue;
    try {
      parse(value, field);
      (result as Record<string, unknown>)[field] = value;
    } catch (error) {
      check.fail(path(field), (error as Error).message);
    }
  }
  return result;
}
