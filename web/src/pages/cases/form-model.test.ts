import { describe, expect, it } from 'vitest';
import type { FieldSpec, FormStep, Violation } from '../../api/cases.ts';
import {
  fieldOfViolation, formatCents, fromInputValue, getPath, imageAttachment, isVisible, mergePatch, parseEuro, setPath,
  stepOfField, stepPatch, stepsWithViolations, stepValues, violationsByField,
} from './form-model.ts';

const label = { de: 'x', en: 'x' };
const field = (name: string, kind: FieldSpec['kind'] = 'text', extra: Partial<FieldSpec> = {}): FieldSpec => ({ name, kind, label, ...extra });
const violation = (field?: string): Violation => ({ code: 'X', ...(field ? { field } : {}), message: { de: 'd', en: 'e' } });

describe('getPath / setPath', () => {
  it.each([
    [{ a: { b: 1 } }, 'a.b', 1],
    [{ a: { b: 1 } }, 'a', { b: 1 }],
    [{ a: { b: 1 } }, 'a.c', undefined],
    [{ a: 5 }, 'a.b', undefined],
    [{ a: [1, 2] }, 'a.0', undefined],
    [null, 'a', undefined],
  ])('%j at %s → %j', (data, path, expected) => {
    expect(getPath(data, path)).toEqual(expected);
  });

  it('sets nested values without touching the original', () => {
    const data = { a: { b: 1, c: 2 }, d: 3 };
    const next = setPath(data, 'a.b', 9);
    expect(next).toEqual({ a: { b: 9, c: 2 }, d: 3 });
    expect(data.a.b).toBe(1);
  });

  it('creates missing objects and replaces non-objects on the way', () => {
    expect(setPath({}, 'x.y.z', 'v')).toEqual({ x: { y: { z: 'v' } } });
    expect(setPath({ x: 4 }, 'x.y', true)).toEqual({ x: { y: true } });
  });
});

describe('mergePatch', () => {
  it('merges objects, deletes on null and replaces arrays', () => {
    expect(mergePatch({ a: { b: 1, c: 2 }, l: [1, 2], k: 1 }, { a: { b: 3 }, l: [9], k: null, n: 'x' }))
      .toEqual({ a: { b: 3, c: 2 }, l: [9], n: 'x' });
  });
});

describe('isVisible', () => {
  it.each<[FieldSpec['visibleWhen'], unknown, boolean]>([
    [undefined, {}, true],
    [{ field: 'kind' }, { kind: 'O' }, true],
    [{ field: 'kind' }, { kind: '' }, false],
    [{ field: 'kind' }, {}, false],
    [{ field: 'flag' }, { flag: false }, false],
    [{ field: 'list' }, { list: [] }, false],
    [{ field: 'list' }, { list: ['a'] }, true],
    [{ field: 'kind', equals: ['O', 'E'] }, { kind: 'O' }, true],
    [{ field: 'kind', equals: ['O', 'E'] }, { kind: 'N' }, false],
    [{ field: 'kind', equals: ['O'] }, {}, false],
    [{ field: 'a.b', equals: [true] }, { a: { b: true } }, true],
    [{ field: 'a.b', equals: [true] }, { a: { b: false } }, false],
    [{ field: 'n', equals: [3] }, { n: '3' }, true],
    [{ field: 'tags', equals: ['x'] }, { tags: ['y', 'x'] }, true],
  ])('%j with %j → %s', (visibleWhen, data, expected) => {
    expect(isVisible({ visibleWhen }, data)).toBe(expected);
  });
});

describe('fieldOfViolation', () => {
  const fields = [field('address', 'address'), field('photo.code'), field('photo.takenBy'), field('kind', 'select'), field('kind.detail')];

  it.each<[string | undefined, string | null]>([
    ['kind', 'kind'],
    ['kind.detail', 'kind.detail'],
    ['address.postcode', 'address'],
    ['photo', 'photo.code'],
    ['unknown', null],
    [undefined, null],
  ])('%s → %s', (path, expected) => {
    expect(fieldOfViolation(violation(path), fields)?.name ?? null).toBe(expected);
  });

  it('groups violations by field, case-wide ones under ""', () => {
    const grouped = violationsByField([violation('address.city'), violation(), violation('address'), violation('nope')], fields);
    expect(grouped.get('address')).toHaveLength(2);
    expect(grouped.get('')).toHaveLength(2);
  });
});

