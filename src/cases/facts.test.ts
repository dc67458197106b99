import { describe, expect, it } from 'vitest';
import { referencedPersonIds } from './facts.ts';
import type { FormStep } from './workflow.ts';

const a = '11111111-1111-4111-8111-111111111111';
const b = '22222222-2222-4222-8222-222222222222';
const c = '33333333-3333-4333-8333-333333333333';
const form: FormStep[] = [{ id: 's', title: { de: 'S', en: 'S' }, fields: [{ name: 'coMoverIds', kind: 'person', label: { de: 'P', en: 'P' } }] }];

describe('referencedPersonIds', () => {
  it.each([
    ['a person field with a list', { coMoverIds: [a, b] }, [a, b]],
    ['a person field typed as text', { coMoverIds: `${a}, ${b.toUpperCase()}` }, [a, b]],
    ['personId keys at any depth', { members: [{ personId: a }, { personId: 'not-an-id' }], betreuerPersonId: b }, [a, b]],
    ['personIds arrays', { family: { personIds: [c] } }, [c]],
    ['nothing', { purpose: a }, []],
  ])('%s', (_name, data, want) => {
    expect(referencedPersonIds(data, form, { kind: 'self' }).sort()).toEqual([...want].sort());
  });

  it('adds the applicant from the register', () => {
    expect(referencedPersonIds({}, form, { kind: 'betreuer', name: 'B', evidence: 'x', personId: c })).toEqual([c]);
  });
});
