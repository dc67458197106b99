import { devicesOf } from '../cases/run-device-action.ts';
import type { Actor } from '../identity/principal.ts';
import type { AppContext } from '../platform/context.ts';
import { AppError } from '../platform/errors.ts';
import { readDocumentPdf } from './read-document-pdf.ts';

/**
 * Prints an issued document on the printer of this place (the kit's printer in the suitcase, the
 * counter's printer in the Bürgerbüro). Reading it is logged like a download (readDocumentPdf);
 * the queue sees only the document's kind, never the person's name.
 */
export async function printDocument(ctx: AppContext, actor: Actor, documentId: string, options: { copies?: number } = {}) {
  const document = await readDocumentPdf(ctx, actor, documentId);
  const printer = devicesOf(ctx).printer;
  const result = await printer.print({ document: document.pdf, mediaType: 'application/pdf', title: document.title.split(/[–-]/)[0]?.trim() || 'Dokument', copies: options.copies ?? 1 });
  if (result.state !== 'completed') {
    throw new AppError('PRINT_NOT_COMPLETED', `The printer did not finish the job (${result.state}${result.message ? `: ${result.message}` : ''}). Check the printer and print again.`, 502, { jobId: result.jobId, state: result.state });
  }
  return { jobId: result.jobId, state: result.state, finishedAt: result.finishedAt ?? null };
}
