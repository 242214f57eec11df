import { apiRoutes } from '../../lib/emulator/api.routes';
import type { EmulatorRoute } from '../../lib/emulator/emulator-route';
import { EmulatorRouter } from '../../lib/emulator/emulator.router';
import type { TwoFactorApi } from '../../lib/infobip';
import { operations, successStatus } from '../support/openapi';

describe("the emulator's routes against Infobip's specification", () => {
  const router = new EmulatorRouter<EmulatorRoute>();
  const routes = apiRoutes({} as TwoFactorApi);
  for (const [method, pattern, route] of routes) router.add(method, pattern, route);

  it('serves exactly the 18 operations of the specification', () => {
    expect(operations).toHaveLength(18);
    expect(routes.map(([, , route]) => route.operationId).sort()).toEqual(
      operations.map((op) => op.operationId).sort(),
    );
  });

  it.each(operations.map((op) => [op.operationId, op.method, op.path]))(
    'routes %s (%s %s) with its success status',
    (operationId, method, path) => {
      const concrete = path.replace(/\{[^}]+\}/g, (name) => `${name.slice(1, -1).toUpperCase()}1`);
      const match = router.match(method, concrete);
      expect(match.kind).toBe('found');
      if (match.kind !== 'found') return;
      expect(match.route.operationId).toBe(operationId);
      expect(match.params).toEqual([...path.matchAll(/\{([^}]+)\}/g)].map((m) => `${m[1].toUpperCase()}1`));
      expect(match.route.status).toBe(successStatus(operationId));
    },
  );
});
