import { z } from 'zod';
import type { AreaRoutes } from '../platform/http/types.ts';
import { listAuditEntries, timeBound } from './list-entries.ts';
import { retentionReport } from './retention.ts';
import { verifyAuditChain } from './verify-chain.ts';
import { errorBody, principalOf } from '../platform/http/route-helpers.ts';

const bound = (edge: 'from' | 'to') => z.string()
  .refine((text) => timeBound(text, edge) !== null, 'must be a day (2026-03-01) or an instant with offset (2026-03-01T08:00:00Z)');

const entriesQuery = z.object({
  from: bound('from').optional().describe('Written on or after: a day (German time) or an ISO 8601 instant'),
  to: bound('to').optional().describe('Written up to: a day (included, German time) or an ISO 8601 instant (excluded)'),
  actor: z.string().min(1).max(200).optional().describe('Username of the staff member or name of the system actor'),
  action: z.string().regex(/^[a-z0-9_]+(\.[a-z0-9_]+)*(\.\*)?$/, 'must be an action such as register.person.read, or a family such as register.*')
    .max(200).optional().describe('An action, or a family of actions ending in .*'),
  personId: z.uuid().optional().describe('Only entries that touched this person'),
  page: z.coerce.number().int().min(1).max(1_000_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});

const entrySchema = z.object({
  seq: z.number().int(),
  at: z.string().describe('ISO 8601, UTC'),
  actorName: z.string(),
  actorRoles: z.array(z.string()),
  action: z.string(),
  dataCategories: z.array(z.string()),
  personIds: z.array(z.string()),
  hitCount: z.number().int(),
  purpose: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
});

const verificationSchema = z.object({
  ok: z.boolean(),
  checked: z.number().int(),
  fromSeq: z.number().int(),
  toSeq: z.number().int(),
  problems: z.array(z.object({
    seq: z.number().int(),
    kind: z.enum(['altered', 'missing', 'reordered', 'head_mismatch']),
    message: z.string(),
  })),
  problemsOmitted: z.number().int(),
});

const retentionSchema = z.object({
  timeZone: z.string(),
  cutoff: z.string().describe('Entries written before this instant are due for deletion'),
  oldestEntry: z.object({ seq: z.number().int(), at: z.string() }).nullable(),
  due: z.object({
    count: z.number().int(),
    fromSeq: z.number().int().nullable(),
    toSeq: z.number().int().nullable(),
    oldestAt: z.string().nullable(),
    newestAt: z.string().nullable(),
  }),
  lastRun: z.object({
    seq: z.number().int(), at: z.string(), actorName: z.string(), deleted: z.number().int(), cutoff: z.string().nullable(),
  }).nullable(),
});

/** The auditor's API: the access log, its integrity and its retention. Nothing from the register. */
export const auditRoutes: AreaRoutes = async (app, ctx) => {
  app.get('/api/audit/entries', {
    config: { access: 'audit.read' },
    schema: {
      tags: ['audit'],
      summary: 'Access-log entries (§ 40 BMG), newest first',
      description: 'Filters combine. Reading the log is itself logged (action audit.read).',
      querystring: entriesQuery,
      response: { 200: z.object({ entries: z.array(entrySchema), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() }), 400: errorBody },
    },
  }, async (request) => {
    const { from, to, ...rest } = request.query;
    return listAuditEntries(ctx, principalOf(request), {
      ...rest,
      from: from === undefined ? undefined : (timeBound(from, 'from') ?? undefined),
      to: to === undefined ? undefined : (timeBound(to, 'to') ?? undefined),
    });
  });

  app.get('/api/audit/verify', {
    config: { access: 'audit.verify' },
    schema: {
      tags: ['audit'],
      summary: 'Check the access log hash chain from the anchor to the head',
      description: 'Recomputes every entry hash. ok is false when entries were altered, deleted, inserted or reordered.',
      response: { 200: verificationSchema },
    },
  }, async (request) => verifyAuditChain(ctx.database.db, principalOf(request).municipalityId));

  app.get('/api/audit/retention', {
    config: { access: 'audit.read' },
    schema: {
      tags: ['audit'],
      summary: 'Retention report: oldest entry, cutoff, entries due, last retention run',
      description: 'Entries are kept at least 12 months and deleted by the end of the following calendar year (§ 40 Abs. 3 BMG); a daily job deletes them.',
      response: { 200: retentionSchema },
    },
  }, async (request) => retentionReport(ctx, principalOf(request).municipalityId));
};
