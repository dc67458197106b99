import { calendarDate } from '../audit/calendar.ts';
import type { OutboxMessageSummary } from './outbox-view.types.ts';
import type { outboundMessages } from './schema.ts';

type MessageRow = typeof outboundMessages.$inferSelect;

const iso = (value: string | null): string | null => (value === null ? null : new Date(value).toISOString());

/** The German civil day of an instant, YYYY-MM-DD: deadlines like the Rückmeldung's run in German days. */
export function germanDay(instant: Date): string {
  const { year, month, day } = calendarDate(instant);
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/**
 * Whether a message is past its due day: a Rückmeldung must leave within 3 working days (§ 33 BMG;
 * the workflow sets the last day as dueBy). Overdue while it has not gone out; delivered late when
 * it went out after that day.
 */
export function deadlineFlags(row: Pick<MessageRow, 'dueBy' | 'status' | 'deliveredAt'>, now: Date): { overdue: boolean; deliveredLate: boolean } {
  if (row.dueBy === null) return { overdue: false, deliveredLate: false };
  if (row.status === 'delivered') {
    return { overdue: false, deliveredLate: row.deliveredAt !== null && germanDay(new Date(row.deliveredAt)) > row.dueBy };
  }
  if (row.status === 'cancelled') return { overdue: false, deliveredLate: false };
  return { overdue: germanDay(now) > row.dueBy, deliveredLate: false };
}

/** The clerk's view of one message, without its payload (no personal data beyond the recipient). */
export function presentMessage(row: MessageRow, now: Date): OutboxMessageSummary {
  const caseNumber = (row.payload as { caseNumber?: unknown }).caseNumber;
  return {
    id: row.id,
    kind: row.kind as OutboxMessageSummary['kind'],
    status: row.status,
    recipientName: row.recipientName,
    caseId: row.caseId,
    caseNumber: typeof caseNumber === 'string' ? caseNumber : null,
    dueBy: row.dueBy,
    ...deadlineFlags(row, now),
    attempts: row.attempts,
    lastError: row.lastError,
    nextAttemptAt: row.status === 'pending' ? iso(row.nextAttemptAt) : null,
    deliveredAt: iso(row.deliveredAt),
    fileName: row.fileName,
    transport: row.transport,
    transportReference: row.transportReference,
    createdAt: iso(row.createdAt) ?? '',
    updatedAt: iso(row.updatedAt) ?? '',
  };
}
