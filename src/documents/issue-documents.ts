import { createHash } from 'node:crypto';
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
import { signClaims, signingKey, type TokenClaims } from './signing.ts';
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
  if (input.requests.length === 0) return [];
  input.requests.forEach((request, index) => assertValidRequest(request, index));
  const profile = await getMunicipalityProfile(tx, input.municipalityId);
  const pagesPerRequest: ScannedPage[][] = [];
  for (const [index, request] of input.requests.entries()) pagesPerRequest.push(await loadPages(tx, input.municipalityId, request, index));

  const key = input.requests.some((r) => r.verifiable) ? await signingKey(tx, ctx.config.secret, input.municipalityId) : null;
  const summaries: IssuedDocumentSummary[] = [];
  for (const [index, request] of input.requests.entries()) {
    let verification: { claims: TokenClaims; token: string } | null = null;
    if (request.verifiable && key) {
      const claims: TokenClaims = {
        code: await freshCode(tx),
        kind: request.kind,
        issuedAt: input.at.toISOString(),
        issuer: profile.authorityName,
        certifies: request.certifies ?? [],
      };
      verification = { claims, token: signClaims(key.privateKey, claims) };
    }
    const pdf = await renderDocumentPdf(request, {
      profile,
      issuedAt: input.at,
      verification: verification ? verifyLinks(ctx.config.publicUrl, verification.claims.code, verification.token) : null,
      pages: pagesPerRequest[index] ?? [],
    });
    const [row] = await tx.insert(issuedDocuments).values({
      municipalityId: input.municipalityId,
      caseId: input.caseId,
      personId: input.personId,
      kind: request.kind,
      title: request.title,
      code: verification?.claims.code ?? null,
      pdf,
      sha256: createHash('sha256').update(pdf).digest('hex'),
      issuedAt: input.at,
      issuedById: input.issuedBy.id,
      issuedByName: input.issuedBy.name,
    }).returning({ id: issuedDocuments.id });
    if (!row) throw new Error('issued_document insert returned no row');
    if (verification) {
      await tx.insert(documentVerifications).values({
        code: verification.claims.code,
        municipalityId: input.municipalityId,
        documentId: row.id,
        kind: request.kind,
        title: request.title,
        issuedAt: input.at,
        issuer: verification.claims.issuer,
        certifies: verification.claims.certifies,
        token: verification.token,
      });
    }
    summaries.push({ id: row.id, kind: request.kind, title: request.title, code: verification?.claims.code ?? null, issuedAt: input.at.toISOString() });
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

