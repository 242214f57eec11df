import { Logger } from '@nestjs/common';
import { TwoFactorEvents, type TwoFactorEventPayload } from './two-factor.events';

const payload: TwoFactorEventPayload = {
  purpose: 'login',
  userId: 'u1',
  channel: 'sms',
  maskedDestination: '+***6727',
};

describe('TwoFactorEvents', () => {
  it('calls the listeners of an event with a frozen copy, until unsubscribed', () => {
    const events = new TwoFactorEvents();
    const seen: TwoFactorEventPayload[] = [];
    const off = events.on('verified', (p) => seen.push(p));
    events.on('failed', () => seen.push({ ...payload, reason: 'other event' }));
    events.emit('verified', payload);
    off();
    events.emit('verified', payload);
    expect(seen).toEqual([payload]);
    expect(Object.isFrozen(seen[0])).toBe(true);
    expect(seen[0]).not.toBe(payload);
  });

  it('keeps going when a listener throws, and logs it', () => {
    const logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    const events = new TwoFactorEvents();
    const seen: string[] = [];
    events.on('sent', () => {
      throw new Error('listener bug');
    });
    events.on('sent', (p) => seen.push(p.userId));
    expect(() => events.emit('sent', payload)).not.toThrow();
    expect(seen).toEqual(['u1']);
    expect(logged).toHaveBeenCalledWith('a "sent" listener failed: listener bug');
    logged.mockRestore();
  });

  it('clear removes every listener', () => {
    const events = new TwoFactorEvents();
    const listener = jest.fn();
    events.on('locked', listener);
    events.clear();
    events.emit('locked', payload);
    expect(listener).not.toHaveBeenCalled();
  });
});
