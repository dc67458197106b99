import { describe, expect, it } from 'vitest';
import { mayReadBlockedPerson, type Principal } from './principal.ts';

const staff = (roles: Principal['roles'], visitSubjects?: string[]): Principal => ({
  userId: 'u', municipalityId: 'm', username: 'x', displayName: 'X', roles, sessionId: 's', csrfToken: 'c',
  ...(visitSubjects ? { visitSubjects: new Set(visitSubjects) } : {}),
});
const erna = 'aaaaaaaa-0000-4000-8000-000000000001';

describe('mayReadBlockedPerson', () => {
  it.each([
    ['a clerk (register.read_blocked)', staff(['clerk']), true],
    ['a field officer without a visit', staff(['field_officer']), false],
    ['a field officer visiting her on a confirmed tour', staff(['field_officer'], [erna]), true],
    ['a field officer visiting someone else', staff(['field_officer'], ['bbbbbbbb-0000-4000-8000-000000000002']), false],
    ['the CLI (system, full authority)', { kind: 'system' as const, name: 'cli', municipalityId: 'm' }, true],
    ['the public web form (system, narrowed)', { kind: 'system' as const, name: 'portal', municipalityId: 'm', permissions: ['requests.write' as const] }, false],
  ])('%s → %s', (_who, actor, expected) => {
    expect(mayReadBlockedPerson(actor, erna.toUpperCase())).toBe(expected);
  });
});
