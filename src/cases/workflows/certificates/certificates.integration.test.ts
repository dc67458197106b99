/**
 * The certificate workflows with the real neighbours: their fee inputs priced by the fee engine
 * on the built-in tariff, their documents checked by the documents area's request rules and
 * rendered to PDF (with pages from the scanner simulator), then read back with pdftotext.
 */
import { describe, expect, it } from 'vitest';
import { createScannerSimulator } from '../../../devices/scanner-simulator.ts';
import { renderDocumentPdf } from '../../../documents/render-pdf.ts';
import { poppler, testProfile } from '../../../documents/testing.ts';
import { requestProblems } from '../../../documents/validate-request.ts';
import { builtinFederalTables, builtinMunicipalTables } from '../../../fees/default-tables.ts';
import { quoteFee } from '../../../fees/quote.ts';
import type { CaseFacts, DocumentRequest, Workflow } from '../../workflow.ts';
import { beglaubigungKopie, type BeglaubigungKopieData } from './beglaubigung-kopie.ts';
import { beglaubigungUnterschrift, type BeglaubigungUnterschriftData } from './beglaubigung-unterschrift.ts';
import { lebensbescheinigung, type LebensbescheinigungData } from './lebensbescheinigung.ts';
import { meldebescheinigung, type MeldebescheinigungData } from './meldebescheinigung.ts';
import { applyDeviceResult, caseFacts, completionContext, personFacts, scannerPorts } from './testing.ts';

const tables = { federal: builtinFederalTables, municipal: builtinMunicipalTables };

const kopie = (overrides: Partial<BeglaubigungKopieData> = {}): Partial<BeglaubigungKopieData> => ({
  documentCategory: 'vertrag', documentTitle: 'Mietvertrag über die Wohnung Kortumstraße 12', documentIssuer: 'Wohnungsgesellschaft Ruhr GmbH',
  documentDate: '2015-03-02', documentNumber: '', documentPages: 2, presentedAs: 'urschrift', issuerKind: 'other', recipientAuthority: 'Jobcenter Bochum',
  recipientIsAuthority: true, defects: [], originalUnaltered: true, copies: 1, purpose: 'general', purposeDetail: '', ...overrides,
});
const unterschrift = (overrides: Partial<BeglaubigungUnterschriftData> = {}): BeglaubigungUnterschriftData => ({
  identityDocumentKind: 'personalausweis', identityDocumentNumber: 'L01X00T471', identityChecked: true, signatureMode: 'vollzogen',
  documentTitle: 'Antrag auf Hinterbliebenenrente', documentDate: '2026-11-28', documentPages: 4, documentHasText: true, reservedMatter: 'none',
  recipientName: 'Deutsche Rentenversicherung Westfalen', recipientKind: 'authority', signatures: 1, purpose: 'general', purposeDetail: '', ...overrides,
});
const melde = (overrides: Partial<MeldebescheinigungData> = {}): MeldebescheinigungData => ({
  kind: 'simple', extendedFields: [], authorisationChecked: false, spousePersonId: '', representativePersonId: '', purpose: 'general', purposeDetail: '', ...overrides,
});
const leben = (overrides: Partial<LebensbescheinigungData> = {}): Partial<LebensbescheinigungData> => ({
  identityDocumentKind: 'personalausweis', identityDocumentNumber: 'L01X00T471', identityChecked: true, personallyAppeared: true, form: 'municipal',
  formIssuer: '', formReference: '', formPages: 1, purpose: 'pension', purposeDetail: 'Deutsche Rentenversicherung Bund', ...overrides,
});

function quote<T extends Record<string, unknown>>(workflow: Workflow<T>, data: Partial<T>, facts: CaseFacts = caseFacts()) {
  const result = quoteFee(workflow.feeInput(data, facts), tables);
  return { total: result.totalCents, waived: result.waived?.kind ?? null, items: result.items.map((i) => `${i.code}×${i.quantity ?? 1}`) };
}

