import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import type { DocumentField, DocumentRequest, DocumentSection } from '../cases/workflow.ts';
import type { MunicipalityProfile } from '../platform/tenancy/profile.ts';
import { fontFiles, splitRuns, type FontName } from './fonts.ts';
import { glyphCoverage, openFont, resetGlyphCaches } from './glyphs.ts';
import { imageFormat } from './images.ts';
import { openScannedPdf, stampPdfPages, type PdfStamp } from './pdf-pages.ts';

/**
 * Renders a DocumentRequest (content) as a PDF/A-2b letter or certificate in the municipality's
 * design: DIN 5008 form B page layout (letterhead, window address field, information block),
 * fields, paragraphs and tables with page breaks, signature block with Dienstsiegel, QR code and
 * Prüfcode for verifiable certificates, footer with the authority's address and page numbers.
 *
 * PDF/A: pdfkit writes the pdfaid XMP, the sRGB output intent and embeds subsets of the TrueType
 * fonts; no standard-14 font is ever used (the document's default font is Fira Sans, set before
 * the first page, so pdfkit never instantiates Helvetica). The XMP document info is written here
 * (pdfkit's own puts title and author into XML unescaped, and lacks dc:language).
 */

export interface ScannedPage {
  placement: 'before' | 'after';
  content: Uint8Array;
  mediaType: string;
}

export interface RenderContext {
  profile: MunicipalityProfile;
  issuedAt: Date;
  /** Certificates: the short code, the URL the QR code encodes (with token) and the URL printed for typing in. */
  verification: { code: string; qrUrl: string; typedUrl: string } | null;
  /** Scanned pages, already loaded, in the order of the request. */
  pages: ScannedPage[];
}

const mm = 72 / 25.4;
const pageWidth = 210 * mm;
const pageHeight = 297 * mm;
const left = 25 * mm;
const right = 20 * mm;
const contentWidth = pageWidth - left - right;
const continuationTop = 27 * mm;
const footerTop = pageHeight - 21 * mm;
const contentBottom = footerTop - 5 * mm;

const colours = { text: '#1b1b1b', muted: '#4b5563', rule: '#9aa5b1', tableHead: '#e8edf2', tableRule: '#c5ccd3' } as const;

type Doc = PDFKit.PDFDocument;

interface TextOptions {
  bold?: boolean;
  size?: number;
  colour?: string;
  width?: number;
  align?: 'left' | 'right' | 'center' | 'justify';
  lineGap?: number;
}

const berlinDate = new Intl.DateTimeFormat('de-DE', { timeZone: 'Europe/Berlin', day: '2-digit', month: '2-digit', year: 'numeric' });

/** "2026-03-12" → "12.03.2026"; anything else (already German, partial) as given. */
export function germanDay(value: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  return match ? `${match[3]}.${match[2]}.${match[1]}` : value;
}

let queue: Promise<unknown> = Promise.resolve();

/**
 * One document at a time per process: the fonts are shared, and their glyph caches must not mix
 * between documents (see resetGlyphCaches). Rendering is CPU-bound, so the queue costs nothing.
 */
export function renderDocumentPdf(request: DocumentRequest, context: RenderContext): Promise<Uint8Array> {
  const run = queue.then(() => {
    resetGlyphCaches();
    return renderExclusively(request, context);
  });
  queue = run.catch(() => undefined);
  return run;
}

