/**
 * The clerk's review queue of kit captures: what the Rathaus did not apply on arrival (the
 * person's register entry changed since the tour package, a rule refused a step, an unknown
 * kind), per case with all its held steps. The clerk looks at it against the current register and
 * decides: apply the case's steps after all (in their order, through the same use cases; the
 * numbers must still be the kit's), or set them aside with a reason. Either way the decision is
 * recorded on each receipt; nothing disappears.
 */
import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import { recordAccess } from '../audit/record-access.ts';
import { actorCan, type Actor } from '../identity/principal.ts';
import type { AppContext } from '../platform/context.ts';
import type { Db } from '../platform/db/database.ts';
import { AppError, forbidden } from '../platform/errors.ts';
import { kits } from '../planning/schema.ts';
import { persons } from '../register/schema.ts';
import { directIngestTx } from './db-stores.ts';
import { kitEventHandlers } from './event-handlers.ts';
import { kitEventReceipts } from './schema.ts';
import { localizedMessageOf, type LocalizedText } from '../platform/localized-text.ts';

export interface KitReviewItem {
  streamId: string;
  kitName: string;
  code: string;
  reason: string;
  /** The reason in German and English, where the refusing AppError carried its own translation. */
  message?: LocalizedText;
  capturedAt: string;
  receivedAt: string;
  serviceId: string | null;
  person: { id: string; name: string } | null;
  steps: { eventId: string; seq: number; kind: string; code: string | null }[];
}

function requireReviewer(actor: Actor): void {
  if (!actorCan(actor, 'cases.review')) throw forbidden('Only clerks decide kit captures in review.');
}

export async function listKitReviews(ctx: AppContext, actor: Actor): Promise<KitReviewItem[]> {
  requireReviewer(actor);
  const db = ctx.database.db;
  const rows = await db.select({ receipt: kitEventReceipts, kitName: kits.name }).from(kitEventReceipts)
    .innerJoin(kits, eq(kits.id, kitEventReceipts.kitId))
    .where(and(eq(kitEventReceipts.municipalityId, actor.municipalityId), eq(kitEventReceipts.status, 'review'), isNull(kitEventReceipts.resolvedAt)))
    .orderBy(asc(kitEventReceipts.receivedAt), asc(kitEventReceipts.seq));
  const byStream = new Map<string, typeof rows>();
  for (const row of rows) byStream.set(row.receipt.streamId, [...(byStream.get(row.receipt.streamId) ?? []), row]);
  const personIds = [...new Set(rows.map((r) => r.receipt.event.payload.personId).filter((id): id is string => typeof id === 'string'))];
  const names = personIds.length === 0 ? [] : await db.select({ id: persons.id, familyName: persons.familyName, givenNames: persons.givenNames }).from(persons).where(inArray(persons.id, personIds));
  if (personIds.length > 0) {
    await recordAccess(db, {
      municipalityId: actor.municipalityId, actor, action: 'kit.review.list', dataCategories: ['names'], personIds: names.map((n) => n.id),
      purpose: 'Prüfung von Koffer-Erfassungen',
    }, ctx.now());
  }
  return [...byStream.entries()].map(([streamId, items]) => {
    const first = items[0]!.receipt;
    const personId = items.map((i) => i.receipt.event.payload.personId).find((id): id is string => typeof id === 'string') ?? null;
    const person = personId ? names.find((n) => n.id === personId) : undefined;
    const opened = items.find((i) => i.receipt.kind === 'case.opened')?.receipt.event.payload;
    const message = localizedMessageOf(first.result);
    return {
      streamId, kitName: items[0]!.kitName, code: first.code ?? 'REVIEW', reason: first.reason ?? '', ...(message ? { message } : {}),
      capturedAt: first.capturedAt.toISOString(), receivedAt: first.receivedAt.toISOString(),
      serviceId: typeof opened?.serviceId === 'string' ? opened.serviceId : null,
      person: person ? { id: person.id, name: `${person.givenNames.join(' ')} ${person.familyName}` } : personId ? { id: personId, name: '(nicht mehr im Register)' } : null,
      steps: items.map((i) => ({ eventId: i.receipt.eventId, seq: i.receipt.seq, kind: i.receipt.kind, code: i.receipt.code })),
    };
  });
}

/**
 * The clerk's decision on a case in review. `apply` runs its held steps in order through the
 * same handlers (the register check is the clerk's own now; the numbers must still be the kit's);
 * it stops at a step a rule refuses, leaving that one and the later ones in review with the new
 * reason. `set_aside` records the reason on every step and applies nothing.
 */
export async function resolveKitReview(
  ctx: AppContext, actor: Actor, streamId: string, input: { decision: 'apply' | 'set_aside'; reason: string },
): Promise<{ applied: number; setAside: number; stillInReview: number }> {
  requireReviewer(actor);
  if (input.reason.trim() === '') throw new AppError('REVIEW_REASON_MISSING', 'Say why (what you checked against the register, or why the capture is set aside).', 400);
  const db = ctx.database.db;
  const receipts = await db.select().from(kitEventReceipts)
    .where(and(eq(kitEventReceipts.municipalityId, actor.municipalityId), eq(kitEventReceipts.streamId, streamId), eq(kitEventReceipts.status, 'review'), isNull(kitEventReceipts.resolvedAt)))
    .orderBy(asc(kitEventReceipts.seq));
  if (receipts.length === 0) throw new AppError('REVIEW_NOT_FOUND', 'This kit capture is not (or no longer) in review.', 404);
  const now = ctx.now();
  const resolvedBy = 'kind' in actor ? null : actor.userId;
  if (input.decision === 'set_aside') {
    await db.update(kitEventReceipts).set({ resolvedAt: now, resolvedBy, resolution: `beiseitegelegt: ${input.reason.trim()}` })
      .where(inArray(kitEventReceipts.eventId, receipts.map((r) => r.eventId)));
    return { applied: 0, setAside: receipts.length, stillInReview: 0 };
  }
  const handlers = kitEventHandlers(ctx, { checkRegister: false });
  let applied = 0;
  for (const receipt of receipts) {
    const handler = Object.hasOwn(handlers, receipt.kind) ? handlers[receipt.kind] : undefined;
    if (!handler) break;
    try {
      await db.transaction(async (raw) => {
        const tx = raw as unknown as Db;
        const outcome = await handler(directIngestTx(tx), receipt.event, { kitId: receipt.kitId, municipalityId: receipt.municipalityId, capturedAt: receipt.capturedAt, receivedAt: receipt.receivedAt });
        if (outcome.status !== 'applied') throw new AppError(outcome.code, outcome.reason, 422);
        await tx.update(kitEventReceipts).set({
          status: 'applied', result: outcome.result ?? null, resolvedAt: now, resolvedBy, resolution: `angewandt nach Prüfung: ${input.reason.trim()}`,
        }).where(eq(kitEventReceipts.eventId, receipt.eventId));
      });
      applied += 1;
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      // The new reason replaces the old one, its translation too (ingest.ts keeps it as the held step's result).
      const message = localizedMessageOf(error.details);
      await db.update(kitEventReceipts).set({ code: error.code, reason: error.message, result: message ? { message } : null }).where(eq(kitEventReceipts.eventId, receipt.eventId));
      break;
    }
  }
  return { applied, setAside: 0, stillInReview: receipts.length - applied };
}
