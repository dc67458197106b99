import { describe, expect, it } from 'vitest';
import { renderDocumentPdf } from '../../../documents/render-pdf.ts';
import { poppler, testProfile } from '../../../documents/testing.ts';
import { requestProblems } from '../../../documents/validate-request.ts';
import type { DocumentRequest } from '../../workflow.ts';
import type { IdDocumentData } from './data.ts';
import { caseFacts, capturedData, completionContext, serial } from './testing.ts';
import { personalausweisWorkflow } from './workflows.ts';

async function pdfText(request: DocumentRequest): Promise<string> {
  expect(requestProblems(request)).toEqual([]);
  const pdf = await renderDocumentPdf(request, { profile: testProfile(), issuedAt: new Date('2026-03-02T10:00:00Z'), verification: null, pages: [] });
  // Line breaks in long values are layout, not content.
  return poppler('pdftotext', pdf, ['-layout']).replace(/\s+/g, ' ');
}

describe('the ID document documents render as PDF/A with their content', () => {
  it('application summary and PIN-letter receipt', async () => {
    const [summary, receipt] = personalausweisWorkflow.captureDocuments!(capturedData('personalausweis'), caseFacts(), completionContext('personalausweis'));
    const text = await pdfText(summary!);
    for (const expected of ['Antragsübersicht Personalausweis', 'Krüger', 'Lehmann', '12.04.1938', 'Am Stadtpark 3, 44791 Bochum', '164 cm', 'blau', 'linker Zeigefinger', 'rechter Zeigefinger', serial('L01X0C7K2'), '01.03.2036', 'eingeschaltet']) {
      expect(text).toContain(expected);
    }
    expect(text).not.toContain('att-fp');
    const receiptText = await pdfText(receipt!);
    expect(receiptText).toContain('Empfangsbestätigung PIN-Brief');
    expect(receiptText).toContain('02.03.2026, 11:00 Uhr');
  });

  it('hand-over record', async () => {
    const data = capturedData('personalausweis');
    const completed = { ...data, ...(personalausweisWorkflow.complete(data, caseFacts(), completionContext('personalausweis')).dataPatch as Partial<IdDocumentData>) } as IdDocumentData;
    const later = caseFacts({ today: '2026-03-30', now: '2026-03-30T12:00:00.000Z' });
    const effects = personalausweisWorkflow.handOver!.effects(completed, { handedOverOn: '2026-03-30', handedOverTime: '11:20', receivedBy: 'holder', oldDocumentOutcome: 'invalidated_returned' }, later, completionContext('personalausweis'));
    const text = await pdfText(effects.documents[0]!);
    for (const expected of ['Aushändigungsnachweis Personalausweis', serial('L01X0C7K2'), '30.03.2026, 11:20 Uhr', 'entwertet und der Person zurückgegeben', 'gelöscht']) {
      expect(text).toContain(expected);
    }
  });
});
