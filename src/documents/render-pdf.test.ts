import { execFileSync } from 'node:child_process';
import { PDFDocument as PdfLibDocument, StandardFonts } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import type { DocumentKind, DocumentRequest } from '../cases/workflow.ts';
import { encodePng } from '../devices/png.ts';
import { openScannedPdf } from './pdf-pages.ts';
import { germanDay, renderDocumentPdf, type RenderContext } from './render-pdf.ts';
import { din91379Names, documentRequestFixtures, poppler, testProfile, testScanPng } from './testing.ts';

const issuedAt = new Date('2026-03-12T09:30:00Z');
const verification = {
  code: 'BK-7K3M-Q9XZ',
  qrUrl: `https://buergerkoffer.example/verify/BK-7K3M-Q9XZ?t=${'A'.repeat(86)}`,
  typedUrl: 'https://buergerkoffer.example/verify/BK-7K3M-Q9XZ',
};

function context(request: DocumentRequest, overrides: Partial<RenderContext> = {}): RenderContext {
  return { profile: testProfile(), issuedAt, verification: request.verifiable ? verification : null, pages: [], ...overrides };
}

/** pdftotext splits runs of different fonts with spaces and lines; compare without whitespace. */
const squeeze = (text: string) => text.normalize('NFC').replace(/\s+/g, '');

const fixtures = documentRequestFixtures();
const kinds = Object.keys(fixtures) as DocumentKind[];

