import { describe, expect, it } from 'vitest';
import { documentState, inForce, splitResidences } from './person.ts';

describe('splitResidences', () => {
  const r = (movedIn: string, movedOut: string | null, id: string) => ({ movedIn, movedOut, id });
  it('separates current from earlier stays, newest first', () => {
    const result = splitResidences([
      r('1990-01-01', '2020-05-31', 'old'),
      r('2020-06-01', null, 'now'),
      r('2021-01-01', '2027-01-01', 'neben-until-next-year'),
      r('2026-07-01', '2026-07-01', 'ended-today'),
    ], '2026-07-01');
    expect(result.current.map((x) => x.id)).toEqual(['neben-until-next-year', 'now']);
    expect(result.historic.map((x) => x.id)).toEqual(['ended-today', 'old']);
  });
});

describe('inForce', () => {
  it.each([
    [{ validFrom: '2020-01-01', validUntil: null }, true],
    [{ validFrom: '2020-01-01', validUntil: '2026-07-01' }, true],
    [{ validFrom: '2020-01-01', validUntil: '2026-06-30' }, false],
    [{ validFrom: '2026-07-02', validUntil: null }, false],
    [{}, true],
  ])('%j on 2026-07-01 → %s', (window, expected) => {
    expect(inForce(window, '2026-07-01')).toBe(expected);
  });
});

describe('documentState', () => {
  it.each([
    [{ status: 'valid', validUntil: '2030-01-01' }, 'valid'],
    [{ status: 'valid', validUntil: '2026-09-29' }, 'expiring'],
    [{ status: 'valid', validUntil: '2026-09-30' }, 'valid'],
    [{ status: 'valid', validUntil: '2026-06-30' }, 'expired'],
    [{ status: 'valid', validUntil: '2026-07-01' }, 'expiring'],
    [{ status: 'lost', validUntil: '2030-01-01' }, 'inactive'],
  ])('%j on 2026-07-01 → %s', (doc, state) => {
    expect(documentState(doc, '2026-07-01')).toBe(state);
  });
});