async function renderExclusively(request: DocumentRequest, context: RenderContext): Promise<Uint8Array> {
  const { profile } = context;
  const doc = new PDFDocument({
    size: 'A4',
    pdfVersion: '1.7',
    subset: 'PDF/A-2b',
    lang: 'de-DE',
    displayTitle: true,
    bufferPages: true,
    autoFirstPage: false,
    // The default font is opened before anything else: without it pdfkit would set up Helvetica.
    font: pdfkitFont('regular'),
    margins: { top: continuationTop, bottom: pageHeight - contentBottom, left, right },
    info: {
      Title: request.title,
      Author: profile.authorityName,
      Subject: subjectOf(request),
      Creator: 'Bürgerkoffer',
      Producer: 'Bürgerkoffer (PDFKit)',
      CreationDate: context.issuedAt,
    },
  });
  for (const name of Object.keys(fontFiles) as FontName[]) doc.registerFont(name, pdfkitFont(name));
  writeXmpInfo(doc, request, context);

  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise<void>((resolve, reject) => {
    doc.on('end', resolve);
    doc.on('error', reject);
  });

  // Which pages are scans (no continuation header) and which carry the document's own content.
  const pageKinds: ('scan' | 'content')[] = [];
  let mode: 'scan' | 'content' = 'scan';
  doc.on('pageAdded', () => pageKinds.push(mode));

  const stamps: PdfStamp[] = [];
  for (const page of context.pages.filter((p) => p.placement === 'before')) await addScannedPage(doc, page, stamps);
  mode = 'content';
  doc.addPage();
  const writer = new Writer(doc);
  writeFirstPageHead(writer, request, context);
  // Leichte Sprache and large print: 13 pt body text instead of 10 (Netzwerk Leichte Sprache asks for at least 14 pt on paper; 13 pt of Fira Sans reads as large).
  const scale = request.largePrint ? 1.3 : 1;
  for (const section of request.sections) writeSection(writer, section, scale);
  if (request.signature) writeSignature(writer, request.signature, profile);
  if (context.verification) writeVerification(writer, context.verification);
  mode = 'scan';
  for (const page of context.pages.filter((p) => p.placement === 'after')) await addScannedPage(doc, page, stamps);

  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i += 1) {
    doc.switchToPage(i);
    const isFirstContent = pageKinds.indexOf('content') === i;
    if (pageKinds[i] === 'content' && !isFirstContent) writeContinuationHeader(writer, request, profile);
    const attachment = pageKinds[i] === 'scan' ? { title: request.title, code: context.verification?.code ?? null } : null;
    writeFooter(writer, profile, i - range.start + 1, range.count, attachment);
  }
  doc.end();
  await ended;
  return stampPdfPages(new Uint8Array(Buffer.concat(chunks)), stamps);
}

/**
 * pdfkit takes an opened fontkit font as well as a path (its types only name paths and bytes).
 * Parsing DejaVu Sans alone takes longer than laying out a whole document, so the fonts are
 * opened once per process and shared; pdfkit makes its own subset per document.
 */
function pdfkitFont(name: FontName): string {
  return openFont(name) as unknown as string;
}

function subjectOf(request: DocumentRequest): string {
  return request.verifiable ? `${request.title} (mit Prüfcode)` : request.title;
}

/** Writes text in runs of Fira Sans and, per grapheme where Fira lacks a glyph, DejaVu Sans. */
class Writer {
  readonly doc: Doc;
  constructor(doc: Doc) {
    this.doc = doc;
  }

  font(bold: boolean, fallback: boolean): FontName {
    if (fallback) return bold ? 'fallbackBold' : 'fallbackRegular';
    return bold ? 'bold' : 'regular';
  }

  /** Writes at (x, y) and leaves doc.y below the text. */
  text(text: string, x: number, y: number, options: TextOptions = {}): void {
    const { doc } = this;
    const bold = options.bold ?? false;
    const runs = splitRuns(text.length > 0 ? text : ' ', glyphCoverage(this.font(bold, false)));
    const base = {
      width: options.width ?? contentWidth,
      align: options.align ?? 'left',
      lineGap: options.lineGap ?? 1.5,
    };
    doc.fillColor(options.colour ?? colours.text).fontSize(options.size ?? 10);
    runs.forEach((run, index) => {
      doc.font(this.font(bold, run.fallback));
      const continued = index < runs.length - 1;
      if (index === 0) doc.text(run.text, x, y, { ...base, continued });
      else doc.text(run.text, { ...base, continued });
    });
  }

  /** Height the text takes (measured in the primary font: close enough to decide page breaks). */
  height(text: string, options: TextOptions = {}): number {
    const { doc } = this;
    doc.font(this.font(options.bold ?? false, false)).fontSize(options.size ?? 10);
    return doc.heightOfString(text.length > 0 ? text : ' ', { width: options.width ?? contentWidth, lineGap: options.lineGap ?? 1.5 });
  }