describe('steps', () => {
  const steps: FormStep[] = [
    { id: 'a', title: label, fields: [field('name'), field('birth', 'date')] },
    { id: 'b', title: label, fields: [field('fingerprints', 'device'), field('signature', 'signature')] },
  ];

  it('finds the step of a field', () => {
    expect(stepOfField(steps, 'signature')).toBe(1);
    expect(stepOfField(steps, 'name')).toBe(0);
    expect(stepOfField(steps, 'nope')).toBe(-1);
  });

  it('marks the steps that have violations', () => {
    expect([...stepsWithViolations(steps, [violation('fingerprints.left'), violation(), violation('name')])].sort()).toEqual([0, 1]);
  });
});

describe('fromInputValue', () => {
  it.each<[FieldSpec['kind'], unknown, unknown]>([
    ['text', '  Müller ', 'Müller'],
    ['text', '   ', null],
    ['number', '3', 3],
    ['number', '1,5', 1.5],
    ['number', '', null],
    ['number', 'abc', 'abc'],
    ['boolean', true, true],
    ['boolean', undefined, false],
    ['multiselect', ['a'], ['a']],
    ['date', '2026-03-01', '2026-03-01'],
    ['device', 'x', undefined],
    ['signature', 'x', undefined],
    ['upload', 'x', undefined],
  ])('%s %j → %j', (kind, input, expected) => {
    expect(fromInputValue(field('f', kind), input)).toEqual(expected);
  });

  it('keeps the parts of an address and drops an empty one', () => {
    expect(fromInputValue(field('a', 'address'), { street: ' Hauptstr. ', houseNumber: '1', postcode: '44787', city: 'Bochum', addition: '' }))
      .toEqual({ street: 'Hauptstr.', houseNumber: '1', addition: null, postcode: '44787', city: 'Bochum' });
    expect(fromInputValue(field('a', 'address'), { street: '' })).toBeNull();
  });
});

describe('stepPatch', () => {
  const step: FormStep = {
    id: 's', title: label, fields: [
      field('kind', 'select'),
      field('recipient.authority', 'text', { visibleWhen: { field: 'kind', equals: ['O'] } }),
      field('pages', 'number'),
      field('photo', 'device'),
    ],
  };

  it('sends the visible fields of the step as nested objects, emptied ones as null', () => {
    expect(stepPatch(step, { kind: 'O', recipient: { authority: ' Jugendamt ' }, pages: '' }))
      .toEqual({ kind: 'O', recipient: { authority: 'Jugendamt' }, pages: null });
  });

  it('leaves out hidden fields and device results', () => {
    expect(stepPatch(step, { kind: 'N', recipient: { authority: 'x' }, pages: '2', photo: 'att-1' })).toEqual({ kind: 'N', pages: 2 });
  });

  it('round-trips stored data through the inputs', () => {
    const data = { kind: 'O', recipient: { authority: 'Jugendamt' }, pages: 2 };
    expect(mergePatch(data, stepPatch(step, stepValues(step, data)))).toEqual(data);
  });
});

describe('money', () => {
  it.each([
    ['46', 4600], ['46,00', 4600], ['46.5', 4650], ['0,05', 5], ['13 €', 1300], ['', null], ['4,555', null], ['-3', null], ['abc', null],
  ])('parseEuro(%j) → %j', (input, expected) => {
    expect(parseEuro(input)).toBe(expected);
  });

  it('formats cents in German and English', () => {
    expect(formatCents(4600, 'de').replace(/\s/g, ' ')).toBe('46,00 €');
    expect(formatCents(1300, 'en')).toBe('€13.00');
  });
});

describe('imageAttachment', () => {
  const attachments = [
    { id: 'p', kind: 'photo', mediaType: 'image/png', deleted: false, createdAt: '' },
    { id: 'f', kind: 'fingerprint', mediaType: 'image/png', deleted: true, createdAt: '' },
    { id: 'd', kind: 'scan', mediaType: 'application/pdf', deleted: false, createdAt: '' },
  ];
  it.each([['p', 'p'], ['f', null], ['d', null], ['x', null], [3, null]])('%j → %j', (value, expected) => {
    expect(imageAttachment(value, attachments)?.id ?? null).toBe(expected);
  });
});
