/**
 * The kinds of capture events the Rathaus knows, each applied by the same use cases as at the
 * counter (open, update, device results, uploads, capture, payment, completion, hand-over,
 * close, cancel), inside the ingestion transaction and at the time the officer captured it.
 *
 * What the kit decided offline is kept: the case's id and number, attachment ids and receipt
 * numbers (numbers only from the ranges reserved for this kit), and the documents it printed:
 * the Rathaus stores them as printed instead of issuing its own. Before a case is opened, the
 * person's register entry is compared with the one the tour package carried: a person who moved,
 * died or got a new document since goes to the clerk's review queue, never silently applied.
 * A kind the Rathaus does not know goes to review too (KIND_UNKNOWN). The kit's access log
 * arrives as audit.access events and is appended to the Rathaus's hash-chained log.
 */
import { and, eq, gte, inArray, like, lte } from 'drizzle-orm';
import { z } from 'zod';
import { recordAccess } from '../audit/record-access.ts';
import { applyDeviceResult } from '../cases/run-device-action.ts';
import { delegatedKey } from '../documents/delegated-keys.ts';
import { issuedDocuments } from '../documents/schema.ts';
import { applicantSchema } from '../cases/case-view.types.ts';
import { cancelCase } from '../cases/cancel-case.ts';
import { captureCase } from '../cases/capture-case.ts';
import { closeCase } from '../cases/close-case.ts';
import { completeCase } from '../cases/complete-case.ts';
import { handOverCase } from '../cases/hand-over-case.ts';
import { openCase } from '../cases/open-case.ts';
import { recordPayment } from '../cases/record-payment.ts';
import { caseAttachments, caseNumberReservations, serviceCases } from '../cases/schema.ts';
import { updateCase } from '../cases/update-case.ts';
import { uploadAttachment } from '../cases/upload-attachment.ts';
import type { Applicant } from '../cases/workflow.ts';
import { isRole } from '../identity/policies.ts';
import type { Actor, Principal } from '../identity/principal.ts';
import { staffUsers } from '../identity/schema.ts';
import type { AppContext } from '../platform/context.ts';
import type { Db } from '../platform/db/database.ts';
import { AppError } from '../platform/errors.ts';
import { addDays, registerToday } from '../register/dates.ts';
import { persons } from '../register/schema.ts';
import { tourStops, tours } from '../planning/schema.ts';
import { visitRequests } from '../requests/schema.ts';
import { registerBasis } from './build-tour-package.ts';
import type { CaptureEvent } from './capture-event.ts';
import { dbUploadStore, type DbIngestTx } from './db-stores.ts';
import type { EventHandler, EventHandlers, EventMeta } from './ingest.ts';

const data = z.record(z.string(), z.unknown());
const caseRef = { caseId: z.uuid() };
/** A document the kit printed in this step (its PDF travels as an upload, by SHA-256). */
const printedRef = z.object({
  id: z.uuid(), kind: z.string().min(1), title: z.string().min(1), issuedAt: z.iso.datetime({ offset: true }),
  code: z.string().nullable(), token: z.string().nullable(), keyId: z.uuid().nullable(), issuer: z.string().nullable(),
  certifies: z.array(z.object({ label: z.string(), value: z.string() })), sha256: z.string().regex(/^[0-9a-f]{64}$/),
});
const printed = { documents: z.array(printedRef).optional() };
const attachmentRef = z.object({ attachmentId: z.uuid(), sha256: z.string().regex(/^[0-9a-f]{64}$/), kind: z.string(), mediaType: z.string(), biometric: z.boolean() });

