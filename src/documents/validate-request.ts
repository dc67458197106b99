import type { DocumentField, DocumentRequest, Text } from '../cases/workflow.ts';
import { AppError } from '../platform/errors.ts';

/**
 * The rules a document request must keep before anything is rendered or signed. The most
 * important one: a certificate's verify page shows `certifies`, and that must never be more
 * than the paper itself shows — otherwise data under an Auskunftssperre that the workflow kept
 * off the document could still reach whoever holds the code.
 */
export interface RequestProblem {
  code: string;
  /** Dot path within the request, e.g. "certifies.2". */
  field: string;
  message: Text;
}

/** Every field the document prints as a label/value row (tables and paragraphs are not certifiable). */
export function printedFields(request: DocumentRequest): DocumentField[] {
  return request.sections.flatMap((section) => section.fields ?? []);
}

const maxRecipientLines = 6;

export function requestProblems(request: DocumentRequest): RequestProblem[] {
  const problems: RequestProblem[] = [];
  if (request.title.trim() === '') {
    problems.push({
      code: 'DOCUMENT_TITLE_MISSING',
      field: 'title',
      message: { de: 'Das Dokument hat keinen Titel. Geben Sie einen Titel an (z. B. „Meldebescheinigung“).', en: 'The document has no title. Give it one (e.g. "Meldebescheinigung").' },
    });
  }
  if (request.recipient && request.recipient.length > maxRecipientLines) {
    problems.push({
      code: 'DOCUMENT_RECIPIENT_TOO_LONG',
      field: 'recipient',
      message: {
        de: `Die Anschrift hat ${request.recipient.length} Zeilen; das Anschriftfeld (DIN 5008) fasst ${maxRecipientLines}. Kürzen Sie die Anschrift.`,
        en: `The address has ${request.recipient.length} lines; the address field (DIN 5008) holds ${maxRecipientLines}. Shorten the address.`,
      },
    });
  }
  const certifies = request.certifies ?? [];
  if (request.verifiable && certifies.length === 0) {
    problems.push({
      code: 'DOCUMENT_CERTIFIES_MISSING',
      field: 'certifies',
      message: {
        de: 'Ein prüfbares Dokument braucht die bescheinigten Angaben (certifies), die die Prüfseite zeigt.',
        en: 'A verifiable document needs the certified fields (certifies) the verify page shows.',
      },
    });
  }
  if (!request.verifiable && certifies.length > 0) {
    problems.push({
      code: 'DOCUMENT_CERTIFIES_UNVERIFIABLE',
      field: 'certifies',
      message: {
        de: 'Bescheinigte Angaben (certifies) gibt es nur bei prüfbaren Dokumenten (verifiable). Entfernen Sie sie oder machen Sie das Dokument prüfbar.',
        en: 'Certified fields (certifies) exist only on verifiable documents. Remove them or make the document verifiable.',
      },
    });
  }
  const printed = printedFields(request);
  certifies.forEach((field, index) => {
    const shown = printed.some((p) => p.label === field.label && p.value === field.value);
    if (!shown) {
      // The value is not repeated in the message: it may be exactly the blocked data.
      problems.push({
        code: 'DOCUMENT_CERTIFIES_NOT_PRINTED',
        field: `certifies.${index}`,
        message: {
          de: `Die bescheinigte Angabe „${field.label}“ steht nicht mit diesem Wert im Dokument. Die Prüfseite darf nur zeigen, was das Dokument selbst zeigt: nehmen Sie die Angabe aus certifies heraus oder drucken Sie sie als Feld.`,
          en: `The certified field "${field.label}" is not printed with this value in the document. The verify page may only show what the document shows: remove it from certifies or print it as a field.`,
        },
      });
    }
  });
  const seen = new Set<string>();
  (request.pages ?? []).forEach((page, index) => {
    if (seen.has(page.attachmentId)) {
      problems.push({
        code: 'DOCUMENT_PAGE_DUPLICATE',
        field: `pages.${index}`,
        message: { de: 'Diese Seite ist schon einmal eingebunden. Entfernen Sie den doppelten Eintrag.', en: 'This page is already included. Remove the duplicate entry.' },
      });
    }
    seen.add(page.attachmentId);
  });
  return problems;
}

/** Throws the first problem as AppError (422), with all of them in details. */
export function assertValidRequest(request: DocumentRequest, index: number): void {
  const problems = requestProblems(request);
  const first = problems[0];
  if (!first) return;
  throw new AppError(first.code, `Document ${index + 1} ("${request.title}"), ${first.field}: ${first.message.en}`, 422, {
    document: index,
    kind: request.kind,
    field: first.field,
    message: first.message,
    problems,
  });
}
