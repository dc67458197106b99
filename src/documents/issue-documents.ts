import { createHash, randomUUID } from 'node:crypto';
import { and, asc, eq } from 'drizzle-orm';
import { loadCaseAttachment } from '../cases/attachments.ts';
import type { DocumentRequest } from '../cases/workflow.ts';
import type { AppContext } from '../platform/context.ts';
import type { Db } from '../platform/db/database.ts';
import { AppError, notFound } from '../platform/errors.ts';
import { getMunicipalityProfile } from '../platform/tenancy/profile.ts';
import { imageFormat } from './images.ts';
import { openScannedPdf, ScannedPdfError } from './pdf-pages.ts';
import { isPdf, renderDocumentPdf, type ScannedPage } from './render-pdf.ts';
import { documentVerifications, issuedDocuments } from './schema.ts';
import type { DocumentIssuance, PrintedDocument } from './issuance.ts';
import { certifiesHash, signClaims, signingKey, verifyClaims, type TokenClaims } from './signing.ts';
import { assertValidRequest } from './validate-request.ts';
import { generateVerificationCode } from './verification-code.ts';

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface IssuedDocumentSummary {
  id: string;
  kind: string;
  title: string;
  code: string | null;
  issuedAt: string;
}

export interface IssueDocumentsInput {
  municipalityId: string;
  caseId: string | null;
  personId: string | null;
  requests: DocumentRequest[];
  issuedBy: { id: string | null; name: string };
  at: Date;
}

/**
 * Renders, signs and stores the documents of one step of a case, in the caller's transaction:
 * either all documents of the step exist (with their verification records) or none.
 * Every request is checked before the first is rendered, so a bad last request does not cost
 * the rendering of the others.
 */
export async function issueDocuments(tx: Db, ctx: AppContext, input: IssueDocumentsInput): Promise<IssuedDocumentSummary[]> {
  const issuance = ctx.documentIssuance;
  const printed = issuance?.printed;
  if (input.requests.length === 0 && !printed?.documents.length) return [];
  input.requests.forEach((request, index) => assertValidRequest(request, index));
  const profile = await getMunicipalityProfile(tx, input.municipalityId);
  const pagesPerRequest: ScannedPage[][] = [];
  for (const [index, request] of input.requests.entries()) pagesPerRequest.push(await loadPages(tx, input.municipalityId, request, index));
  if (printed) return storePrinted(tx, ctx, input, { profile, pagesPerRequest, printed });

  const signer = issuance?.signer ?? (async (db: Db, municipalityId: string) => ({ keyId: null, privateKey: (await signingKey(db, ctx.config.secret, municipalityId)).privateKey }));
  const key = input.requests.some((r) => r.verifiable) ? await signer(tx, input.municipalityId, input.at) : null;
  const summaries: IssuedDocumentSummary[] = [];
  for (const [index, request] of input.requests.entries()) {
    let verification: { claims: TokenClaims; token: string; keyId: string | null } | null = null;
    if (request.verifiable && key) {
      const claims: TokenClaims = {
        code: await freshCode(tx),
        kind: request.kind,
        issuedAt: input.at.toISOString(),
        issuer: profile.authorityName,
        certifies: request.certifies ?? [],
      };
      verification = { claims, token: signClaims(key.privateKey, claims), keyId: key.keyId };
    }
    const pdf = await renderDocumentPdf(request, {
      profile,
      issuedAt: input.at,
      verification: verification ? verifyLinks(ctx.config.publicUrl, verification.claims.code, verification.token) : null,
      pages: pagesPerRequest[index] ?? [],
    });
    const id = await storeDocument(tx, input, request, { id: randomUUID(), pdf, issuedAt: input.at, verification });
    issuance?.issued?.({
      id, kind: request.kind, title: request.title, issuedAt: input.at.toISOString(), pdf,
      code: verification?.claims.code ?? null, token: verification?.token ?? null, keyId: verification?.keyId ?? null,
      issuer: verification?.claims.issuer ?? null, certifies: verification?.claims.certifies ?? [],
    });
    summaries.push({ id, kind: request.kind, title: request.title, code: verification?.claims.code ?? null, issuedAt: input.at.toISOString() });
  }
  return summaries;
}