  /** Starts a new page when `needed` points do not fit below doc.y any more. */
  ensureSpace(needed: number): void {
    if (this.doc.y + needed > contentBottom) {
      this.doc.addPage();
      this.doc.y = continuationTop;
    }
  }

  rule(x: number, y: number, width: number, colour: string = colours.rule, lineWidth = 0.5): void {
    this.doc.save().moveTo(x, y).lineTo(x + width, y).lineWidth(lineWidth).strokeColor(colour).stroke().restore();
  }
}

// ——— first page: letterhead, return address, addressee, information block, title ———

function writeFirstPageHead(writer: Writer, request: DocumentRequest, context: RenderContext): void {
  const { doc } = writer;
  const { profile } = context;
  // DIN 5008 form B: letterhead 0–45 mm, address field 45–90 mm at 20 mm from the left edge.
  if (profile.letterheadPng) {
    doc.image(Buffer.from(profile.letterheadPng), left, 9 * mm, { fit: [contentWidth, 30 * mm], align: 'center', valign: 'center' });
  } else {
    writer.text(profile.authorityName, left, 15 * mm, { bold: true, size: 16, width: contentWidth * 0.7 });
    const sub = profile.addressLines.length > 0 ? profile.addressLines.join(' · ') : profile.name;
    writer.text(sub, left, doc.y + 1 * mm, { size: 9, colour: colours.muted, width: contentWidth * 0.7 });
    writer.rule(left, 40 * mm, contentWidth, colours.rule, 0.8);
  }

  if (request.recipient && request.recipient.length > 0) {
    const returnAddress = [profile.authorityName, ...profile.addressLines].join(' · ');
    writer.text(returnAddress, left, 55 * mm, { size: 7, colour: colours.muted, width: 80 * mm });
    writer.rule(left, doc.y + 0.5, 80 * mm, colours.rule, 0.3);
    // Fold and punch marks of DIN 5008 form B, for the window envelope and the file.
    for (const [at, length] of [[105, 5], [148.5, 8], [210, 5]] as const) writer.rule(4 * mm, at * mm, length * mm, colours.rule, 0.4);
    let y = 63 * mm;
    for (const line of request.recipient.slice(0, 6)) {
      writer.text(line, left, y, { size: 10, width: 80 * mm, lineGap: 0.5 });
      y = doc.y;
    }
  }

  // Information block at 125 mm from the left edge.
  const infoX = 125 * mm;
  const infoWidth = pageWidth - right - infoX;
  const rows: [string, string][] = [['Datum', berlinDate.format(context.issuedAt)]];
  if (context.verification) rows.push(['Prüfcode', context.verification.code]);
  if (profile.phone) rows.push(['Telefon', profile.phone]);
  if (profile.email) rows.push(['E-Mail', profile.email]);
  let y = 50 * mm;
  for (const [label, value] of rows) {
    writer.text(label, infoX, y, { size: 8, colour: colours.muted, width: infoWidth });
    writer.text(value, infoX, doc.y, { size: 9.5, bold: label === 'Prüfcode', width: infoWidth });
    y = doc.y + 1.5 * mm;
  }

  // Subject line at 98.46 mm (DIN 5008 form B).
  writer.text(request.title, left, 98.5 * mm, { bold: true, size: 14, width: contentWidth });
  doc.y += 4 * mm;
}

function writeContinuationHeader(writer: Writer, request: DocumentRequest, profile: MunicipalityProfile): void {
  const { doc } = writer;
  const saved = doc.page.margins.bottom;
  writer.text(profile.authorityName, left, 12 * mm, { size: 8, colour: colours.muted, width: contentWidth / 2 });
  writer.text(request.title, left + contentWidth / 2, 12 * mm, { size: 8, colour: colours.muted, width: contentWidth / 2, align: 'right' });
  writer.rule(left, 18 * mm, contentWidth);
  doc.page.margins.bottom = saved;
}

// ——— sections ———

