import fc from 'fast-check';
import { ExpirySchedule } from './expiry-schedule';

describe('ExpirySchedule', () => {
  it('hands out keys once their slot has ended, earliest slots first', () => {
    const schedule = new ExpirySchedule(1_000);
    schedule.schedule('late', 5_500);
    schedule.schedule('early', 1_200);
    schedule.schedule('early too', 1_900);
    const seen: string[] = [];
    expect(schedule.drain(1_999, (key) => seen.push(key))).toBe(0);
    expect(schedule.drain(2_000, (key) => seen.push(key))).toBe(2);
    expect(seen.sort()).toEqual(['early', 'early too']);
    expect(schedule.size).toBe(1);
    schedule.drain(10_000, (key) => seen.push(key));
    expect(seen).toContain('late');
    expect(schedule.size).toBe(0);
  });

  it('stops at the budget and resumes where it stopped', () => {
    const schedule = new ExpirySchedule(10);
    for (let i = 0; i < 25; i++) schedule.schedule(`k${i}`, i);
    const seen = new Set<string>();
    expect(schedule.drain(1_000, (key) => seen.add(key), 10)).toBe(10);
    expect(schedule.drain(1_000, (key) => seen.add(key), 10)).toBe(10);
    expect(schedule.drain(1_000, (key) => seen.add(key), 10)).toBe(5);
    expect(seen.size).toBe(25);
    expect(schedule.size).toBe(0);
  });

  it('hands out exactly the keys whose slot ended, whatever the order of scheduling', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 100_000 }), { maxLength: 300 }),
        fc.integer({ min: 0, max: 110_000 }),
        (deadlines, now) => {
          const schedule = new ExpirySchedule(1_000);
          deadlines.forEach((deadline, i) => schedule.schedule(String(i), deadline));
          const seen: number[] = [];
          schedule.drain(now, (key) => seen.push(Number(key)));
          const expected = deadlines.flatMap((d, i) =>
            (Math.floor(d / 1_000) + 1) * 1_000 <= now ? [i] : [],
          );
          expect(seen.sort((a, b) => a - b)).toEqual(expected);
          expect(schedule.size).toBe(deadlines.length - expected.length);
          for (const i of seen) expect(deadlines[i]).toBeLessThan(now);
        },
      ),
    );
  });

  it('schedules objects as keys, handing out the very objects', () => {
    const schedule = new ExpirySchedule<{ id: number }>(1_000);
    const records = [{ id: 1 }, { id: 2 }];
    records.forEach((record, i) => schedule.schedule(record, 500 + i * 1_000));
    const seen: { id: number }[] = [];
    schedule.drain(5_000, (record) => seen.push(record));
    expect(seen.sort((a, b) => a.id - b.id)).toEqual(records);
    expect(seen[0]).toBe(records[0]);
  });
});
