import { InfobipApiError } from '../infobip/infobip-api.error';
import type { EmulatorRouteDefinition } from './emulator-route';
import type { EmulatorFaults } from './emulator-faults';
import { parseFaultRule } from './fault-rule.parser';

const NO_STORE = { 'Cache-Control': 'no-store' } as const;

/**
 * Development endpoints of fault injection:
 * - `POST /_emulator/faults {rule}`: adds a rule after the others (201, the rule with its
 *   defaults); 400 with `validationErrors` for an unusable rule;
 * - `GET /_emulator/faults`: the active rules in matching order, with the requests each will still take;
 * - `DELETE /_emulator/faults`: removes them all (204).
 */
export function faultRoutes(faults: EmulatorFaults): EmulatorRouteDefinition[] {
  return [
    [
      'POST',
      '/_emulator/faults',
      {
        operationId: 'emulator-add-fault',
        body: 'required',
        status: 201,
        headers: NO_STORE,
        handle: ({ body }) => {
          const parsed = parseFaultRule(body);
          if (!parsed.ok) throw InfobipApiError.badRequest('Invalid fault rule', parsed.errors);
          return faults.add(parsed.rule);
        },
      },
    ],
    [
      'GET',
      '/_emulator/faults',
      {
        operationId: 'emulator-list-faults',
        body: 'none',
        status: 200,
        headers: NO_STORE,
        handle: () => faults.list(),
      },
    ],
    [
      'DELETE',
      '/_emulator/faults',
      { operationId: 'emulator-clear-faults', body: 'none', status: 204, handle: () => faults.clear() },
    ],
  ];
}
