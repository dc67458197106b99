import type { ApiClient } from './client.ts';

export interface AuditEntry {
  seq: number;
  at: string;
  actorName: string;
  actorRoles: string[];
  action: string;
  dataCategories: string[];
  personIds: string[];
  hitCount: number;
  purpose: string | null;
  details: Record<string, unknown>;
}

export interface AuditPage {
  entries: AuditEntry[];
  total: number;
  page: number;
  pageSize: number;
}

export interface AuditFilter {
  from?: string;
  to?: string;
  actor?: string;
  action?: string;
  personId?: string;
  page?: number;
  pageSize?: number;
}

export interface ChainProblem {
  seq: number;
  kind: 'altered' | 'missing' | 'reordered' | 'head_mismatch';
  message: string;
}

export interface ChainVerification {
  ok: boolean;
  checked: number;
  fromSeq: number;
  toSeq: number;
  problems: ChainProblem[];
  problemsOmitted: number;
}

export interface RetentionReport {
  timeZone: string;
  /** Entries written before this instant are due for deletion. */
  cutoff: string;
  oldestEntry: { seq: number; at: string } | null;
  due: { count: number; fromSeq: number | null; toSeq: number | null; oldestAt: string | null; newestAt: string | null };
  lastRun: { seq: number; at: string; actorName: string; deleted: number; cutoff: string | null } | null;
}

export const listAuditEntries = (api: ApiClient, filter: AuditFilter, signal?: AbortSignal) =>
  api.get<AuditPage>('/api/audit/entries', { query: { ...filter }, signal });

export const verifyAuditChain = (api: ApiClient) => api.get<ChainVerification>('/api/audit/verify');

export const getRetention = (api: ApiClient, signal?: AbortSignal) =>
  api.get<RetentionReport>('/api/audit/retention', { signal });