export const casePayloads = {
  'case.opened': z.object({ ...caseRef, number: z.string().regex(/^\d{4}-\d{6}$/), serviceId: z.string(), personId: z.uuid().nullable(), applicant: applicantSchema, data: data.optional() }),
  'case.updated': z.object({ ...caseRef, data, applicant: applicantSchema.optional() }),
  'case.attached': z.object({ ...caseRef, attachment: attachmentRef }),
  'case.device': z.object({ ...caseRef, action: z.string(), dataPatch: data, attachments: z.array(attachmentRef) }),
  'case.captured': z.object({ ...caseRef, ...printed }),
  'case.paid': z.object({ ...caseRef, ...printed, method: z.enum(['cash', 'card']), amountCents: z.number().int().positive(), cardReference: z.string().optional(), receiptNumber: z.string().regex(/^Q-\d{4}-\d{6}$/) }),
  'case.completed': z.object({ ...caseRef, ...printed }),
  'case.handed_over': z.object({ ...caseRef, ...printed, input: data }),
  'case.closed': z.object(caseRef),
  'case.cancelled': z.object({ ...caseRef, reason: z.string().min(1) }),
} as const;
export type CaseEventKind = keyof typeof casePayloads;

function payloadOf<K extends CaseEventKind>(kind: K, event: CaptureEvent): z.infer<(typeof casePayloads)[K]> {
  const parsed = casePayloads[kind].safeParse(event.payload);
  if (!parsed.success) {
    throw new AppError('EVENT_PAYLOAD_INVALID', `The kit sent a ${kind} event the Rathaus cannot read: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}.`, 422);
  }
  return parsed.data as z.infer<(typeof casePayloads)[K]>;
}

/** The officer who captured the event, as the actor of the use cases (their roles at the Rathaus now, the kit's visits that day). */
async function officerActor(db: Db, event: CaptureEvent, meta: EventMeta, visitSubjects: ReadonlySet<string>): Promise<Principal> {
  const [user] = await db.select().from(staffUsers).where(and(eq(staffUsers.id, event.officerId), eq(staffUsers.municipalityId, meta.municipalityId)));
  if (!user) throw new AppError('OFFICER_UNKNOWN', 'The officer who captured this is not a staff member of the municipality.', 422);
  return {
    userId: user.id, municipalityId: user.municipalityId, username: user.username, displayName: user.displayName,
    roles: user.roles.filter(isRole), sessionId: `kit:${meta.kitId}`, csrfToken: '', visitSubjects,
  };
}

/** The use cases' context: the ingestion transaction as database, the capture time as "now". */
function contextFor(ctx: AppContext, tx: DbIngestTx, meta: EventMeta): AppContext {
  return { ...ctx, database: { ...ctx.database, db: tx.db }, now: () => meta.capturedAt };
}

/** "2026-000123" / "Q-2026-000045" must lie in a range reserved for this kit. */
export async function assertReservedForKit(db: Db, meta: EventMeta, series: 'case' | 'receipt', number: string): Promise<void> {
  const match = /^(?:Q-)?(\d{4})-(\d{6})$/.exec(number);
  const value = Number(match?.[2]);
  const [reservation] = match ? await db.select({ id: caseNumberReservations.id }).from(caseNumberReservations).where(and(
    eq(caseNumberReservations.municipalityId, meta.municipalityId), eq(caseNumberReservations.series, series),
    eq(caseNumberReservations.year, Number(match[1])), lte(caseNumberReservations.rangeStart, value), gte(caseNumberReservations.rangeEnd, value),
    like(caseNumberReservations.reservedFor, `kit:${meta.kitId} %`),
  )) : [];
  if (!reservation) throw new AppError('NUMBER_NOT_RESERVED', `The ${series} number ${number} is not from a range reserved for this kit.`, 422);
}

async function versionOf(db: Db, caseId: string): Promise<number> {
  const [row] = await db.select({ version: serviceCases.version }).from(serviceCases).where(eq(serviceCases.id, caseId));
  if (!row) throw new AppError('CASE_UNKNOWN', 'The kit refers to a case the Rathaus does not have.', 422);
  return row.version;
}

