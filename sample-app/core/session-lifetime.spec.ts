import { sessionOutlived } from './session-lifetime';

describe('sessionOutlived', () => {
  const hour = 3_600_000;

  it('ends a signed-in session once its lifetime after the password is over, not before', () => {
    const session = { signedInAt: 1_000, passport: { user: 'u1' } };
    expect(sessionOutlived(session, hour, 1_000 + hour)).toBe(false);
    expect(sessionOutlived(session, hour, 1_000 + hour + 1)).toBe(true);
  });

  it('ends a signed-in session whose sign-in time is missing or not a finite number', () => {
    for (const signedInAt of [undefined, null, 'forever', Number.NaN, Infinity]) {
      expect(sessionOutlived({ signedInAt, passport: { user: 'u1' } }, hour, 0)).toBe(true);
    }
  });

  it('leaves an anonymous session alone', () => {
    expect(sessionOutlived({}, hour, 10 * hour)).toBe(false);
    expect(sessionOutlived({ passport: {} }, hour, 10 * hour)).toBe(false);
  });
});
