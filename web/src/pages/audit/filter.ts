import type { AuditFilter } from '../../api/audit.ts';

/** The filter form as typed; dates come from <input type="date"> as YYYY-MM-DD. */
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

const isoDay = /^\d{4}-\d{2}-\d{2}$/;
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type AuditFilterIssue = 'from' | 'to' | 'range' | 'personId';

/** What is wrong with a filter, field by field; empty when it can be sent. */
export function auditFilterIssues(form: AuditFilterForm): AuditFilterIssue[] {
  const issues: AuditFilterIssue[] = [];
  if (form.from && !isoDay.test(form.from)) issues.push('from');
  if (form.to && !isoDay.test(form.to)) issues.push('to');
  if (isoDay.test(form.from) && isoDay.test(form.to) && form.from > form.to) issues.push('range');
  if (form.personId.trim() && !uuid.test(form.personId.trim())) issues.push('personId');
  return issues;
}

export function auditFilterFromUrl(params: URLSearchParams): { form: AuditFilterForm; page: number } {
  const form = { ...emptyAuditFilter };
  for (const key of Object.keys(urlKeys) as (keyof AuditFilterForm)[]) form[key] = params.get(urlKeys[key]) ?? '';
  const page = Number(params.get(pageKey));
  return { form, page: Number.isInteger(page) && page >= 1 ? page : 1 };
}

export function auditFilterToUrl(form: AuditFilterForm, page = 1): URLSearchParams {
  const params = new URLSearchParams();
  for (const key of Object.keys(urlKeys) as (keyof AuditFilterForm)[]) {
    const value = form[key].trim();
    if (value) params.set(urlKeys[key], value);
  }
  if (page > 1) params.set(pageKey, String(page));
  return params;
}

/** The API query: only valid, filled fields (a broken filter is never sent silently widened). */
export function auditQuery(form: AuditFilterForm, page: number): AuditFilter | null {
  if (auditFilterIssues(form).length > 0) return null;
  return {
    ...(form.from ? { from: form.from } : {}),
    ...(form.to ? { to: form.to } : {}),
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