export interface HandlerOptions {
  /**
   * Where attachment contents come from: the kit's uploads at the Rathaus (default), or the kit's
   * own sealed blobs when the kit rebuilds its working database; null = wiped from the kit already.
   */
  content?: (sha256: string) => Promise<Uint8Array | null>;
  /** The Rathaus checks numbers and the register basis; the kit's own replay of its outbox does not. */
  checks?: boolean;
  /** Only the register check off: a clerk who reviewed a capture applies it (numbers are still checked). */
  checkRegister?: boolean;
  /** The persons the kit served on a confirmed visit that day (default: its tours in the Rathaus's database). */
  visitSubjects?: (tx: DbIngestTx, meta: EventMeta) => Promise<ReadonlySet<string>>;
}

/**
 * The persons the kit held in a valid tour package when the officer captured: those on its
 * confirmed tours whose package had not expired yet (tour day + KIT_PACKAGE_VALID_DAYS). That is
 * the officer's legitimation to serve them even under a disclosure block (Principal.visitSubjects).
 */
export async function kitTourSubjects(db: Db, meta: Pick<EventMeta, 'kitId' | 'municipalityId' | 'capturedAt'>, validDays: number): Promise<ReadonlySet<string>> {
  const earliestTourDay = addDays(registerToday(meta.capturedAt), -validDays);
  const tourRows = await db.select({ id: tours.id }).from(tours).where(and(
    eq(tours.municipalityId, meta.municipalityId), eq(tours.kitId, meta.kitId), gte(tours.date, earliestTourDay), inArray(tours.status, ['confirmed', 'done']),
  ));
  if (tourRows.length === 0) return new Set();
  const stops = await db.select({ requestIds: tourStops.requestIds }).from(tourStops).where(inArray(tourStops.tourId, tourRows.map((t) => t.id)));
  const requestIds = stops.flatMap((s) => s.requestIds);
  if (requestIds.length === 0) return new Set();
  const requests = await db.select({ personId: visitRequests.personId }).from(visitRequests).where(inArray(visitRequests.id, requestIds));
  return new Set(requests.map((r) => r.personId).filter((id): id is string => id !== null));
}

/** A step that printed documents on the kit must have issued the same ones here (none left over). */
async function assertDocumentsStored(db: Db, ids: string[]): Promise<void> {
  const stored = await db.select({ id: issuedDocuments.id }).from(issuedDocuments).where(inArray(issuedDocuments.id, ids));
  if (stored.length !== ids.length) {
    throw new AppError('KIT_DOCUMENT_DIFFERS', `The kit printed ${ids.length} document(s) in this step, the Rathaus's workflow issued ${stored.length} of them; a clerk compares the paper with the case.`, 422);
  }
}

/** The kit's clock, corrected by the skew the Rathaus measures, may still be off by this much. */
const clockTolerance = 5 * 60_000;

