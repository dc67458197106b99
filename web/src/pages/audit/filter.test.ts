import { describe, expect, it } from 'vitest';
import { auditFilterFromUrl, auditFilterIssues, auditFilterToUrl, auditQuery, emptyAuditFilter, pageCount } from './filter.ts';

const form = (over: Partial<typeof emptyAuditFilter>) => ({ ...emptyAuditFilter, ...over });
const personId = '0b6f5a8e-1c2d-4e3f-8a9b-0c1d2e3f4a5b';

describe('auditFilterIssues', () => {
  it.each([
    [form({}), []],
    [form({ from: '01.03.2026', to: '01.03.2026' }), []],
    [form({ from: '1.3.2026', to: '2026-03-31' }), []],
    [form({ from: '02.03.2026', to: '01.03.2026' }), ['range']],
    [form({ from: '03.2026' }), ['from']],
    [form({ from: '31.02.2026' }), ['from']],
    [form({ to: 'gestern' }), ['to']],
    [form({ personId: 'Müller' }), ['personId']],
    [form({ personId: ` ${personId.toUpperCase()} ` }), []],
  ])('%j → %j', (input, issues) => {
    expect(auditFilterIssues(input)).toEqual(issues);
  });
});

describe('auditQuery', () => {
  it('sends only filled fields, with the page', () => {
    expect(auditQuery(form({ from: '01.03.2026', to: '31.03.2026', actor: ' anna ', personId: personId.toUpperCase() }), 3))
      .toEqual({ from: '2026-03-01', to: '2026-03-31', actor: 'anna', personId, page: 3, pageSize: 50 });
  });

  it('sends nothing while the filter is wrong', () => {
    expect(auditQuery(form({ from: '02.03.2026', to: '01.03.2026' }), 1)).toBeNull();
  });
});

describe('URL round trip', () => {
  it('keeps filter and page under German names, days as ISO', () => {
    const input = form({ from: '01.03.2026', action: 'register.*' });
    const url = auditFilterToUrl(input, 2);
    expect(url.toString()).toBe('von=2026-03-01&aktion=register.*&seite=2');
    expect(auditFilterFromUrl(url)).toEqual({ form: input, page: 2 });
  });

  it.each(['0', '-1', 'x', '1.5'])('reads page %j as 1', (page) => {
    expect(auditFilterFromUrl(new URLSearchParams({ seite: page })).page).toBe(1);
  });
});

describe('pageCount', () => {
  it.each([[0, 1], [1, 1], [50, 1], [51, 2], [1000, 20]])('%i entries → %i pages', (total, pages) => {
    expect(pageCount(total, 50)).toBe(pages);
  });
});
