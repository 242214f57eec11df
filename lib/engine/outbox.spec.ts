import { ConsoleOutbox } from './console.outbox';
import { FanoutOutbox } from './fanout.outbox';
import { InMemoryOutbox } from './in-memory.outbox';
import type { Outbox, OutboxMessage } from './outbox';

function message(to: string, pin = '123456', channel: OutboxMessage['channel'] = 'sms'): OutboxMessage {
  return {
    pinId: 'P',
    applicationId: 'A',
    messageId: 'M',
    to,
    channel,
    text: `Your code is ${pin}`,
    pin,
    sentAt: '2026-01-01T00:00:00.000Z',
  };
}

describe('InMemoryOutbox', () => {
  it('lists messages oldest first, per destination, and finds the latest', () => {
    const outbox = new InMemoryOutbox();
    outbox.deliver(message('41793026727', '111111'));
    outbox.deliver(message('41793026728', '222222'));
    outbox.deliver(message('41793026727', '333333'));
    expect(outbox.list().map((m) => m.pin)).toEqual(['111111', '222222', '333333']);
    expect(outbox.list('41793026727').map((m) => m.pin)).toEqual(['111111', '333333']);
    expect(outbox.latest('41793026727')?.pin).toBe('333333');
    expect(outbox.latest('+41793026727')?.pin).toBe('333333');
    expect(outbox.latest('41793026729')).toBeUndefined();
  });

  it('drops the oldest messages beyond maxMessages and forgets all on clear', () => {
    const outbox = new InMemoryOutbox({ maxMessages: 2 });
    for (const pin of ['1', '2', '3']) outbox.deliver(message('41793026727', pin));
    expect(outbox.list().map((m) => m.pin)).toEqual(['2', '3']);
    outbox.clear();
    expect(outbox.list()).toEqual([]);
    expect(() => new InMemoryOutbox({ maxMessages: 0 })).toThrow(RangeError);
  });

  it('hands out copies', () => {
    const outbox = new InMemoryOutbox();
    outbox.deliver(message('41793026727'));
    outbox.list()[0].pin = 'changed';
    outbox.latest('41793026727')!.pin = 'changed';
    expect(outbox.latest('41793026727')?.pin).toBe('123456');
  });
});

describe('ConsoleOutbox', () => {
  it('prints one line with the destination masked but for its last 4 characters', () => {
    const lines: string[] = [];
    new ConsoleOutbox({ log: (line) => lines.push(line) }).deliver(message('41793026727'));
    expect(lines).toEqual(['[2fa outbox] sms to +*******6727: Your code is 123456']);
  });

  it('shows only the first character and the domain of an email address', () => {
    const lines: string[] = [];
    new ConsoleOutbox({ log: (line) => lines.push(line) }).deliver(
      message('jane.doe@example.com', '42', 'email'),
    );
    expect(lines[0]).toBe('[2fa outbox] email to j***@example.com: Your code is 42');
    expect(lines[0]).not.toContain('jane.doe');
  });

  it('keeps a message on one line', () => {
    const lines: string[] = [];
    const forged = { ...message('41793026727'), text: 'Code 1\n[2fa outbox] sms to 1: fake' };
    new ConsoleOutbox({ log: (line) => lines.push(line) }).deliver(forged);
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toContain('\n');
  });

  it('prints with console.log by default', () => {
    const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      new ConsoleOutbox().deliver(message('41793026727'));
      expect(log).toHaveBeenCalledWith('[2fa outbox] sms to +*******6727: Your code is 123456');
    } finally {
      log.mockRestore();
    }
  });
});

describe('FanoutOutbox', () => {
  it('delivers to every outbox, even when one fails, then reports the failure', async () => {
    const first = new InMemoryOutbox();
    const second = new InMemoryOutbox();
    const broken: Outbox = {
      deliver: () => {
        throw new Error('down');
      },
    };
    await new FanoutOutbox([first, second]).deliver(message('41793026727'));
    expect([first.list().length, second.list().length]).toEqual([1, 1]);
    await expect(new FanoutOutbox([broken, first]).deliver(message('41793026727'))).rejects.toThrow('down');
    expect(first.list()).toHaveLength(2);
  });
});
