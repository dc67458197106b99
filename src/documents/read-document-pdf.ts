import { eq } from 'drizzle-orm';
import { recordAccess } from '../audit/record-access.ts';
import { serviceCases } from '../cases/schema.ts';
import { actorCan, mayReadBlockedPerson, type Actor } from '../identity/principal.ts';
import type { AppContext } from '../platform/context.ts';
import type { Db } from '../platform/db/database.ts';
import { notFound } from '../platform/errors.ts';
import { registerToday } from '../register/dates.ts';
import { activeDisclosureBlocks } from '../register/persons/get-person.ts';
import { loadDocumentPdf } from './issue-documents.ts';

/** Data categories a document discloses, by kind, for the access log. */
export function dataCategoriesOf(kind: string): string[] {
  if (kind === 'meldebestaetigung' || kind === 'meldebescheinigung' || kind === 'address_sticker') return ['names', 'birth', 'addresses'];
  if (kind === 'fee_receipt') return ['names'];
  if (kind === 'handover_record' || kind === 'pin_letter_receipt' || kind === 'antragsuebersicht' || kind === 'fuehrungszeugnis_antrag') return ['names', 'birth', 'addresses', 'documents'];
  return ['names', 'birth'];
}

/**
 * A stored PDF for the office. A document about a person is register data: every download is
 * logged with the case number as purpose (§ 40 BMG), and the document of a person under an
 * Auskunftssperre or bedingtem Sperrvermerk answers 404 to a role that may not see blocked
 * persons — like the case itself (the refusal is logged too).
 */
export async function readDocumentPdf(ctx: AppContext, actor: Actor, documentId: string): Promise<{ pdf: Uint8Array; title: string }> {
  const now = ctx.now();
  return ctx.database.db.transaction(async (transaction) => {
    const tx = transaction as unknown as Db;
    const document = await loadDocumentPdf(tx, actor.municipalityId, documentId);
    if (!document.personId) return document;
    const caseNumber = document.caseId ? await caseNumberOf(tx, document.caseId) : null;
    const blocked = (await activeDisclosureBlocks(tx, [document.personId], registerToday(now))).size > 0;
    const base = { municipalityId: actor.municipalityId, actor, action: 'documents.pdf.read', personIds: [document.personId], purpose: caseNumber ?? document.title };
    const details = {
      documentId, kind: document.kind, title: document.title, code: document.code, ...(blocked ? { blocked: true } : {}),
      ...(blocked && !actorCan(actor, 'register.read_blocked') ? { legitimation: 'visit' } : {}),
    };
    if (blocked && !mayReadBlockedPerson(actor, document.personId)) {
      await recordAccess(tx, { ...base, dataCategories: [], hitCount: 0, details: { ...details, refused: true } }, now);
      return null;
    }
    await recordAccess(tx, { ...base, dataCategories: dataCategoriesOf(document.kind), details }, now);
    return document;
  }).then((document) => {
    // Thrown after the commit, so the refusal stays in the log.
    if (!document) throw notFound('Document');
    return document;
  });
}

async function caseNumberOf(db: Db, caseId: string): Promise<string | null> {
  const [row] = await db.select({ number: serviceCases.number }).from(serviceCases).where(eq(serviceCases.id, caseId));
  return row?.number ?? null;
}