function writeSection(writer: Writer, section: DocumentSection, scale: number): void {
  const { doc } = writer;
  if (section.heading) {
    // Keep a heading with at least its first line of content.
    writer.ensureSpace(writer.height(section.heading, { bold: true, size: 11 * scale }) + 22);
    doc.y += 2 * mm;
    writer.text(section.heading, left, doc.y, { bold: true, size: 11 * scale });
    doc.y += 1.5 * mm;
  }
  if (section.fields) writeFields(writer, section.fields, scale);
  for (const paragraph of section.paragraphs ?? []) {
    writer.ensureSpace(Math.min(writer.height(paragraph, { size: 10 * scale }), 40));
    writer.text(paragraph, left, doc.y, { size: 10 * scale, lineGap: 2.5 * scale });
    doc.y += 2 * mm;
  }
  if (section.table) writeTable(writer, section.table);
  doc.y += 2 * mm;
}

const labelWidth = 55 * mm;
const valueX = left + labelWidth + 3 * mm;
const valueWidth = contentWidth - labelWidth - 3 * mm;

function writeFields(writer: Writer, fields: DocumentField[], scale = 1): void {
  const { doc } = writer;
  for (const field of fields) {
    const height = Math.max(writer.height(field.label, { size: 9 * scale, width: labelWidth }), writer.height(field.value, { size: 10 * scale, width: valueWidth }));
    writer.ensureSpace(height + 2);
    const y = doc.y;
    writer.text(field.label, left, y, { size: 9 * scale, colour: colours.muted, width: labelWidth });
    const labelEnd = doc.y;
    writer.text(field.value, valueX, y, { size: 10 * scale, width: valueWidth });
    doc.y = Math.max(labelEnd, doc.y) + 1.8 * mm;
  }
}

function writeTable(writer: Writer, table: { columns: string[]; rows: string[][] }): void {
  const { doc } = writer;
  const count = Math.max(table.columns.length, 1);
  // Column widths follow the content (capped), so a date column does not get as wide as a name.
  const weights = table.columns.map((column, i) => {
    const longest = Math.max(column.length, ...table.rows.map((row) => (row[i] ?? '').length));
    return Math.min(Math.max(longest, 6), 40);
  });
  const total = weights.reduce((a, b) => a + b, 0) || count;
  const widths = weights.map((w) => (contentWidth * w) / total);
  const pad = 1.5 * mm;
  const cellWidth = (i: number) => Math.max((widths[i] ?? 0) - 2 * pad, 10);

  const rowHeight = (cells: string[], bold: boolean) =>
    Math.max(...table.columns.map((_, i) => writer.height(cells[i] ?? '', { size: 9, bold, width: cellWidth(i) }))) + 2 * pad;

  const drawRow = (cells: string[], header: boolean) => {
    const height = rowHeight(cells, header);
    const y = doc.y;
    if (header) doc.save().rect(left, y, contentWidth, height).fill(colours.tableHead).restore();
    let x = left;
    table.columns.forEach((_, i) => {
      writer.text(cells[i] ?? '', x + pad, y + pad, { size: 9, bold: header, width: cellWidth(i) });
      x += widths[i] ?? 0;
    });
    doc.y = y + height;
    writer.rule(left, doc.y, contentWidth, colours.tableRule);
  };

  writer.ensureSpace(rowHeight(table.columns, true) + rowHeight(table.rows[0] ?? [], false));
  drawRow(table.columns, true);
  for (const row of table.rows) {
    const height = rowHeight(row, false);
    if (doc.y + height > contentBottom) {
      doc.addPage();
      doc.y = continuationTop;
      // The header row repeats on every page the table continues on.
      drawRow(table.columns, true);
    }
    drawRow(row, false);
  }
  doc.y += 2 * mm;
}

// ——— closing ———

