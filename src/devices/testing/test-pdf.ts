import PDFDocument from 'pdfkit';

/** A small real PDF for printing tests: one A4 page per text, in pdfkit's built-in Helvetica. */
export function makeTestPdf(pages: readonly string[], title = 'Testdruck'): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: 'A4', autoFirstPage: false, info: { Title: title } });
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))));
    doc.on('error', reject);
    for (const text of pages) doc.addPage().fontSize(14).text(text, 72, 72);
    doc.end();
  });
}
