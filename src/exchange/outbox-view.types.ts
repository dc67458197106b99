import { z } from 'zod';
import { outboundStatuses } from './schema.ts';

export const outboundKinds = ['xmeld_rueckmeldung', 'id_order', 'bzr_application'] as const;

export const outboxMessageSummarySchema = z.object({
  id: z.string(),
  kind: z.enum(outboundKinds),
  status: z.enum(outboundStatuses),
  recipientName: z.string(),
  caseId: z.string().nullable(),
  caseNumber: z.string().nullable(),
  dueBy: z.string().nullable().describe('YYYY-MM-DD: the last day the message may go out (Rückmeldung: 3 working days)'),
  overdue: z.boolean().describe('Not delivered (and not cancelled) and the due day has passed'),
  deliveredLate: z.boolean().describe('Delivered after the due day'),
  attempts: z.number().int(),
  lastError: z.string().nullable(),
  nextAttemptAt: z.string().nullable().describe('ISO 8601: when the next attempt is due (pending only)'),
  deliveredAt: z.string().nullable(),
  fileName: z.string().nullable(),
  transport: z.string().nullable(),
  transportReference: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type OutboxMessageSummary = z.infer<typeof outboxMessageSummarySchema>;

export const outboxDeliverySchema = z.object({
  attempt: z.number().int(),
  outcome: z.string().describe('delivered | error | rejected'),
  error: z.string().nullable(),
  transport: z.string().nullable(),
  transportReference: z.string().nullable(),
  fileName: z.string().nullable(),
  mediaType: z.string().nullable(),
  contentSha256: z.string().nullable().describe('SHA-256 of exactly the bytes sent (the bytes are not kept)'),
  contentBytes: z.number().int().nullable(),
  startedAt: z.string(),
  finishedAt: z.string(),
});

export const outboxMessageDetailSchema = outboxMessageSummarySchema.extend({
  /** The domain payload (personal data); null when the reader's role may not see register data. */
  payload: z.record(z.string(), z.unknown()).nullable(),
  payloadWithheld: z.boolean().describe('true when the payload exists but the reader\'s role may not see it'),
  deliveries: z.array(outboxDeliverySchema),
});
export type OutboxMessageDetail = z.infer<typeof outboxMessageDetailSchema>;

export const outboxListSchema = z.object({
  messages: z.array(outboxMessageSummarySchema),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});
export type OutboxList = z.infer<typeof outboxListSchema>;
