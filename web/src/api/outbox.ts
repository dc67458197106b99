import type { ApiClient } from './client.ts';

/** The outbox API (server: src/exchange/routes.ts): outgoing messages and their delivery. */
export interface OutboxMessage {
  id: string;
  caseId: string | null;
  caseNumber?: string | null;
  kind: string;
  status: string;
  recipientName: string;
  dueBy: string | null;
  overdue?: boolean;
  attempts: number;
  lastError: string | null;
  deliveredAt: string | null;
  createdAt: string;
  nextAttemptAt?: string | null;
}

export const listOutbox = (api: ApiClient, filter: { status?: string; kind?: string }, signal?: AbortSignal) =>
  api.get<{ messages: OutboxMessage[] }>('/api/outbox', { query: { ...filter }, signal }).then((r) => r.messages);

export const retryMessage = (api: ApiClient, id: string) => api.post<unknown>(`/api/outbox/${encodeURIComponent(id)}/retry`, {});

export const cancelMessage = (api: ApiClient, id: string, reason: string) =>
  api.post<unknown>(`/api/outbox/${encodeURIComponent(id)}/cancel`, { reason });
