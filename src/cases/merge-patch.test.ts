import { describe, expect, it } from 'vitest';
import { mergePatch, resolveAttachmentRefs } from './merge-patch.ts';

describe('mergePatch', () => {
  it.each([
    { name: 'adds a key', data: { a: 1 }, patch: { b: 2 }, want: { a: 1, b: 2 } },
    { name: 'replaces a scalar', data: { a: 1 }, patch: { a: 3 }, want: { a: 3 } },
    { name: 'null deletes', data: { a: 1, b: 2 }, patch: { a: null }, want: { b: 2 } },
    { name: 'merges nested objects', data: { address: { street: 'A', city: 'B' } }, patch: { address: { city: 'C' } }, want: { address: { street: 'A', city: 'C' } } },
    { name: 'null deletes nested', data: { address: { street: 'A', city: 'B' } }, patch: { address: { city: null } }, want: { address: { street: 'A' } } },
    { name: 'arrays replace', data: { list: [1, 2, 3] }, patch: { list: [4] }, want: { list: [4] } },
    { name: 'object replaces scalar', data: { a: 1 }, patch: { a: { b: 1 } }, want: { a: { b: 1 } } },
    { name: 'false is a value, not a delete', data: { a: true }, patch: { a: false }, want: { a: false } },
  ])('$name', ({ data, patch, want }) => {
    expect(mergePatch(data, patch)).toEqual(want);
  });

  it('leaves the input unchanged', () => {
    const data = { address: { street: 'A' } };
    mergePatch(data, { address: { street: 'B' } });
    expect(data).toEqual({ address: { street: 'A' } });
  });
});

describe('resolveAttachmentRefs', () => {
  it('replaces references at any depth and inside strings', () => {
    expect(resolveAttachmentRefs({ photo: { attachmentId: '$attachment:0' }, prints: [{ id: '$attachment:1' }], note: 'see $attachment:1', n: 3 }, ['p', 'f']))
      .toEqual({ photo: { attachmentId: 'p' }, prints: [{ id: 'f' }], note: 'see f', n: 3 });
  });

  it('refuses a reference to an attachment the action did not return', () => {
    expect(() => resolveAttachmentRefs({ a: '$attachment:2' }, ['x'])).toThrow(/\$attachment:2/);
  });
});
