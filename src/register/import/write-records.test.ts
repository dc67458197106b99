import { describe, expect, it } from 'vitest';
import { addressKey } from './address-key.ts';
import { aPersonRecord } from './testing.ts';
import { canonicalRecordJson, recordContentHash } from './write-records.ts';

describe('recordContentHash', () => {
  it('does not depend on key order, null fields or empty lists', () => {
    const record = aPersonRecord();
    const shuffled = Object.fromEntries(Object.entries(record).reverse()) as typeof record;
    expect(recordContentHash(shuffled)).toBe(recordContentHash(record));
    expect(recordContentHash({ ...record, birthName: null, blocks: [] })).toBe(recordContentHash(record));
  });

  it('changes with the content', () => {
    const record = aPersonRecord();
    expect(recordContentHash({ ...record, familyName: 'Kowalska' })).not.toBe(recordContentHash(record));
    expect(recordContentHash({ ...record, givenNames: ['Maria', 'Anna'] })).not.toBe(recordContentHash(record));
  });

  it('writes sorted keys and keeps the order of lists', () => {
    expect(canonicalRecordJson({ b: 1, a: [2, 1], c: null, d: [], e: { z: 'x', y: undefined } })).toBe('{"a":[2,1],"b":1,"e":{"z":"x"}}');
  });
});

describe('addressKey', () => {
  const base = { street: 'Hauptstraße', houseNumber: '1a', addition: null, postcode: '44787', ags: '05911000' };
  it.each([
    [{ ...base, street: 'Hauptstr.' }],
    [{ ...base, street: 'hauptstrasse' }],
    [{ ...base, houseNumber: '1 A' }],
    [{ ...base, addition: '' }],
  ])('treats %o as the same address', (variant) => {
    expect(addressKey(variant)).toBe(addressKey(base));
  });
  it.each([
    [{ ...base, houseNumber: '1b' }],
    [{ ...base, addition: 'Zimmer 12' }],
    [{ ...base, postcode: '44789' }],
    [{ ...base, street: 'Hauptweg' }],
  ])('tells %o apart', (variant) => {
    expect(addressKey(variant)).not.toBe(addressKey(base));
  });
});