async function storeDocument(
  tx: Db, input: IssueDocumentsInput, request: DocumentRequest,
  document: { id: string; pdf: Uint8Array; issuedAt: Date; verification: { claims: TokenClaims; token: string; keyId: string | null } | null },
): Promise<string> {
  const { verification } = document;
  await tx.insert(issuedDocuments).values({
    id: document.id,
    municipalityId: input.municipalityId,
    caseId: input.caseId,
    personId: input.personId,
    kind: request.kind,
    title: request.title,
    code: verification?.claims.code ?? null,
    pdf: document.pdf,
    sha256: createHash('sha256').update(document.pdf).digest('hex'),
    issuedAt: document.issuedAt,
    issuedById: input.issuedBy.id,
    issuedByName: input.issuedBy.name,
  });
  if (verification) {
    await tx.insert(documentVerifications).values({
      code: verification.claims.code,
      municipalityId: input.municipalityId,
      documentId: document.id,
      kind: request.kind,
      title: request.title,
      issuedAt: document.issuedAt,
      issuer: verification.claims.issuer,
      certifies: verification.claims.certifies,
      token: verification.token,
      signingKeyId: verification.keyId,
    });
  }
  return document.id;
}

function printedDiffers(what: string): never {
  throw new AppError('KIT_DOCUMENT_DIFFERS',
  `The document the kit printed differs from what the Rathaus issues for this step: ${what}. A clerk compares the paper with the case.`, 422, {
    message: {
      de: 'Das im Koffer gedruckte Dokument weicht von dem ab, was das Rathaus für diesen Schritt ausstellt. Eine Sachbearbeiterin vergleicht das Papier mit dem Vorgang.',
      en: 'The document the kit printed differs from what the Rathaus issues for this step. A clerk compares the paper with the case.',
    },
  });
}

/**
 * The kit's documents of this step, stored as printed: the Rathaus's workflow asks for the same
 * documents (kind, title, and — when checked — what they certify), the kit's token is a valid
 * signature under its delegated key, and the kit's PDF is kept as the record (rendered again from
 * the same code and token only when the kit no longer had it).
 */
async function storePrinted(
  tx: Db, ctx: AppContext, input: IssueDocumentsInput,
  step: { profile: Awaited<ReturnType<typeof getMunicipalityProfile>>; pagesPerRequest: ScannedPage[][]; printed: NonNullable<DocumentIssuance['printed']> },
): Promise<IssuedDocumentSummary[]> {
  const { documents, checkContent, verifyKey } = step.printed;
  if (documents.length !== input.requests.length) printedDiffers(`the kit printed ${documents.length} document(s), the Rathaus's workflow issues ${input.requests.length}`);
  const summaries: IssuedDocumentSummary[] = [];
  for (const [index, request] of input.requests.entries()) {
    const kit = documents[index] as PrintedDocument;
    if (kit.kind !== request.kind) printedDiffers(`document ${index + 1} is a ${kit.kind} on the kit and a ${request.kind} here`);
    if (checkContent && kit.title !== request.title) printedDiffers(`document ${index + 1} is titled "${kit.title}" on the kit and "${request.title}" here`);
    if (request.verifiable !== (kit.code !== null)) printedDiffers(`document ${index + 1} ${request.verifiable ? 'lacks' : 'has'} a verification code on the kit`);
    let verification: { claims: TokenClaims; token: string; keyId: string | null } | null = null;
    if (kit.code !== null) {
      if (!kit.token || !kit.keyId || !kit.issuer) printedDiffers(`document ${index + 1} has a code but no token, key or issuer`);
      const claims: TokenClaims = { code: kit.code, kind: kit.kind, issuedAt: kit.issuedAt, issuer: kit.issuer as string, certifies: kit.certifies };
      if (checkContent && certifiesHash(request.certifies ?? []) !== certifiesHash(kit.certifies)) {
        printedDiffers(`document ${index + 1} ("${kit.title}") certifies other data than the Rathaus's register and case hold now`);
      }
      const key = await verifyKey(kit.keyId as string);
      if (!key || !verifyClaims(key, claims, kit.token as string)) printedDiffers(`the verification token of document ${index + 1} is not the kit's signature of what it certifies`);
      const [taken] = await tx.select({ documentId: documentVerifications.documentId }).from(documentVerifications).where(eq(documentVerifications.code, kit.code));
      if (taken && taken.documentId !== kit.id) printedDiffers(`the verification code ${kit.code} belongs to another document already`);
      verification = { claims, token: kit.token as string, keyId: kit.keyId };
    }
    const issuedAt = new Date(kit.issuedAt);
    const pdf = kit.pdf ?? await renderDocumentPdf(request, {
      profile: step.profile, issuedAt,
      verification: verification ? verifyLinks(ctx.config.publicUrl, verification.claims.code, verification.token) : null,
      pages: step.pagesPerRequest[index] ?? [],
    });
    await storeDocument(tx, input, { ...request, title: kit.title }, { id: kit.id, pdf, issuedAt, verification });
    summaries.push({ id: kit.id, kind: kit.kind, title: kit.title, code: kit.code, issuedAt: issuedAt.toISOString() });
  }
  return summaries;
}