describe('certificates priced by the fee engine (built-in tariff)', () => {
  it.each<[string, () => ReturnType<typeof quote>, { total: number; waived: string | null; items: string[] }]>([
    ['Beglaubigung: 2 pages, 1 copy', () => quote(beglaubigungKopie, kopie()), { total: 600, waived: null, items: ['beglaubigung.page×2'] }],
    ['Beglaubigung: 2 pages, 3 copies', () => quote(beglaubigungKopie, kopie({ copies: 3 })), { total: 1800, waived: null, items: ['beglaubigung.page×6'] }],
    ['Beglaubigung for a pension purpose', () => quote(beglaubigungKopie, kopie({ purpose: 'pension', purposeDetail: 'DRV' })), { total: 0, waived: 'pension_or_social_purpose', items: ['beglaubigung.page×2'] }],
    ['Unterschrift: 3 signatures', () => quote(beglaubigungUnterschrift, unterschrift({ signatures: 3 })), { total: 1500, waived: null, items: ['beglaubigung.signature×3'] }],
    ['Meldebescheinigung simple', () => quote(meldebescheinigung, melde()), { total: 500, waived: null, items: ['meldebescheinigung.simple×1'] }],
    ['Meldebescheinigung extended', () => quote(meldebescheinigung, melde({ kind: 'extended', extendedFields: ['sex'] })), { total: 800, waived: null, items: ['meldebescheinigung.extended×1'] }],
    ['Meldebescheinigung for a social benefit', () => quote(meldebescheinigung, melde({ purpose: 'social_benefit', purposeDetail: 'Jobcenter Bochum' })), { total: 0, waived: 'pension_or_social_purpose', items: ['meldebescheinigung.simple×1'] }],
    ['Lebensbescheinigung for a pension', () => quote(lebensbescheinigung, leben()), { total: 0, waived: 'pension_or_social_purpose', items: ['lebensbescheinigung×1'] }],
    ['Lebensbescheinigung, general purpose', () => quote(lebensbescheinigung, leben({ purpose: 'general', purposeDetail: '' })), { total: 500, waived: null, items: ['lebensbescheinigung×1'] }],
  ])('%s', (_name, run, expected) => {
    expect(run()).toEqual(expected);
  });
});

async function render(document: DocumentRequest, pages: Uint8Array[] = []): Promise<{ text: string; pageCount: number }> {
  expect(requestProblems(document)).toEqual([]);
  const pdf = await renderDocumentPdf(document, {
    profile: testProfile(),
    issuedAt: new Date('2026-12-01T10:30:00.000Z'),
    verification: document.verifiable ? { code: 'K7QX-4M2D', qrUrl: 'https://bochum.example/verify/K7QX-4M2D#t=token', typedUrl: 'bochum.example/verify' } : null,
    pages: pages.map((content) => ({ placement: 'before' as const, content, mediaType: 'image/png' })),
  });
  const pageCount = Number(/Pages:\s+(\d+)/.exec(poppler('pdfinfo', pdf))?.[1]);
  // pdftotext breaks lines where the layout does; compare with single spaces.
  return { text: poppler('pdftotext', pdf).replace(/\s+/g, ' '), pageCount };
}

/** Runs a scan action through the scanner simulator, as the case engine would, and keeps the page bytes. */
async function scanned<T extends Record<string, unknown>>(workflow: Workflow<T>, action: string, data: Partial<T>) {
  const facts = caseFacts();
  const result = await workflow.deviceActions?.[action]?.run(scannerPorts(createScannerSimulator()), { dpi: 75 }, data, facts);
  if (!result) throw new Error(`${action} missing`);
  const applied = applyDeviceResult(data as Record<string, unknown>, result);
  return { data: applied.data as T, facts: caseFacts({ attachments: applied.attachments }), pages: result.attachments.map((a) => a.content) };
}

