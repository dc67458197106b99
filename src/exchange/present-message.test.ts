import { describe, expect, it } from 'vitest';
import { deadlineFlags, germanDay } from './present-message.ts';

describe('deadlineFlags (due day in German civil days)', () => {
  // Due Thursday 5 March 2026; Berlin is UTC+1 then.
  it.each<[string, { status: 'pending' | 'sending' | 'delivered' | 'failed' | 'rejected' | 'cancelled'; deliveredAt: string | null }, string, { overdue: boolean; deliveredLate: boolean }]>([
    ['pending on the due day', { status: 'pending', deliveredAt: null }, '2026-03-05T22:59:00Z', { overdue: false, deliveredLate: false }],
    ['pending a minute after the due day ended in Berlin', { status: 'pending', deliveredAt: null }, '2026-03-05T23:01:00Z', { overdue: true, deliveredLate: false }],
    ['failed after the due day', { status: 'failed', deliveredAt: null }, '2026-03-09T08:00:00Z', { overdue: true, deliveredLate: false }],
    ['rejected after the due day', { status: 'rejected', deliveredAt: null }, '2026-03-09T08:00:00Z', { overdue: true, deliveredLate: false }],
    ['cancelled after the due day', { status: 'cancelled', deliveredAt: null }, '2026-03-09T08:00:00Z', { overdue: false, deliveredLate: false }],
    ['delivered on the due day (late evening Berlin)', { status: 'delivered', deliveredAt: '2026-03-05T22:30:00Z' }, '2026-03-09T08:00:00Z', { overdue: false, deliveredLate: false }],
    ['delivered the day after', { status: 'delivered', deliveredAt: '2026-03-05T23:30:00Z' }, '2026-03-09T08:00:00Z', { overdue: false, deliveredLate: true }],
  ])('%s', (_label, row, now, expected) => {
    expect(deadlineFlags({ dueBy: '2026-03-05', ...row }, new Date(now))).toEqual(expected);
  });

  it('has nothing to flag without a due day', () => {
    expect(deadlineFlags({ dueBy: null, status: 'pending', deliveredAt: null }, new Date('2030-01-01T00:00:00Z'))).toEqual({ overdue: false, deliveredLate: false });
  });

  it('germanDay takes the Berlin date, also across the DST change', () => {
    expect(germanDay(new Date('2026-03-28T23:30:00Z'))).toBe('2026-03-29');
    expect(germanDay(new Date('2026-03-29T22:30:00Z'))).toBe('2026-03-30');
    expect(germanDay(new Date('2026-03-29T21:30:00Z'))).toBe('2026-03-29');
  });
});