function writeSignature(writer: Writer, signature: NonNullable<DocumentRequest['signature']>, profile: MunicipalityProfile): void {
  const { doc } = writer;
  writer.ensureSpace(42 * mm);
  doc.y += 4 * mm;
  const top = doc.y;
  writer.text(`${signature.place}, ${germanDay(signature.date)}`, left, top, { size: 10, width: 80 * mm });
  writer.text('Im Auftrag', left, doc.y + 1 * mm, { size: 10, width: 80 * mm });
  const lineY = top + 27 * mm;
  writer.rule(left, lineY, 70 * mm, colours.text, 0.6);
  writer.text(signature.officerName, left, lineY + 1.5 * mm, { size: 10, width: 80 * mm });
  let bottom = doc.y;

  if (signature.seal) {
    const size = 30 * mm;
    const x = left + 100 * mm;
    const y = top;
    if (profile.sealPng) {
      doc.image(Buffer.from(profile.sealPng), x, y, { fit: [size, size], align: 'center', valign: 'center' });
    } else {
      // Room for the ink stamp of the field officer.
      doc.save().circle(x + size / 2, y + size / 2, size / 2).dash(2, { space: 2 }).lineWidth(0.6).strokeColor(colours.rule).stroke().undash().restore();
    }
    writer.text('Dienstsiegel', x, y + size + 1.5 * mm, { size: 8, colour: colours.muted, width: size, align: 'center' });
    bottom = Math.max(bottom, doc.y);
  }
  doc.y = bottom + 4 * mm;
}

function writeVerification(writer: Writer, verification: NonNullable<RenderContext['verification']>): void {
  const { doc } = writer;
  const boxHeight = 36 * mm;
  writer.ensureSpace(boxHeight + 2 * mm);
  const top = doc.y + 2 * mm;
  doc.save().rect(left, top, contentWidth, boxHeight).lineWidth(0.6).strokeColor(colours.rule).stroke().restore();
  const qrSize = 32 * mm;
  drawQr(doc, verification.qrUrl, left + 2 * mm, top + 2 * mm, qrSize);
  const textX = left + qrSize + 6 * mm;
  const textWidth = contentWidth - qrSize - 8 * mm;
  writer.text(`Prüfcode: ${verification.code}`, textX, top + 4 * mm, { bold: true, size: 12, width: textWidth });
  writer.text('Die Echtheit dieses Dokuments können Sie online prüfen: QR-Code scannen oder die folgende Adresse aufrufen.',
    textX, doc.y + 1.5 * mm, { size: 9, width: textWidth });
  writer.text(verification.typedUrl, textX, doc.y + 1.5 * mm, { size: 9.5, bold: true, width: textWidth });
  writer.text('Die Prüfung zeigt die bescheinigten Angaben, die Ausstellerin und das Ausstellungsdatum.',
    textX, doc.y + 1.5 * mm, { size: 8, colour: colours.muted, width: textWidth });
  doc.y = top + boxHeight + 2 * mm;
}

/** The QR code as vector squares (sharp at any print resolution, no image to colour-manage). */
function drawQr(doc: Doc, text: string, x: number, y: number, size: number): void {
  const qr = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const count = qr.modules.size;
  const quiet = 2;
  const cell = size / (count + 2 * quiet);
  doc.save();
  for (let row = 0; row < count; row += 1) {
    let col = 0;
    while (col < count) {
      if (!qr.modules.get(row, col)) {
        col += 1;
        continue;
      }
      const start = col;
      while (col < count && qr.modules.get(row, col)) col += 1;
      // A hair of overlap closes the seams some viewers draw between neighbouring squares.
      doc.rect(x + (start + quiet) * cell, y + (row + quiet) * cell, (col - start) * cell + 0.05, cell + 0.05);
    }
  }
  doc.fill('#000000').restore();
}

function writeFooter(writer: Writer, profile: MunicipalityProfile, page: number, pages: number, attachmentOf: { title: string; code: string | null } | null): void {
  const { doc } = writer;
  // Text below the bottom margin would make pdfkit start a new page.
  const saved = doc.page.margins.bottom;
  doc.page.margins.bottom = 0;
  writer.rule(left, footerTop, contentWidth);
  const width = contentWidth - 30 * mm;
  // Scanned pages name the document they belong to (and its Prüfcode), so loose sheets can be matched.
  const first = attachmentOf
    ? `Anlage zu: ${attachmentOf.title}${attachmentOf.code ? ` · Prüfcode ${attachmentOf.code}` : ''}`
    : [profile.authorityName, ...profile.addressLines].join(' · ');
  writer.text(first, left, footerTop + 1.8 * mm, { size: 7.5, colour: colours.muted, width });
  const contact = [
    profile.phone ? `Telefon ${profile.phone}` : null,
    profile.email ? `E-Mail ${profile.email}` : null,
    profile.website,
  ].filter((part): part is string => part !== null && part !== '');
  const second = attachmentOf ? profile.authorityName : contact.join(' · ');
  if (second) writer.text(second, left, doc.y + 0.5, { size: 7.5, colour: colours.muted, width });
  writer.text(`Seite ${page} von ${pages}`, left + width, footerTop + 1.8 * mm, { size: 7.5, colour: colours.muted, width: 30 * mm, align: 'right' });
  doc.page.margins.bottom = saved;
}

