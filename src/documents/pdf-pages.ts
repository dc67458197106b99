import { PDFDict, PDFDocument, PDFName, PDFRef } from 'pdf-lib';

/**
 * Scanned pages that arrive as PDF (scanners and uploads often deliver PDF): pdfkit cannot import
 * pages, so the renderer leaves a placeholder page (with footer) for each, and afterwards the
 * source page is drawn onto it as a form XObject with pdf-lib. The document's own metadata
 * stays untouched (updateMetadata: false), so the PDF/A identification keeps matching.
 */

export class ScannedPdfError extends Error {
  readonly reason: 'unreadable' | 'encrypted' | 'fonts_not_embedded' | 'empty';
  constructor(reason: ScannedPdfError['reason'], message: string) {
    super(message);
    this.reason = reason;
  }
}

/** Opens a scanned PDF and checks it can go into a PDF/A: readable, not encrypted, fonts embedded. */
export async function openScannedPdf(bytes: Uint8Array): Promise<{ pageCount: number }> {
  let source: PDFDocument;
  let pageCount: number;
  try {
    source = await PDFDocument.load(bytes, { updateMetadata: false, ignoreEncryption: true });
    // A file without a usable page tree fails here rather than at load.
    pageCount = source.getPageCount();
  } catch (error) {
    throw new ScannedPdfError('unreadable', `the PDF cannot be read (${error instanceof Error ? error.message : String(error)})`);
  }
  if (source.isEncrypted) throw new ScannedPdfError('encrypted', 'the PDF is encrypted');
  if (pageCount === 0) throw new ScannedPdfError('empty', 'the PDF has no pages');
  // PDF/A forbids fonts that are not embedded; a scan has none, a born-digital PDF may.
  for (const [, object] of source.context.enumerateIndirectObjects()) {
    if (!(object instanceof PDFDict) || object.get(PDFName.of('Type')) !== PDFName.of('FontDescriptor')) continue;
    const embedded = ['FontFile', 'FontFile2', 'FontFile3'].some((key) => object.get(PDFName.of(key)) instanceof PDFRef);
    if (!embedded) throw new ScannedPdfError('fonts_not_embedded', 'the PDF uses fonts that are not embedded');
  }
  const hasType1Standard = source.context.enumerateIndirectObjects().some(([, object]) =>
    object instanceof PDFDict && object.get(PDFName.of('Type')) === PDFName.of('Font') && object.get(PDFName.of('FontDescriptor')) === undefined
    && object.get(PDFName.of('Subtype')) !== PDFName.of('Type0') && object.get(PDFName.of('Subtype')) !== PDFName.of('Type3'));
  if (hasType1Standard) throw new ScannedPdfError('fonts_not_embedded', 'the PDF uses standard fonts that are not embedded');
  return { pageCount };
}

export interface PdfStamp {
  /** Zero-based page of the rendered document to draw on. */
  targetPage: number;
  source: Uint8Array;
  sourcePage: number;
  /** Area in PDF points, origin bottom left. */
  box: { x: number; y: number; width: number; height: number };
}

export async function stampPdfPages(rendered: Uint8Array, stamps: PdfStamp[]): Promise<Uint8Array> {
  if (stamps.length === 0) return rendered;
  const output = await PDFDocument.load(rendered, { updateMetadata: false });
  const sources = new Map<Uint8Array, PDFDocument>();
  for (const stamp of stamps) {
    let source = sources.get(stamp.source);
    if (!source) {
      source = await PDFDocument.load(stamp.source, { updateMetadata: false, ignoreEncryption: true });
      sources.set(stamp.source, source);
    }
    const [embedded] = await output.embedPages([source.getPage(stamp.sourcePage)]);
    if (!embedded) throw new Error(`page ${stamp.sourcePage} of a scanned PDF could not be embedded`);
    const scale = Math.min(stamp.box.width / embedded.width, stamp.box.height / embedded.height);
    const width = embedded.width * scale;
    const height = embedded.height * scale;
    output.getPage(stamp.targetPage).drawPage(embedded, {
      x: stamp.box.x + (stamp.box.width - width) / 2,
      y: stamp.box.y + (stamp.box.height - height) / 2,
      width,
      height,
    });
  }
  // Object streams are allowed in PDF/A-2; kept off so the file stays readable for simple archive tools.
  return output.save({ useObjectStreams: false, updateFieldAppearances: false });
}
