import { createHash } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseAttachments, serviceCases } from '../cases/schema.ts';
import type { DocumentRequest } from '../cases/workflow.ts';
import type { Database, Db } from '../platform/db/database.ts';
import { createTestDatabase, testMunicipality } from '../platform/db/testing.ts';
import { AppError } from '../platform/errors.ts';
import { ensureMunicipality } from '../platform/tenancy/municipalities.ts';
import { testContext } from '../platform/testing.ts';
import { issueDocuments, listCaseDocuments, loadDocumentPdf, revokeDocument } from './issue-documents.ts';
import { documentSigningKeys, documentVerifications, issuedDocuments } from './schema.ts';
import { documentRequestFixtures, poppler, testScanPng } from './testing.ts';
import { verifyDocument } from './verify-document.ts';

const at = new Date('2026-03-12T09:30:00.123Z');
const officer = { id: null, name: 'Erika Beispiel' };

describe('issueDocuments', () => {
  let database: Database;
  let ctx: ReturnType<typeof testContext>;
  let municipalityId: string;
  let caseId: string;
  let scanId: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    municipalityId = (await testMunicipality(database)).id;
    ctx = testContext(database, { now: at });
    const [kase] = await database.db.insert(serviceCases).values({
      municipalityId, number: '2026-000001', serviceId: 'beglaubigung_kopie', applicant: { kind: 'self' }, state: 'paid',
      applicationDate: '2026-03-12', createdByName: 'test',
    }).returning({ id: serviceCases.id });
    caseId = kase!.id;
    const scan = testScanPng();
    const [attachment] = await database.db.insert(caseAttachments).values({
      municipalityId, caseId, kind: 'scan', mediaType: 'image/png', content: scan,
      sha256: createHash('sha256').update(scan).digest('hex'), size: scan.length,
    }).returning({ id: caseAttachments.id });
    scanId = attachment!.id;
  });
  afterAll(async () => {
    await database.close();
  });

  const issue = (requests: DocumentRequest[], db: Db = database.db, municipality = municipalityId) =>
    db.transaction((tx) => issueDocuments(tx as unknown as Db, ctx, {
      municipalityId: municipality, caseId, personId: null, requests, issuedBy: officer, at,
    }));

  it('issues every kind of document, signs the verifiable ones and lists them for the case', async () => {
    const requests = Object.values(documentRequestFixtures());
    const summaries = await issue(requests);
    expect(summaries.map((s) => s.kind)).toEqual(requests.map((r) => r.kind));
    for (const [index, summary] of summaries.entries()) {
      const request = requests[index]!;
      expect(summary.title).toBe(request.title);
      expect(summary.issuedAt).toBe(at.toISOString());
      if (request.verifiable) expect(summary.code).toMatch(/^BK-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
      else expect(summary.code).toBeNull();
    }
    const [row] = await database.db.select().from(issuedDocuments).where(eq(issuedDocuments.id, summaries[0]!.id));
    expect(row!.sha256).toBe(createHash('sha256').update(row!.pdf).digest('hex'));
    expect(poppler('pdftotext', row!.pdf)).toContain(summaries[0]!.code!);

    const listed = await listCaseDocuments(database.db, municipalityId, caseId);
    expect(listed.map((d) => d.id)).toEqual(expect.arrayContaining(summaries.map((s) => s.id)));
    const keys = await database.db.select().from(documentSigningKeys);
    expect(keys).toHaveLength(1);
    // The private key is stored sealed, never as plain PKCS#8.
    expect(keys[0]!.privateKeySealed.startsWith('v1.')).toBe(true);

    for (const summary of summaries.filter((s) => s.code)) {
      const result = await verifyDocument(database.db, { code: summary.code! });
      expect(result.status).toBe('genuine');
      expect(result.document?.certifies).toEqual(requests[summaries.indexOf(summary)]!.certifies);
    }
  });

  it('embeds the scanned pages of the case before the Vermerk', async () => {
    const request: DocumentRequest = { ...documentRequestFixtures().beglaubigungsvermerk, pages: [{ attachmentId: scanId, placement: 'before' }] };
    const [summary] = await issue([request]);
    const { pdf } = await loadDocumentPdf(database.db, municipalityId, summary!.id);
    expect(poppler('pdfinfo', pdf)).toMatch(/Pages:\s+2/);
    expect(poppler('pdftotext', pdf, ['-f', '1', '-l', '1'])).toContain('Anlage zu: Beglaubigungsvermerk');
  });

  it('embeds a scanned PDF page by page and refuses one with non-embedded fonts', async () => {
    const addPdf = async (bytes: Uint8Array) => {
      const [row] = await database.db.insert(caseAttachments).values({
        municipalityId, caseId, kind: 'scan', mediaType: 'application/pdf', content: bytes,
        sha256: createHash('sha256').update(bytes).digest('hex'), size: bytes.length,
      }).returning({ id: caseAttachments.id });
      return row!.id;
    };
    const scan = await PDFDocument.create();
    const image = await scan.embedPng(testScanPng());
    for (let i = 0; i < 3; i += 1) scan.addPage([595, 842]).drawImage(image, { x: 0, y: 0, width: 595, height: 842 });
    const request: DocumentRequest = { ...documentRequestFixtures().beglaubigungsvermerk, pages: [{ attachmentId: await addPdf(await scan.save()), placement: 'before' }] };
    const [summary] = await issue([request]);
    const { pdf } = await loadDocumentPdf(database.db, municipalityId, summary!.id);
    expect(poppler('pdfinfo', pdf)).toMatch(/Pages:\s+4/);

    const born = await PDFDocument.create();
    born.addPage().drawText('Rentenbescheid', { font: await born.embedFont(StandardFonts.Helvetica) });
    const withFonts: DocumentRequest = { ...request, pages: [{ attachmentId: await addPdf(await born.save()), placement: 'before' }] };
    await expect(issue([withFonts])).rejects.toMatchObject({ code: 'DOCUMENT_PAGE_FORMAT', message: expect.stringMatching(/fonts that are not embedded/) as unknown });
  });

  it.each([
    ['a scanned page of another municipality (or none)', (): Partial<DocumentRequest> => ({ pages: [{ attachmentId: '00000000-0000-4000-8000-000000000000', placement: 'before' }] }), 'DOCUMENT_PAGE_MISSING'],
    ['a verifiable document without certified fields', (): Partial<DocumentRequest> => ({ certifies: [] }), 'DOCUMENT_CERTIFIES_MISSING'],
    ['a certified field the document does not print', (): Partial<DocumentRequest> => ({ certifies: [{ label: 'Dokument', value: 'ein anderes' }] }), 'DOCUMENT_CERTIFIES_NOT_PRINTED'],
  ])('refuses %s and stores nothing of the step', async (_name, change, code) => {
    const before = (await database.db.select({ id: issuedDocuments.id }).from(issuedDocuments)).length;
    const fixtures = documentRequestFixtures();
    const error = await issue([fixtures.fee_receipt, { ...fixtures.beglaubigungsvermerk, ...change() }]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe(code);
    expect((error as AppError).status).toBe(422);
    expect((await database.db.select({ id: issuedDocuments.id }).from(issuedDocuments)).length).toBe(before);
  });

  it('never lets blocked data given only in certifies reach the verify page', async () => {
    // The workflow left the address of a person under Auskunftssperre off the paper; a mistake in
    // certifies must not publish it through the code.
    const blockedAddress = { label: 'Anschrift', value: 'Geheimweg 1, 44787 Bochum' };
    const base = documentRequestFixtures().lebensbescheinigung;
    const request: DocumentRequest = {
      ...base,
      sections: [{ fields: base.sections[0]!.fields!.filter((f) => f.label !== 'Anschrift') }],
      certifies: [...base.certifies!, blockedAddress],
    };
    const error = await issue([request]).catch((e: unknown) => e) as AppError;
    expect(error.code).toBe('DOCUMENT_CERTIFIES_NOT_PRINTED');
    expect(error.message).not.toContain('Geheimweg');
    expect(JSON.stringify(error.details)).not.toContain('Geheimweg');
    const stored = await database.db.select({ certifies: documentVerifications.certifies }).from(documentVerifications);
    expect(JSON.stringify(stored)).not.toContain('Geheimweg');

    // Printed and certified: the verify page shows the certified fields and nothing else printed.
    const [summary] = await issue([base]);
    const result = await verifyDocument(database.db, { code: summary!.code! });
    expect(result.document?.certifies?.map((f) => f.label)).toEqual(base.certifies!.map((f) => f.label));
    expect(JSON.stringify(result)).not.toContain('Am Stadtpark');
  });

  it('revokes a certificate once, with a reason', async () => {
    const [summary] = await issue([documentRequestFixtures().meldebescheinigung]);
    await expect(revokeDocument(database.db, { municipalityId, documentId: summary!.id, reason: ' ', at })).rejects.toMatchObject({ code: 'DOCUMENT_REVOCATION_REASON_MISSING' });
    const revoked = await revokeDocument(database.db, { municipalityId, documentId: summary!.id, reason: 'irrtümlich ausgestellt', at });
    expect(revoked.code).toBe(summary!.code);
    const result = await verifyDocument(database.db, { code: summary!.code! });
    expect(result.status).toBe('revoked');
    expect(result.document?.certifies).toBeNull();
    expect(result.document?.revocationReason).toBe('irrtümlich ausgestellt');
    await expect(revokeDocument(database.db, { municipalityId, documentId: summary!.id, reason: 'noch mal', at })).rejects.toMatchObject({ code: 'DOCUMENT_ALREADY_REVOKED' });
    const [receipt] = await issue([documentRequestFixtures().fee_receipt]);
    await expect(revokeDocument(database.db, { municipalityId, documentId: receipt!.id, reason: 'x', at })).rejects.toMatchObject({ code: 'DOCUMENT_NOT_VERIFIABLE' });
  });

  it('signs with one key per municipality: a token of one does not verify for another', async () => {
    const essen = await ensureMunicipality(database.db, '05113000', 'Essen');
    const request = documentRequestFixtures().meldebescheinigung;
    const [bochum] = await issue([request]);
    const [other] = await issue([request], database.db, essen.id);
    const keys = await database.db.select().from(documentSigningKeys);
    expect(new Set(keys.map((k) => k.publicKey)).size).toBe(2);
    const [essenRow] = await database.db.select().from(documentVerifications).where(eq(documentVerifications.code, other!.code!));
    // Essen's genuine token presented with Bochum's code.
    const result = await verifyDocument(database.db, { code: bochum!.code!, token: essenRow!.token });
    expect(result.status).toBe('token_mismatch');
    expect(result.document).toBeNull();
  });

  it('detects a verification record altered in the database', async () => {
    const [summary] = await issue([documentRequestFixtures().meldebescheinigung]);
    const [row] = await database.db.select().from(documentVerifications).where(eq(documentVerifications.code, summary!.code!));
    await database.db.update(documentVerifications)
      .set({ certifies: row!.certifies.map((f) => (f.label === 'Geburtsdatum' ? { ...f, value: '01.02.1990' } : f)) })
      .where(eq(documentVerifications.code, summary!.code!));
    expect((await verifyDocument(database.db, { code: summary!.code!, token: row!.token })).status).toBe('token_mismatch');
  });
});
