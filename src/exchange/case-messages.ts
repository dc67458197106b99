import { asc, eq } from 'drizzle-orm';
import type { Db } from '../platform/db/database.ts';
import { outboundMessages, type OutboundStatus } from './schema.ts';

export interface CaseMessageSummary {
  id: string;
  kind: string;
  status: OutboundStatus | 'cancelled';
  recipientName: string;
  dueBy: string | null;
  attempts: number;
  lastError: string | null;
  deliveredAt: string | null;
  createdAt: string;
}

/** The outbound messages a case produced, oldest first, for the case view and the transmit step. */
export async function listCaseMessages(db: Db, caseId: string): Promise<CaseMessageSummary[]> {
  const rows = await db.select({
    id: outboundMessages.id,
    kind: outboundMessages.kind,
    status: outboundMessages.status,
    recipientName: outboundMessages.recipientName,
    dueBy: outboundMessages.dueBy,
    attempts: outboundMessages.attempts,
    lastError: outboundMessages.lastError,
    deliveredAt: outboundMessages.deliveredAt,
    createdAt: outboundMessages.createdAt,
  }).from(outboundMessages).where(eq(outboundMessages.caseId, caseId)).orderBy(asc(outboundMessages.createdAt));
  return rows;
}
