import { expectSameWalk } from './platform-parity.walk';

// Nest keeps passport's serializers process-wide: one Nest sample app per test file.
describe('the sample app on plain Express answers like on Nest', () => {
  it('the same statuses, bodies, messages, Cache-Control, Retry-After and cookies, step by step', async () => {
    await expectSameWalk('nest-express');
  });
});
