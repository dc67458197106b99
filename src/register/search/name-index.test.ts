import { describe, expect, it } from 'vitest';
import { personNameTokenRows, searchNameOf } from './name-index.ts';

describe('personNameTokenRows', () => {
  it.each([
    {
      name: 'family and given names',
      names: { familyName: 'Müller', givenNames: ['Hans', 'Peter'] },
      expected: [['mueller', 'f'], ['hans', 'g'], ['peter', 'g']],
    },
    {
      name: 'double names split into tokens',
      names: { familyName: 'Müller-Lüdenscheidt', givenNames: ['Anna-Lena'] },
      expected: [['mueller', 'f'], ['luedenscheidt', 'f'], ['anna', 'g'], ['lena', 'g']],
    },
    {
      name: 'birth, former, religious and artist names',
      names: {
        familyName: 'Schmidt', givenNames: ['Eva'], birthName: 'Meier',
        formerNames: [{ familyName: 'Weber' }], religiousName: 'Schwester Maria', artistName: 'Evita',
      },
      expected: [['schmidt', 'f'], ['eva', 'g'], ['meier', 'b'], ['weber', 'o'], ['schwester', 'o'], ['maria', 'o'], ['evita', 'o']],
    },
    {
      name: 'duplicates per role removed, the same token in two roles kept',
      names: { familyName: 'Peter', givenNames: ['Peter', 'Hans', 'Hans'], birthName: 'Peter', formerNames: [{ familyName: 'Peter' }], artistName: 'Peter' },
      expected: [['peter', 'f'], ['peter', 'g'], ['hans', 'g'], ['peter', 'b'], ['peter', 'o']],
    },
    {
      name: 'empty optional names ignored',
      names: { familyName: 'Öztürk', givenNames: ['Ayşe'], birthName: null, religiousName: '', artistName: null },
      expected: [['oeztuerk', 'f'], ['ayse', 'g']],
    },
  ])('$name', ({ names, expected }) => {
    const rows = personNameTokenRows('m1', 'p1', names);
    expect(rows.map((r) => [r.token, r.role])).toEqual(expected);
    expect(rows.every((r) => r.municipalityId === 'm1' && r.personId === 'p1')).toBe(true);
  });
});

describe('searchNameOf', () => {
  it.each([
    [{ familyName: 'Müller', givenNames: ['Hans', 'Peter'] }, 'hans peter mueller'],
    [{ familyName: "D'Angelo-Weiß", givenNames: ['José  Maria'] }, 'jose maria d angelo weiss'],
  ])('%o → %s', (names, expected) => {
    expect(searchNameOf(names)).toBe(expected);
  });
});
