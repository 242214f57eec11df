import { InMemoryOutbox } from '../../engine/in-memory.outbox';
import { LocalTwoFactorEngine } from '../../engine/local-two-factor.engine';
import { InMemoryCounterStore } from '../../storage/in-memory-counter.store';
import { ManualClock } from '../../time/clock';
import { TwoFactorConfigurationError } from '../errors/two-factor-configuration.error';
import { TwoFactorRuntime } from './two-factor.runtime';

const purposes = { login: { template: { messageText: 'Your code is {{pin}}' } } };

describe('TwoFactorRuntime', () => {
  it('builds the local provider, its clock and counters, and binds every purpose at it', async () => {
    const runtime = await TwoFactorRuntime.create({ provider: { kind: 'local', console: false }, purposes });
    try {
      expect(runtime.api).toBeInstanceOf(LocalTwoFactorEngine);
      expect(runtime.outbox).toBeInstanceOf(InMemoryOutbox);
      expect(runtime.counterStore).toBeInstanceOf(InMemoryCounterStore);
      expect(runtime.purposeNames()).toEqual(['login']);
      const login = runtime.purpose('login');
      const applications = await runtime.api.getApplications();
      expect(applications.map((application) => application.applicationId)).toContain(login.applicationId);
      // The module runs on the engine's clock (a real-time clock: compare the object, not two readings).
      expect(runtime.clock).toBe((runtime.api as LocalTwoFactorEngine).clock);
    } finally {
      await runtime.close();
    }
  });

  it('names the declared purposes when asked for another one (a programming mistake)', async () => {
    const runtime = await TwoFactorRuntime.create({ provider: { kind: 'local', console: false }, purposes });
    try {
      expect(() => runtime.purpose('payment')).toThrow(
        'TwoFactorModule: unknown purpose "payment"; declared purposes: login. ' +
          "Fix: add it to the module's purposes option or use a declared one",
      );
    } finally {
      await runtime.close();
    }
  });

  it('rejects bad options with the option and the fix, before creating anything', async () => {
    const error = await TwoFactorRuntime.create({
      purposes: { login: { template: { messageText: 'no pin' } } },
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TwoFactorConfigurationError);
    expect((error as Error).message).toMatch(
      /^TwoFactorModule: purposes\.login\.template\.messageText .*Fix: /,
    );
  });

  it('closes what it created (engine, counters), once, and leaves a given engine open', async () => {
    const engine = new LocalTwoFactorEngine({ clock: new ManualClock() });
    const runtime = await TwoFactorRuntime.create({ provider: { kind: 'local', engine }, purposes });
    const counters = runtime.counterStore as InMemoryCounterStore;
    const closed = jest.spyOn(counters, 'close');
    await runtime.close();
    await runtime.close();
    expect(closed).toHaveBeenCalledTimes(1);
    // The given engine still answers: the runtime did not create it, so it did not close it.
    await expect(engine.getApplications()).resolves.toHaveLength(1);
    await engine.close();
  });

  it('binds a purpose again once for parallel callers, and hands a replaced binding out at once', async () => {
    const runtime = await TwoFactorRuntime.create({ provider: { kind: 'local', console: false }, purposes });
    try {
      const stale = runtime.purpose('login');
      const [first, second] = await Promise.all([runtime.rebindPurpose(stale), runtime.rebindPurpose(stale)]);
      expect(first).toBe(second);
      expect(first).not.toBe(stale);
      // Found again by name: nothing created twice.
      expect(first.applicationId).toBe(stale.applicationId);
      await expect(runtime.api.getApplications()).resolves.toHaveLength(1);
      expect(runtime.purpose('login')).toBe(first);
      await expect(runtime.rebindPurpose(stale)).resolves.toBe(first);
    } finally {
      await runtime.close();
    }
  });

  it('builds without binding, then binds (and re-binds) on the API it is given, not on its own provider', async () => {
    const runtime = await TwoFactorRuntime.build({ provider: { kind: 'local', console: false }, purposes });
    const other = new LocalTwoFactorEngine({ clock: new ManualClock() });
    try {
      expect(runtime.purposeNames()).toEqual([]);
      await expect(runtime.bind(other)).resolves.toBe(runtime);
      const login = runtime.purpose('login');
      expect((await other.getApplications()).map((application) => application.applicationId)).toEqual([
        login.applicationId,
      ]);
      await expect(runtime.api.getApplications()).resolves.toEqual([]);
      await runtime.rebindPurpose(login);
      await expect(other.getApplications()).resolves.toHaveLength(1);
      await expect(runtime.api.getApplications()).resolves.toEqual([]);
    } finally {
      await runtime.close();
      await other.close();
    }
  });

  it('closes what it created when binding fails', async () => {
    const runtime = await TwoFactorRuntime.build({
      provider: { kind: 'local', console: false },
      purposes: { login: { ...purposes.login, application: { id: 'NO-SUCH-APP' } } },
    });
    const closed = jest.spyOn(runtime.counterStore as InMemoryCounterStore, 'close');
    const error = await runtime.bind(runtime.api).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TwoFactorConfigurationError);
    expect(closed).toHaveBeenCalledTimes(1);
  });
});
