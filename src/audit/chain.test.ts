import { describe, expect, it } from 'vitest';
import { canonicalJson, entryHash, genesisHash, type ChainedFields } from './chain.ts';

const municipalityId = '3f1c1a8e-5b2d-4c7e-9a10-2b3c4d5e6f70';
const entry: ChainedFields = {
  municipalityId, seq: 1, at: '2026-01-01T10:00:00.000Z', actorId: null, actorName: 'k.klein', actorRoles: ['clerk'],
  action: 'register.person.read', dataCategories: ['names', 'addresses'], personIds: ['0f8b5a3e-1c2d-4e5f-8a9b-0c1d2e3f4a5b'],
  hitCount: 1, purpose: 'AZ 33-1', details: { query: 'Müller', filters: { born: 1938 } },
};

describe('canonicalJson', () => {
  it.each([
    [{ b: 1, a: { d: [3, 1], c: null } }, '{"a":{"c":null,"d":[3,1]},"b":1}'],
    [{ kept: 1, dropped: undefined }, '{"kept":1}'],
    [[{ z: 1, y: 2 }, 'ä'], '[{"y":2,"z":1},"ä"]'],
    ['text "quoted"', '"text \\"quoted\\""'],
    [null, 'null'],
  ])('%j → %s', (value, expected) => {
    expect(canonicalJson(value)).toBe(expected);
  });

  it('does not depend on key order', () => {
    expect(canonicalJson({ a: 1, b: { c: 2, d: 3 } })).toBe(canonicalJson({ b: { d: 3, c: 2 }, a: 1 }));
  });
});

describe('entryHash', () => {
  it('is pinned: existing logs must keep verifying after any change to the code', () => {
    expect(genesisHash(municipalityId)).toBe('9fef80834a80a302021775c154d9fe2a2c058c331f1625053ee3db12b54d44e1');
    expect(entryHash(genesisHash(municipalityId), entry)).toBe('84a3b0041c3fe9c6245f505f320e51bd11cc5c04a25605fb6fa262b72ec883cc');
  });

  it.each<[string, Partial<ChainedFields>]>([
    ['seq', { seq: 2 }],
    ['time', { at: '2026-01-01T10:00:00.001Z' }],
    ['actor', { actorName: 'someone' }],
    ['roles', { actorRoles: ['clerk', 'admin'] }],
    ['action', { action: 'register.person.update' }],
    ['categories', { dataCategories: ['names'] }],
    ['persons', { personIds: [] }],
    ['hits', { hitCount: 2 }],
    ['purpose', { purpose: null }],
    ['details', { details: { query: 'Mueller', filters: { born: 1938 } } }],
    ['municipality', { municipalityId: '00000000-0000-4000-8000-000000000000' }],
  ])('changes when the %s changes', (_field, change) => {
    const prev = genesisHash(municipalityId);
    expect(entryHash(prev, { ...entry, ...change })).not.toBe(entryHash(prev, entry));
  });

  it('depends on the previous hash, and each municipality starts its own chain', () => {
    expect(entryHash('a'.repeat(64), entry)).not.toBe(entryHash('b'.repeat(64), entry));
    expect(genesisHash(municipalityId)).not.toBe(genesisHash('00000000-0000-4000-8000-000000000000'));
  });
});
