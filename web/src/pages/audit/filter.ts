import type { AuditFilter } from '../../api/audit.ts';
import { formatPartialDate, parseFullDate } from '../../lib/dates.ts';

/**
 * The filter form as typed. Days are typed TT.MM.JJJJ like everywhere in the app (a native date
 * picker would follow the browser's locale, not the page's); the URL and the API get ISO days.
 */
export interface AuditFilterForm {
  from: string;
  to: string;
  actor: string;
  action: string;
  personId: string;
}

export const emptyAuditFilter: AuditFilterForm = { from: '', to: '', actor: '', action: '', personId: '' };
export const auditPageSize = 50;

const urlKeys: Record<keyof AuditFilterForm, string> = { from: 'von', to: 'bis', actor: 'benutzer', action: 'aktion', personId: 'person' };
const pageKey = 'seite';

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type AuditFilterIssue = 'from' | 'to' | 'range' | 'personId';

/** What is wrong with a filter, field by field; empty when it can be sent. */
export function auditFilterIssues(form: AuditFilterForm): AuditFilterIssue[] {
  const issues: AuditFilterIssue[] = [];
  const from = form.from.trim() ? parseFullDate(form.from) : '';
  const to = form.to.trim() ? parseFullDate(form.to) : '';
  if (from === null) issues.push('from');
  if (to === null) issues.push('to');
  if (from && to && from > to) issues.push('range');
  if (form.personId.trim() && !uuid.test(form.personId.trim())) issues.push('personId');
  return issues;
}

export function auditFilterFromUrl(params: URLSearchParams): { form: AuditFilterForm; page: number } {
  const form = { ...emptyAuditFilter };
  for (const key of Object.keys(urlKeys) as (keyof AuditFilterForm)[]) form[key] = params.get(urlKeys[key]) ?? '';
  form.from = formatPartialDate(form.from);
  form.to = formatPartialDate(form.to);
  const page = Number(params.get(pageKey));
  return { form, page: Number.isInteger(page) && page >= 1 ? page : 1 };
}

export function auditFilterToUrl(form: AuditFilterForm, page = 1): URLSearchParams {
  const params = new URLSearchParams();
  for (const key of Object.keys(urlKeys) as (keyof AuditFilterForm)[]) {
    const typed = form[key].trim();
    const value = (key === 'from' || key === 'to') && typed ? (parseFullDate(typed) ?? typed) : typed;
    if (value) params.set(urlKeys[key], value);
  }
  if (page > 1) params.set(pageKey, String(page));
  return params;
}

/** The API query: only valid, filled fields (a broken filter is never sent silently widened). */
export function auditQuery(form: AuditFilterForm, page: number): AuditFilter | null {
  if (auditFilterIssues(form).length > 0) return null;
  const from = form.from.trim() ? parseFullDate(form.from) : null;
  const to = form.to.trim() ? parseFullDate(form.to) : null;
  return {
    ...(from ? { from } : {}),
    ...(to ? { to } : {}),
    ...(form.actor.trim() ? { actor: form.actor.trim() } : {}),
    ...(form.action ? { action: form.action } : {}),
    ...(form.personId.trim() ? { personId: form.personId.trim().toLowerCase() } : {}),
    page,
    pageSize: auditPageSize,
  };
}

export function pageCount(total: number, pageSize: number): number {
  return Math.max(1, Math.ceil(total / pageSize));
}