describe('certificates rendered as PDF', () => {
  const context = completionContext();

  it('Beglaubigungsvermerk after the scanned pages, limited to the named authority', async () => {
    const { data, facts, pages } = await scanned(beglaubigungKopie, 'scan_original', kopie());
    expect(beglaubigungKopie.validateCapture(data, facts)).toEqual([]);
    const [vermerk] = beglaubigungKopie.complete(data, facts, context).documents;
    const { text, pageCount } = await render(vermerk!, pages);
    expect(pageCount).toBe(3);
    for (const part of [
      'Mietvertrag über die Wohnung Kortumstraße 12', 'Wohnungsgesellschaft Ruhr GmbH', '02.03.2015',
      'mit der vorgelegten Urschrift des nachstehend bezeichneten Schriftstücks wird hiermit amtlich beglaubigt', 'nur zur Vorlage bei der angegebenen Behörde erteilt', 'Jobcenter Bochum', 'Bochum', 'Jana Becker',
    ]) expect(text).toContain(part);
  });

  it('Unterschriftsbeglaubigung without the address of a blocked signer', async () => {
    const facts = caseFacts({ subject: personFacts({ blocks: ['auskunftssperre'] }) });
    const [vermerk] = beglaubigungUnterschrift.complete(unterschrift(), facts, context).documents;
    const { text, pageCount } = await render(vermerk!);
    expect(pageCount).toBe(1);
    expect(text).toContain('Die vorstehende Unterschrift ist echt.');
    expect(text).toContain('nur zur Vorlage bei der angegebenen Behörde oder Stelle bestimmt');
    expect(text).toContain('Deutsche Rentenversicherung Westfalen');
    expect(text).not.toContain('Kortumstraße');
    expect(text).not.toContain('44787');
  });

  it('Meldebescheinigung, simple: no extended data on paper', async () => {
    const [document] = meldebescheinigung.complete(melde(), caseFacts(), context).documents;
    const { text, pageCount } = await render(document!);
    expect(pageCount).toBe(1);
    for (const part of ['Meldebescheinigung', 'Kowalski', 'Maria Elisabeth (gebräuchlicher Vorname: Elisabeth)', '15.03.1941', 'alleinige Wohnung', 'Kortumstraße 12, 44787 Bochum']) {
      expect(text).toContain(part);
    }
    for (const absent of ['Gelsenkirchen', 'Nowak', 'verwitwet', 'L01X00T471']) expect(text).not.toContain(absent);
  });

  it('Lebensbescheinigung as a Vermerk page after the scanned pension form', async () => {
    const { data, facts, pages } = await scanned(lebensbescheinigung, 'scan_form', leben({ form: 'citizen_form', formIssuer: 'ZUS Warschau', formPages: 2 }));
    expect(lebensbescheinigung.validateCapture(data, facts)).toEqual([]);
    const [vermerk] = lebensbescheinigung.complete(data, facts, context).documents;
    const { text, pageCount } = await render(vermerk!, pages);
    expect(pageCount).toBe(3);
    for (const part of ['Lebensbescheinigung', 'ZUS Warschau', 'persönlich bei der Meldebehörde', 'Sie lebt.', 'Maria Elisabeth Kowalski', '15.03.1941 in Gelsenkirchen']) expect(text).toContain(part);
  });
});

describe('each Vermerk fits one page with its verification block (fullest data)', () => {
  const waived = completionContext({ fee: { ...completionContext().fee, totalCents: 0, waived: { kind: 'pension_or_social_purpose', reason: 'Rentenangelegenheit' } } });
  const doctor = caseFacts({ subject: personFacts({ doctoralDegree: 'Dr. med.', givenNames: ['Maria', 'Elisabeth', 'Johanna'], familyName: 'Kowalski-Wiśniewska' }) });
  const longAuthority = 'Deutsche Rentenversicherung Knappschaft-Bahn-See, Regionaldirektion Bochum';

  it.each<[string, () => Promise<{ document: DocumentRequest; pages: Uint8Array[] }>]>([
    ['Beglaubigungsvermerk', async () => {
      const { data, facts, pages } = await scanned(beglaubigungKopie, 'scan_original', kopie({
        documentNumber: 'MV-2015-000417', copies: 2, recipientAuthority: longAuthority, purpose: 'pension', purposeDetail: longAuthority,
      }));
      return { document: beglaubigungKopie.complete(data, facts, waived).documents[1]!, pages };
    }],
    ['Unterschriftsbeglaubigung', async () => ({
      document: beglaubigungUnterschrift.complete(unterschrift({ signatures: 2, recipientName: longAuthority, purpose: 'pension', purposeDetail: longAuthority, identityDocumentNumber: 'L01X00T47' }), doctor, waived).documents[1]!,
      pages: [],
    })],
    ['Lebensbescheinigung (municipal form)', async () => ({
      document: lebensbescheinigung.complete(leben({ purposeDetail: longAuthority }) as LebensbescheinigungData, doctor, waived).documents[0]!,
      pages: [],
    })],
    ['Lebensbescheinigung-Vermerk', async () => {
      const { data, facts, pages } = await scanned(lebensbescheinigung, 'scan_form', leben({ form: 'citizen_form', formIssuer: 'Zakład Ubezpieczeń Społecznych, Oddział w Warszawie', formReference: 'ZUS 41031512345', formPages: 2, purposeDetail: longAuthority }));
      return { document: lebensbescheinigung.complete(data, facts, waived).documents[0]!, pages };
    }],
  ])('%s', async (_name, build) => {
    const { document, pages } = await build();
    const { pageCount } = await render(document, pages);
    expect(pageCount).toBe(pages.length + 1);
  });
});