describe('renderDocumentPdf', () => {
  it.each(kinds)('renders %s with its title, every field, signature and footer', async (kind) => {
    const request = fixtures[kind];
    const pdf = await renderDocumentPdf(request, context(request));
    const text = squeeze(poppler('pdftotext', pdf));
    expect(text).toContain(squeeze(request.title));
    for (const section of request.sections) {
      if (section.heading) expect(text).toContain(squeeze(section.heading));
      for (const field of section.fields ?? []) {
        expect(text).toContain(squeeze(field.label));
        expect(text).toContain(squeeze(field.value));
      }
      for (const paragraph of section.paragraphs ?? []) expect(text).toContain(squeeze(paragraph));
      for (const cell of [...(section.table?.columns ?? []), ...(section.table?.rows.flat() ?? [])]) expect(text).toContain(squeeze(cell));
    }
    for (const line of request.recipient ?? []) expect(text).toContain(squeeze(line));
    if (request.signature) {
      expect(text).toContain(squeeze(`${request.signature.place}, ${germanDay(request.signature.date)}`));
      expect(text).toContain(squeeze(request.signature.officerName));
      expect(text.includes('Dienstsiegel')).toBe(request.signature.seal);
    }
    expect(text.includes('Prüfcode:BK-7K3M-Q9XZ')).toBe(request.verifiable);
    if (request.verifiable) expect(text).toContain(squeeze(verification.typedUrl));
    expect(text).toContain('StadtBochum–Bürgerbüro');
    expect(text).toContain('Seite1von1');
  });

  it.each(kinds)('embeds every font of %s and uses no standard-14 font', async (kind) => {
    const pdf = await renderDocumentPdf(fixtures[kind], context(fixtures[kind]));
    const rows = poppler('pdffonts', pdf).trim().split('\n').slice(2);
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      const columns = row.trim().split(/\s+/);
      // name, type (1–2 words), encoding, emb, sub, uni, object, generation
      expect(columns.at(-5), row).toBe('yes');
      expect(row).not.toMatch(/Helvetica|Times|Courier|Symbol|ZapfDingbats/);
    }
  });

  it('carries the PDF/A-2b identification, an sRGB output intent and matching document info', async () => {
    const request = fixtures.meldebescheinigung;
    const pdf = await renderDocumentPdf({ ...request, title: 'Meldebescheinigung & <Sonderzeichen>' }, context(request));
    const xmp = poppler('pdfinfo', pdf, ['-meta']);
    // Well-formed XML (pdfkit's own XMP would break on the ampersand).
    execFileSync('xmllint', ['--noout', '-'], { input: xmp });
    expect(xmp).toMatch(/<pdfaid:part>2<\/pdfaid:part>/);
    expect(xmp).toMatch(/<pdfaid:conformance>B<\/pdfaid:conformance>/);
    expect(xmp).toContain('Meldebescheinigung &amp; &lt;Sonderzeichen&gt;');
    expect(xmp).toContain('<rdf:li>de-DE</rdf:li>');
    const raw = Buffer.from(pdf).toString('latin1');
    expect(raw.startsWith('%PDF-1.7')).toBe(true);
    expect(raw).toMatch(/\/Type \/OutputIntent/);
    expect(raw).toMatch(/\/S \/GTS_PDFA1/);
    expect(raw).toMatch(/\/DestOutputProfile \d+ 0 R/);
    expect(raw).toContain('(sRGB IEC61966-2.1)');
    expect(raw).toMatch(/\/Lang \(de-DE\)/);
    const info = poppler('pdfinfo', pdf);
    expect(info).toMatch(/Title:\s+Meldebescheinigung & <Sonderzeichen>/);
    expect(info).toMatch(/Author:\s+Stadt Bochum – Bürgerbüro/);
    expect(info).toMatch(/Page size:\s+595\.28 x 841\.89 pts \(A4\)/);
  });

  it('prints every DIN SPEC 91379 name in the fallback font where Fira Sans has no glyph', async () => {
    const request: DocumentRequest = {
      kind: 'meldebescheinigung',
      title: 'Namensprobe',
      recipient: [din91379Names.combining],
      sections: [{ fields: Object.entries(din91379Names).map(([label, value]) => ({ label, value })) }],
      verifiable: false,
    };
    const pdf = await renderDocumentPdf(request, context(request));
    const text = squeeze(poppler('pdftotext', pdf));
    for (const name of Object.values(din91379Names)) expect(text).toContain(squeeze(name));
    const fonts = poppler('pdffonts', pdf);
    expect(fonts).toContain('FiraSans-Regular');
    expect(fonts).toContain('DejaVuSans');
  });

  it('keeps text searchable in a document after one whose composite glyphs (Ł, Ŀ) used the same base letter', async () => {
    const first: DocumentRequest = { kind: 'fee_receipt', title: 'Erstes', verifiable: false, sections: [{ paragraphs: ['Łukasiewicz Ŀŉa'] }] };
    const second: DocumentRequest = { kind: 'fee_receipt', title: 'Zweites', verifiable: false, sections: [{ paragraphs: ['Lichtbild Lohn'] }] };
    await renderDocumentPdf(first, context(first));
    const [a, b] = await Promise.all([renderDocumentPdf(second, context(second)), renderDocumentPdf(first, context(first))]);
    expect(poppler('pdftotext', a)).toContain('Lichtbild Lohn');
    expect(squeeze(poppler('pdftotext', b))).toContain('ŁukasiewiczĿŉa');
  });

  it('breaks long tables across pages, repeats the header and numbers the pages', async () => {
    const rows = Array.from({ length: 90 }, (_, i) => [`${i + 1}`, `Zeile ${i + 1}`, '5,00 €']);
    const request: DocumentRequest = {
      kind: 'fee_receipt', title: 'Sammelquittung', verifiable: false,
      sections: [{ table: { columns: ['Nr.', 'Position', 'Betrag'], rows } }],
      signature: { place: 'Bochum', date: '2026-03-12', officerName: 'Erika Beispiel', seal: false },
    };
    const pdf = await renderDocumentPdf(request, context(request));
    const pages = Number(/Pages:\s+(\d+)/.exec(poppler('pdfinfo', pdf))?.[1]);
    expect(pages).toBeGreaterThanOrEqual(3);
    const last = poppler('pdftotext', pdf, ['-f', String(pages), '-l', String(pages)]);
    expect(last).toContain(`Seite ${pages} von ${pages}`);
    const second = poppler('pdftotext', pdf, ['-f', '2', '-l', '2']);
    expect(second).toContain('Position');
    expect(second).toContain('Sammelquittung');
    const all = squeeze(poppler('pdftotext', pdf));
    for (const row of rows) expect(all).toContain(squeeze(`Zeile ${row[0]}`));
  });

  it('puts the scanned pages before the Vermerk and after the content as placed', async () => {
    const request = fixtures.beglaubigungsvermerk;
    const pdf = await renderDocumentPdf(request, context(request, {
      pages: [
        { placement: 'before', content: testScanPng(), mediaType: 'image/png' },
        { placement: 'before', content: testScanPng(200), mediaType: 'image/png' },
        { placement: 'after', content: testScanPng(180), mediaType: 'image/png' },
      ],
    }));
    expect(poppler('pdfinfo', pdf)).toMatch(/Pages:\s+4/);
    const page = (n: number) => poppler('pdftotext', pdf, ['-f', String(n), '-l', String(n)]);
    expect(page(1)).toContain('Anlage zu: Beglaubigungsvermerk · Prüfcode BK-7K3M-Q9XZ');
    expect(page(1)).toContain('Seite 1 von 4');
    expect(page(3)).toContain('Beglaubigungsvermerk');
    expect(page(3)).toContain('Seite 3 von 4');
    expect(page(4)).toContain('Seite 4 von 4');
    const images = execImages(pdf);
    expect(images).toBe(3);
  });

  it('prints the letterhead and the Dienstsiegel images of the profile', async () => {
    const letterhead = encodePng({ width: 600, height: 100, channels: 3, pixels: new Uint8Array(600 * 100 * 3).fill(90) });
    const seal = encodePng({ width: 120, height: 120, channels: 1, pixels: new Uint8Array(120 * 120).fill(60) });
    const request = fixtures.meldebescheinigung;
    const pdf = await renderDocumentPdf(request, context(request, { profile: testProfile({ letterheadPng: letterhead, sealPng: seal }) }));
    expect(execImages(pdf)).toBe(2);
    const text = poppler('pdftotext', pdf);
    expect(text).toContain('Dienstsiegel');
  });

  it('rejects a scanned page that is neither an image nor a PDF', async () => {
    const request = fixtures.beglaubigungsvermerk;
    await expect(renderDocumentPdf(request, context(request, {
      pages: [{ placement: 'before', content: new TextEncoder().encode('GIF89a…'), mediaType: 'image/gif' }],
    }))).rejects.toThrow(/not a PNG or JPEG image or a PDF/);
  });

  it('draws the pages of a scanned PDF onto numbered pages and keeps the PDF/A identification', async () => {
    const scan = await PdfLibDocument.create();
    const image = await scan.embedPng(testScanPng());
    for (let i = 0; i < 2; i += 1) scan.addPage([595, 842]).drawImage(image, { x: 0, y: 0, width: 595, height: 842 });
    const request = fixtures.beglaubigungsvermerk;
    const pdf = await renderDocumentPdf(request, context(request, { pages: [{ placement: 'before', content: await scan.save(), mediaType: 'application/pdf' }] }));
    const info = poppler('pdfinfo', pdf);
    expect(info).toMatch(/Pages:\s+3/);
    expect(info).toMatch(/Producer:\s+Bürgerkoffer \(PDFKit\)/);
    expect(poppler('pdfinfo', pdf, ['-meta'])).toMatch(/<pdfaid:part>2<\/pdfaid:part>/);
    expect(execImages(pdf)).toBe(2);
    expect(poppler('pdftotext', pdf, ['-f', '2', '-l', '2'])).toContain('Anlage zu: Beglaubigungsvermerk · Prüfcode BK-7K3M-Q9XZ');
    expect(poppler('pdftotext', pdf, ['-f', '3', '-l', '3'])).toContain('Seite 3 von 3');
  });

  it('refuses a scanned PDF whose fonts are not embedded (PDF/A forbids them)', async () => {
    const born = await PdfLibDocument.create();
    born.addPage().drawText('Rentenbescheid', { font: await born.embedFont(StandardFonts.Helvetica) });
    await expect(openScannedPdf(await born.save())).rejects.toMatchObject({ reason: 'fonts_not_embedded' });
    await expect(openScannedPdf(new TextEncoder().encode('%PDF-1.4 broken'))).rejects.toMatchObject({ reason: 'unreadable' });
  });
});

function execImages(pdf: Uint8Array): number {
  const list = pdfImagesList(pdf);
  // Soft masks (alpha) are listed as extra rows of type smask.
  return list.filter((row) => row.type === 'image').length;
}

function pdfImagesList(pdf: Uint8Array): { type: string }[] {
  const output = execFileSync('sh', ['-c', 'f=$(mktemp) && cat > "$f" && pdfimages -list "$f"; rc=$?; rm -f "$f"; exit $rc'], { input: pdf, encoding: 'utf8' });
  return output.trim().split('\n').slice(2).map((line) => ({ type: line.trim().split(/\s+/)[2] ?? '' }));
}
