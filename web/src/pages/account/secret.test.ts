import { describe, expect, it } from 'vitest';
import { groupSecret } from './secret.ts';

describe('groupSecret', () => {
  it.each([
    ['JBSWY3DPEHPK3PXP', 'JBSW Y3DP EHPK 3PXP'],
    ['JBSWY3DPEH', 'JBSW Y3DP EH'],
    ['JBSW Y3DP', 'JBSW Y3DP'],
    ['ABC', 'ABC'],
    ['', ''],
  ])('%j → %j', (secret, grouped) => {
    expect(groupSecret(secret)).toBe(grouped);
  });
});