/** What the certificate prints: the QR code carries the token, the typed-in link only the code. */
export function verifyLinks(publicUrl: string, code: string, token: string): { code: string; qrUrl: string; typedUrl: string } {
  const typedUrl = `${publicUrl}/verify/${code}`;
  return { code, qrUrl: `${typedUrl}?t=${token}`, typedUrl };
}

async function freshCode(tx: Db): Promise<string> {
  for (let attempt = 0; attempt < 8; attempt += 1) {
    const code = generateVerificationCode();
    const [taken] = await tx.select({ code: documentVerifications.code }).from(documentVerifications).where(eq(documentVerifications.code, code));
    if (!taken) return code;
  }
  throw new Error('no free verification code after 8 attempts');
}

async function loadPages(tx: Db, municipalityId: string, request: DocumentRequest, index: number): Promise<ScannedPage[]> {
  const pages: ScannedPage[] = [];
  for (const [pageIndex, page] of (request.pages ?? []).entries()) {
    const field = `pages.${pageIndex}`;
    const where = `Document ${index + 1} ("${request.title}"), ${field}`;
    let attachment: Awaited<ReturnType<typeof loadCaseAttachment>>;
    try {
      attachment = await loadCaseAttachment(tx, municipalityId, page.attachmentId);
    } catch (error) {
      if (error instanceof AppError && error.status === 404) {
        throw new AppError('DOCUMENT_PAGE_MISSING', `${where}: attachment ${page.attachmentId} does not exist in this municipality. Scan the page again.`, 422, {
          document: index, field, message: { de: 'Die eingescannte Seite fehlt. Scannen Sie sie erneut.', en: 'The scanned page is missing. Scan it again.' },
        });
      }
      throw error;
    }
    if (attachment.deleted) {
      throw new AppError('DOCUMENT_PAGE_DELETED', `${where}: attachment ${page.attachmentId} was deleted and cannot be printed.`, 422, {
        document: index, field, message: { de: 'Die eingescannte Seite wurde gelöscht und kann nicht gedruckt werden.', en: 'The scanned page was deleted and cannot be printed.' },
      });
    }
    if (!imageFormat(attachment.content)) {
      const problem = isPdf(attachment.content) ? await scannedPdfProblem(attachment.content) : 'it is neither a PNG or JPEG image nor a PDF';
      if (problem) {
        throw new AppError('DOCUMENT_PAGE_FORMAT', `${where}: attachment ${page.attachmentId} (${attachment.mediaType}) cannot be included: ${problem}. Scan the page again as PNG, JPEG or image-only PDF.`, 422, {
          document: index, field,
          message: {
            de: 'Die eingescannte Seite lässt sich nicht in das Dokument übernehmen. Scannen Sie sie erneut als PNG, JPEG oder reines Bild-PDF.',
            en: 'The scanned page cannot be included in the document. Scan it again as PNG, JPEG or image-only PDF.',
          },
        });
      }
    }
    pages.push({ placement: page.placement, content: attachment.content, mediaType: attachment.mediaType });
  }
  return pages;
}