const scanMargin = 8 * mm;
/** Where a scanned page goes: the sheet above the footer strip (top-down coordinates). */
const scanArea = { x: scanMargin, y: scanMargin, width: pageWidth - 2 * scanMargin, height: footerTop - 4 * mm - scanMargin };

async function addScannedPage(doc: Doc, page: ScannedPage, stamps: PdfStamp[]): Promise<void> {
  const format = imageFormat(page.content);
  if (format) {
    doc.addPage({ size: 'A4', margins: { top: 0, bottom: 0, left: 0, right: 0 } });
    // The scan keeps its proportions.
    doc.image(Buffer.from(page.content), scanArea.x, scanArea.y, { fit: [scanArea.width, scanArea.height], align: 'center', valign: 'center' });
    return;
  }
  if (!isPdf(page.content)) throw new Error(`scanned page is not a PNG or JPEG image or a PDF (${page.mediaType})`);
  const { pageCount } = await openScannedPdf(page.content);
  for (let sourcePage = 0; sourcePage < pageCount; sourcePage += 1) {
    // A placeholder with footer now; the PDF page is drawn onto it once pdfkit is done.
    doc.addPage({ size: 'A4', margins: { top: 0, bottom: 0, left: 0, right: 0 } });
    const range = doc.bufferedPageRange();
    stamps.push({
      targetPage: range.start + range.count - 1,
      source: page.content,
      sourcePage,
      box: { x: scanArea.x, y: pageHeight - scanArea.y - scanArea.height, width: scanArea.width, height: scanArea.height },
    });
  }
}

export function isPdf(bytes: Uint8Array): boolean {
  return bytes.length >= 5 && Buffer.from(bytes.subarray(0, 5)).toString('latin1') === '%PDF-';
}

// ——— XMP ———

function xml(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');
}

/**
 * Replaces pdfkit's document-info XMP with an escaped one carrying dc:language. PDF/A requires
 * it to match the Info dictionary: same title, author, subject, creator tool, producer and date.
 */
function writeXmpInfo(doc: Doc, request: DocumentRequest, context: RenderContext): void {
  const internals = doc as unknown as { _addInfo: () => void; appendXML: (xmlText: string) => void };
  const created = `${context.issuedAt.toISOString().split('.')[0] ?? ''}Z`;
  internals._addInfo = () => {
    internals.appendXML(`
        <rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/">
            <xmp:CreateDate>${created}</xmp:CreateDate>
            <xmp:CreatorTool>Bürgerkoffer</xmp:CreatorTool>
        </rdf:Description>
        <rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">
            <dc:format>application/pdf</dc:format>
            <dc:title><rdf:Alt><rdf:li xml:lang="x-default">${xml(request.title)}</rdf:li></rdf:Alt></dc:title>
            <dc:creator><rdf:Seq><rdf:li>${xml(context.profile.authorityName)}</rdf:li></rdf:Seq></dc:creator>
            <dc:description><rdf:Alt><rdf:li xml:lang="x-default">${xml(subjectOf(request))}</rdf:li></rdf:Alt></dc:description>
            <dc:language><rdf:Bag><rdf:li>de-DE</rdf:li></rdf:Bag></dc:language>
        </rdf:Description>
        <rdf:Description rdf:about="" xmlns:pdf="http://ns.adobe.com/pdf/1.3/">
            <pdf:Producer>Bürgerkoffer (PDFKit)</pdf:Producer>
        </rdf:Description>
        `);
  };
}
