/**
 * The shapes the case API answers with; web/src/api/cases.ts mirrors them for the office UI.
 */
import { z } from 'zod';
import { caseStates } from './state-machine.ts';

export const textSchema = z.object({ de: z.string(), en: z.string() });

export const violationSchema = z.object({ code: z.string(), field: z.string().optional(), message: textSchema });
export const noticeSchema = z.object({ code: z.string(), message: textSchema, acknowledgeField: z.string().optional() });

export const applicantKinds = ['legal_representative', 'betreuer', 'parent', 'care_home_head', 'authorised_person'] as const;

export const applicantSchema = z.union([
  z.object({ kind: z.literal('self') }),
  z.object({
    kind: z.enum(applicantKinds),
    name: z.string().max(200),
    personId: z.string().max(64).nullable().optional(),
    address: z.string().max(500).nullable().optional(),
    scope: z.array(z.string().max(100)).max(20).optional(),
    evidence: z.string().max(500),
  }),
]);

const feeItemSchema = z.object({
  code: z.string(), label: z.string(), amountCents: z.number().int(), legalBasis: z.string(),
  quantity: z.number().int().optional(), unitCents: z.number().int().optional(),
});

export const feeQuoteSchema = z.object({
  serviceId: z.string(),
  applicationDate: z.string(),
  ageAtApplication: z.number().int().nullable(),
  items: z.array(feeItemSchema),
  totalCents: z.number().int(),
  waived: z.object({ kind: z.string(), reason: z.string() }).nullable(),
  split: z.object({ municipalityCents: z.number().int(), federalCents: z.number().int() }).nullable(),
  tables: z.array(z.object({ id: z.string(), validFrom: z.string(), validUntil: z.string().nullable() })),
  notes: z.array(z.string()).optional(),
});

export const casePersonSchema = z.object({
  id: z.string(), familyName: z.string(), givenNames: z.array(z.string()), birthDate: z.string().nullable(),
});

export const caseStateSchema = z.enum(caseStates);
export const uiActionSchema = z.enum(['update', 'capture', 'pay', 'complete', 'close', 'hand_over', 'cancel', 'review']);

export const caseViewSchema = z.object({
  id: z.string(),
  number: z.string(),
  serviceId: z.string(),
  serviceName: textSchema,
  state: caseStateSchema,
  stateBeforeReview: z.string().nullable(),
  person: casePersonSchema.nullable(),
  applicant: applicantSchema,
  data: z.record(z.string(), z.unknown()),
  violations: z.array(violationSchema),
  notices: z.array(noticeSchema),
  fee: feeQuoteSchema.nullable(),
  paidCents: z.number().int(),
  outstandingCents: z.number().int(),
  payments: z.array(z.object({
    id: z.string(), method: z.enum(['cash', 'card']), amountCents: z.number().int(), receiptNumber: z.string(), paidAt: z.string(),
    recordedBy: z.string(), cardReference: z.string().nullable(),
  })),
  documents: z.array(z.object({ id: z.string(), kind: z.string(), title: z.string(), code: z.string().nullable(), issuedAt: z.string() })),
  messages: z.array(z.object({
    id: z.string(), kind: z.string(), status: z.string(), recipientName: z.string(), dueBy: z.string().nullable(), attempts: z.number().int(), lastError: z.string().nullable(),
  })),
  attachments: z.array(z.object({ id: z.string(), kind: z.string(), mediaType: z.string(), deleted: z.boolean(), createdAt: z.string() })),
  history: z.array(z.object({
    at: z.string(), actor: z.string(), action: z.string(), fromState: z.string().nullable(), toState: z.string().nullable(), note: z.string().nullable(),
  })),
  allowedActions: z.array(uiActionSchema),
  reviewReason: z.string().nullable(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type CaseView = z.infer<typeof caseViewSchema>;

export const caseSummarySchema = z.object({
  id: z.string(),
  number: z.string(),
  serviceId: z.string(),
  serviceName: textSchema,
  state: caseStateSchema,
  person: casePersonSchema.nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  reviewReason: z.string().nullable().optional(),
});
export type CaseSummary = z.infer<typeof caseSummarySchema>;
