import { describe, expect, it } from 'vitest';
import { detailText } from './details.ts';

describe('detailText', () => {
  it.each([
    [true, 'ja'],
    [false, 'nein'],
    ['Müller', 'Müller'],
    [42, '42'],
    [['auskunftssperre', 'bedingter_sperrvermerk'], 'auskunftssperre, bedingter_sperrvermerk'],
    [{ from: '2026-03-01' }, '{"from":"2026-03-01"}'],
    [[{ a: 1 }], '[{"a":1}]'],
  ])('%j → %j', (value, text) => {
    expect(detailText(value, 'ja', 'nein')).toBe(text);
  });
});