export function kitEventHandlers(ctx: AppContext, options: HandlerOptions = {}): EventHandlers<DbIngestTx> {
  const checks = options.checks ?? true;
  const checkRegister = options.checkRegister ?? checks;
  /** The content of an attachment, and whether it was wiped (then stored as deleted, like fingerprints after hand-over). */
  const contentOf = async (tx: DbIngestTx, meta: EventMeta, sha256: string): Promise<{ content: Uint8Array; wiped: boolean }> => {
    const content = options.content ? await options.content(sha256) : await dbUploadStore(tx.db, meta.municipalityId).content(meta.kitId, sha256);
    return content ? { content, wiped: false } : { content: new Uint8Array(0), wiped: true };
  };
  const handle = <K extends CaseEventKind>(kind: K, apply: (c: AppContext, actor: Principal, p: z.infer<(typeof casePayloads)[K]>, tx: DbIngestTx, meta: EventMeta) => Promise<Record<string, unknown> | void>): EventHandler<DbIngestTx> =>
    async (tx, event, meta) => {
      const payload = payloadOf(kind, event);
      const actor = await officerActor(tx.db, event, meta, await (options.visitSubjects ?? ((t, m) => kitTourSubjects(t.db, m, ctx.config.kitPackageValidDays)))(tx, meta));
      const documents = 'documents' in payload ? payload.documents : undefined;
      const context = contextFor(ctx, tx, meta);
      if (documents) context.documentIssuance = { printed: await printedDocuments(tx, meta, documents) };
      const result = await apply(context, actor, payload, tx, meta);
      if (documents && documents.length > 0) await assertDocumentsStored(tx.db, documents.map((d) => d.id));
      return { status: 'applied', result: { caseId: payload.caseId, ...(result ?? {}) } };
    };

  /**
   * The kit's documents of the step with their PDFs. At the Rathaus, their tokens must be signed
   * with a key delegated to this very kit, valid when the officer captured, and (unless a clerk
   * who reviewed the capture applies it) certify what the Rathaus's own data say.
   */
  const printedDocuments = async (tx: DbIngestTx, meta: EventMeta, documents: z.infer<typeof printedRef>[]) => ({
    documents: await Promise.all(documents.map(async ({ sha256, ...d }) => {
      const { content, wiped } = await contentOf(tx, meta, sha256);
      return { ...d, pdf: wiped ? null : content };
    })),
    checkContent: checkRegister,
    verifyKey: async (keyId: string) => {
      const key = await delegatedKey(tx.db, keyId);
      if (!key) return null;
      if (!checks) return key.publicKey;
      const capturedAt = meta.capturedAt.getTime();
      const valid = key.holder === `kit:${meta.kitId}` && capturedAt >= key.validFrom.getTime() - clockTolerance && capturedAt <= key.validUntil.getTime() + clockTolerance;
      return valid ? key.publicKey : null;
    },
  });

  return {
    'case.opened': async (tx, event, meta) => {
      const payload = payloadOf('case.opened', event);
      if (payload.personId && checkRegister) {
        const expected = event.basis?.register;
        const [current] = await Promise.all([registerBasis(tx.db, [payload.personId])]);
        const [person] = await tx.db.select({ dateOfDeath: persons.dateOfDeath }).from(persons).where(eq(persons.id, payload.personId));
        if (!person) return { status: 'review', code: 'PERSON_GONE', reason: 'The person is no longer in the register; a clerk decides what becomes of the capture.' };
        if (person.dateOfDeath) return { status: 'review', code: 'PERSON_DECEASED', reason: `The register records the person's death (${person.dateOfDeath}) since the tour package was made; a clerk decides.` };
        if (!expected || current[payload.personId] !== expected) {
          return { status: 'review', code: 'REGISTER_CHANGED', reason: 'The person\'s register entry changed since the tour package was made (a move, a document, a block); a clerk checks the capture against it.' };
        }
      }
      return handle('case.opened', async (c, actor, p) => {
        if (checks) await assertReservedForKit(tx.db, meta, 'case', p.number);
        const opened = await openCase(c, actor, {
          serviceId: p.serviceId, personId: p.personId, applicant: p.applicant as Applicant, ...(p.data ? { data: p.data } : {}), preset: { id: p.caseId, number: p.number },
        });
        return { number: opened.number };
      })(tx, event, meta);
    },
    'case.updated': handle('case.updated', async (c, actor, p) => {
      await updateCase(c, actor, p.caseId, { version: await versionOf(c.database.db, p.caseId), data: p.data, ...(p.applicant ? { applicant: p.applicant as Applicant } : {}) });
    }),
    'case.attached': handle('case.attached', async (c, actor, p, tx, meta) => {
      const { content } = await contentOf(tx, meta, p.attachment.sha256);
      await uploadAttachment(c, actor, p.caseId, { kind: p.attachment.kind, mediaType: p.attachment.mediaType, content, id: p.attachment.attachmentId });
    }),
    'case.device': handle('case.device', async (c, actor, p, tx, meta) => {
      const attachments = [];
      const wiped: string[] = [];
      for (const a of p.attachments) {
        const { content, wiped: gone } = await contentOf(tx, meta, a.sha256);
        if (gone) wiped.push(a.attachmentId);
        attachments.push({ kind: a.kind, mediaType: a.mediaType, biometric: a.biometric, content });
      }
      await applyDeviceResult(c, actor, p.caseId, p.action, { result: { dataPatch: p.dataPatch, attachments }, attachmentIds: p.attachments.map((a) => a.attachmentId) });
      if (wiped.length > 0) await tx.db.update(caseAttachments).set({ content: null, deletedAt: meta.capturedAt }).where(inArray(caseAttachments.id, wiped));
    }),
    'case.captured': handle('case.captured', async (c, actor, p) => {
      await captureCase(c, actor, p.caseId, { version: await versionOf(c.database.db, p.caseId) });
    }),
    'case.paid': handle('case.paid', async (c, actor, p, tx, meta) => {
      if (checks) await assertReservedForKit(tx.db, meta, 'receipt', p.receiptNumber);
      await recordPayment(c, actor, p.caseId, { method: p.method, amountCents: p.amountCents, cardReference: p.cardReference, receiptNumber: p.receiptNumber });
    }),
    'case.completed': handle('case.completed', async (c, actor, p) => {
      await completeCase(c, actor, p.caseId, { version: await versionOf(c.database.db, p.caseId) });
    }),
    'case.handed_over': handle('case.handed_over', async (c, actor, p) => {
      await handOverCase(c, actor, p.caseId, { version: await versionOf(c.database.db, p.caseId), input: p.input });
    }),
    'case.closed': handle('case.closed', async (c, actor, p) => {
      await closeCase(c, actor, p.caseId, { version: await versionOf(c.database.db, p.caseId) });
    }),
    'case.cancelled': handle('case.cancelled', async (c, actor, p) => {
      await cancelCase(c, actor, p.caseId, { version: await versionOf(c.database.db, p.caseId), reason: p.reason });
    }),
    'audit.access': async (tx, event, meta) => {
      // The kit's own replay does not log again what its officers read.
      if (!checks) return { status: 'applied' };
      const parsed = accessPayload.safeParse(event.payload);
      if (!parsed.success) throw new AppError('EVENT_PAYLOAD_INVALID', `The kit sent an access-log entry the Rathaus cannot read: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}.`, 422);
      const { entry } = parsed.data;
      if (entry.municipalityId.toLowerCase() !== meta.municipalityId.toLowerCase()) {
        throw new AppError('ACCESS_LOG_OTHER_MUNICIPALITY', 'The kit sent an access-log entry of another municipality.', 422);
      }
      const actor: Actor = entry.actorId
        ? { userId: entry.actorId, municipalityId: meta.municipalityId, username: entry.actorName, displayName: entry.actorName, roles: entry.actorRoles.filter(isRole), sessionId: `kit:${meta.kitId}`, csrfToken: '' }
        : { kind: 'system', name: entry.actorName, municipalityId: meta.municipalityId };
      await recordAccess(tx.db, {
        municipalityId: meta.municipalityId, actor, action: entry.action, dataCategories: entry.dataCategories, personIds: entry.personIds,
        hitCount: entry.hitCount, purpose: entry.purpose,
        // Where and when it happened on the kit, and the entry's place in the kit's own chain.
        details: { ...entry.details, kit: { kitId: meta.kitId, at: entry.at, seq: entry.seq, hash: entry.hash } },
      }, meta.capturedAt);
      return { status: 'applied', result: { kitSeq: entry.seq } };
    },
  };
}

/** An entry of the kit's access log (its audit_entry row, without the row id and the previous hash). */
const accessPayload = z.object({
  entry: z.object({
    municipalityId: z.uuid(), seq: z.number().int().positive(), at: z.string(), actorId: z.uuid().nullable(), actorName: z.string(), actorRoles: z.array(z.string()),
    action: z.string().min(1), dataCategories: z.array(z.string()), personIds: z.array(z.uuid()), hitCount: z.number().int().nonnegative(),
    purpose: z.string().nullable(), details: z.record(z.string(), z.unknown()), hash: z.string(),
  }),
});
