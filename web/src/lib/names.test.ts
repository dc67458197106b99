import { describe, expect, it } from 'vitest';
import { formatAddress, fullName, givenNameParts, sortName } from './names.ts';

describe('givenNameParts', () => {
  it.each([
    [['Anna', 'Maria'], 1, [false, true]],
    [['Anna', 'Maria'], 0, [true, false]],
    [['Anna', 'Maria'], null, [false, false]],
    [['Anna'], 3, [false]],
    [['Anna', 'Maria'], 'Maria', [false, true]],
    [['Anna', 'Anna'], 'Anna', [true, false]],
    [['Anna', 'Maria'], 'Marie', [false, false]],
  ] as const)('%j with preferred %j', (names, index, flags) => {
    expect(givenNameParts(names, index).map((p) => p.preferred)).toEqual(flags);
  });
});

describe('fullName and sortName', () => {
  it('put the doctoral degree in front of the given names', () => {
    const person = { familyName: 'Schmidt', givenNames: ['Anna', 'Maria'], doctoralDegree: 'Dr.' };
    expect(fullName(person)).toBe('Dr. Anna Maria Schmidt');
    expect(sortName(person)).toBe('Schmidt, Dr. Anna Maria');
  });

  it('leave out what is missing', () => {
    expect(fullName({ familyName: 'Öztürk', givenNames: ['Ayşe'], doctoralDegree: null })).toBe('Ayşe Öztürk');
    expect(sortName({ familyName: 'Öztürk', givenNames: [] })).toBe('Öztürk');
  });
});

describe('formatAddress', () => {
  it.each([
    [{ street: 'Hauptstraße', houseNumber: '12a', postcode: '44787', city: 'Bochum' }, 'Hauptstraße 12a, 44787 Bochum'],
    [{ street: 'Am Stadtpark', houseNumber: '1', addition: 'Zimmer 12', postcode: '44791', city: 'Bochum' }, 'Am Stadtpark 1, Zimmer 12, 44791 Bochum'],
    [null, ''],
  ])('%j → %j', (address, text) => {
    expect(formatAddress(address)).toBe(text);
  });
});
