import { describe, expect, it } from 'vitest';
import { renderDocumentPdf } from '../../../documents/render-pdf.ts';
import { poppler, testProfile } from '../../../documents/testing.ts';
import { ummeldungWorkflow } from './move-in.ts';
import { child, context, facts, spouse, ummeldungDraft, wohnungsgeber } from './testing.ts';

/** The Meldebestätigungen as the documents area renders them (PDF/A, pdftotext), for the family with a blocked child. */
const squeeze = (text: string) => text.normalize('NFC').replace(/\s+/g, '');
const verification = { code: 'BK-7K3M-Q9XZ', qrUrl: `https://buergerkoffer.example/verify/BK-7K3M-Q9XZ?t=${'A'.repeat(86)}`, typedUrl: 'https://buergerkoffer.example/verify/BK-7K3M-Q9XZ' };

describe('Meldebestätigung as PDF', () => {
  const blockedChild = { ...child, givenNames: ['Łucja'], blocks: ['auskunftssperre' as const] };
  const f = facts({ subject: { doctoralDegree: 'Dr. med.', birthName: 'Meier' }, others: { [spouse.id]: spouse, [child.id]: blockedChild } });
  const draft = ummeldungDraft({ coMoverIds: ['person-2', 'person-3'], wohnungsgeber: wohnungsgeber({ personsNamed: ['Anna Schmidt', 'Jan Schmidt', 'Łucja Schmidt'] }) });
  const documents = ummeldungWorkflow.complete(draft, f, context).documents;
  const render = async (index: number) => squeeze(poppler('pdftotext', await renderDocumentPdf(documents[index]!, { profile: testProfile(), issuedAt: new Date('2026-11-05T10:00:00Z'), verification, pages: [] })));

  it('the shared confirmation prints the § 24 Abs. 2 data of the unblocked persons and never the blocked child', async () => {
    const text = await render(0);
    for (const printed of ['Meldebestätigung', 'Schmidt', 'AnnaMaria(gebräuchlicherVorname:Anna)', 'Dr.med.', '17.05.1980', 'Jan', '01.02.1978',
      'Hauptstraße12a', '44787Bochum', 'TagdesEinzugs', '01.11.2026', 'TagderAnmeldung', '05.11.2026', 'Wohnungsstatus', 'alleinigeWohnung']) {
      expect(text).toContain(printed);
    }
    for (const absent of ['Łucja', '30.09.2015', 'Meier', 'Essen', 'AmStadtpark']) expect(text).not.toContain(absent);
  });

  it('the blocked child has a confirmation of her own', async () => {
    const text = await render(1);
    expect(text).toContain('Łucja');
    expect(text).not.toContain('Jan');
  });
});