async function scannedPdfProblem(bytes: Uint8Array): Promise<string | null> {
  try {
    await openScannedPdf(bytes);
    return null;
  } catch (error) {
    if (error instanceof ScannedPdfError) return error.message;
    throw error;
  }
}

/** The documents of a case, oldest first. */
export async function listCaseDocuments(db: Db, municipalityId: string, caseId: string): Promise<IssuedDocumentSummary[]> {
  const rows = await db.select({
    id: issuedDocuments.id, kind: issuedDocuments.kind, title: issuedDocuments.title, code: issuedDocuments.code, issuedAt: issuedDocuments.issuedAt,
  }).from(issuedDocuments)
    .where(and(eq(issuedDocuments.municipalityId, municipalityId), eq(issuedDocuments.caseId, caseId)))
    .orderBy(asc(issuedDocuments.issuedAt), asc(issuedDocuments.id));
  return rows.map((row) => ({ ...row, issuedAt: row.issuedAt.toISOString() }));
}

/**
 * Marks a certificate as revoked (issued in error, replaced, lost): the verify page says so from
 * now on. The PDF stays stored, as issued.
 */
export async function revokeDocument(db: Db, input: { municipalityId: string; documentId: string; reason: string; at: Date }): Promise<{ code: string; revokedAt: string }> {
  if (!uuidPattern.test(input.documentId)) throw notFound('Document');
  const reason = input.reason.trim();
  if (reason === '') {
    throw new AppError('DOCUMENT_REVOCATION_REASON_MISSING', 'Say why the document is revoked (e.g. "issued in error", "replaced by a new certificate").', 400, {
      field: 'reason', message: { de: 'Geben Sie den Grund des Widerrufs an.', en: 'Give the reason for the revocation.' },
    });
  }
  const [row] = await db.select({ code: documentVerifications.code, revokedAt: documentVerifications.revokedAt })
    .from(documentVerifications)
    .where(and(eq(documentVerifications.documentId, input.documentId), eq(documentVerifications.municipalityId, input.municipalityId)));
  if (!row) {
    const [document] = await db.select({ id: issuedDocuments.id }).from(issuedDocuments)
      .where(and(eq(issuedDocuments.id, input.documentId), eq(issuedDocuments.municipalityId, input.municipalityId)));
    if (!document) throw notFound('Document');
    throw new AppError('DOCUMENT_NOT_VERIFIABLE', 'This document has no verification code, so there is nothing to revoke; take the paper back instead.', 409);
  }
  if (row.revokedAt) {
    throw new AppError('DOCUMENT_ALREADY_REVOKED', `The document ${row.code} was already revoked on ${row.revokedAt.toISOString()}.`, 409);
  }
  await db.update(documentVerifications)
    .set({ revokedAt: input.at, revocationReason: reason })
    .where(eq(documentVerifications.code, row.code));
  return { code: row.code, revokedAt: input.at.toISOString() };
}

/** The stored PDF with what the download needs to log it. */
export async function loadDocumentPdf(db: Db, municipalityId: string, documentId: string): Promise<{
  pdf: Uint8Array; title: string; kind: string; personId: string | null; caseId: string | null; code: string | null;
}> {
  if (!uuidPattern.test(documentId)) throw notFound('Document');
  const [row] = await db.select({
    pdf: issuedDocuments.pdf, title: issuedDocuments.title, kind: issuedDocuments.kind,
    personId: issuedDocuments.personId, caseId: issuedDocuments.caseId, code: issuedDocuments.code,
  }).from(issuedDocuments).where(and(eq(issuedDocuments.id, documentId), eq(issuedDocuments.municipalityId, municipalityId)));
  if (!row) throw notFound('Document');
  return row;
}

