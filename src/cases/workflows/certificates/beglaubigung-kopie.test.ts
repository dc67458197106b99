import { describe, expect, it } from 'vitest';
import { createScannerSimulator } from '../../../devices/scanner-simulator.ts';
import { pngSize } from '../../../devices/png.ts';
import { beglaubigungKopie, type BeglaubigungKopieData } from './beglaubigung-kopie.ts';
import {
  applyDeviceResult, caseFacts, completionContext, printedText, scanAttachments, scannerPorts, uncertifiedValues,
} from './testing.ts';

const scanIds = ['att-1', 'att-2'];

function captured(overrides: Partial<BeglaubigungKopieData> = {}): BeglaubigungKopieData {
  return {
    documentCategory: 'zeugnis',
    documentTitle: 'Zeugnis der allgemeinen Hochschulreife',
    documentIssuer: 'Schiller-Schule Bochum',
    documentDate: '1960-06-30',
    documentNumber: 'Z-1960-17',
    documentPages: 2,
    presentedAs: 'urschrift',
    issuerKind: 'authority',
    recipientAuthority: '',
    recipientIsAuthority: false,
    defects: [],
    originalUnaltered: true,
    copies: 1,
    scan: { attachmentIds: scanIds, pageCount: 2, dpi: 300, colour: true, scannedAt: '2026-12-01T10:16:00.000Z' },
    purpose: 'general',
    purposeDetail: '',
    ...overrides,
  };
}

const facts = caseFacts({ attachments: scanAttachments(scanIds) });
const codes = (data: Partial<BeglaubigungKopieData>, f = facts) => beglaubigungKopie.validateCapture(data, f).map((v) => `${v.code}@${v.field ?? ''}`);

describe('beglaubigung_kopie: capture rules (§ 33 VwVfG)', () => {
  it('accepts a complete capture', () => {
    expect(codes(captured())).toEqual([]);
  });

  it.each<[string, Partial<BeglaubigungKopieData>, string]>([
    ['altered original (§ 33 Abs. 2)', { defects: ['beseitigungsspuren'] }, 'ORIGINAL_ALTERED@defects'],
    ['sheets taken apart (§ 33 Abs. 2)', { defects: ['blaetter_getrennt'] }, 'ORIGINAL_ALTERED@defects'],
    ['original not confirmed unaltered', { originalUnaltered: undefined as unknown as true }, 'ORIGINAL_NOT_CONFIRMED@originalUnaltered'],
    ['non-authority original without named authority', { issuerKind: 'other', recipientIsAuthority: true }, 'RECIPIENT_AUTHORITY_REQUIRED@recipientAuthority'],
    ['non-authority original for a private recipient', { issuerKind: 'other', recipientAuthority: 'Sparkasse Bochum', recipientIsAuthority: false }, 'RECIPIENT_NOT_AUTHORITY@recipientIsAuthority'],
    ['civil status certificate reserved to the Standesamt', { documentCategory: 'personenstandsurkunde' }, 'CERTIFICATION_RESERVED@documentCategory'],
    ['register extract reserved to the court', { documentCategory: 'registerauszug' }, 'CERTIFICATION_RESERVED@documentCategory'],
    ['archive record reserved to the archive', { documentCategory: 'archivgut' }, 'CERTIFICATION_RESERVED@documentCategory'],
    ['a plain copy presented as original', { presentedAs: 'einfache_kopie' }, 'ORIGINAL_IS_PLAIN_COPY@presentedAs'],
    ['document date in the future', { documentDate: '2027-01-01' }, 'DOCUMENT_DATE_IN_FUTURE@documentDate'],
    ['scan with fewer pages than the original', { documentPages: 3 }, 'SCAN_PAGES_MISMATCH@scan'],
    ['no scan', { scan: undefined as unknown as BeglaubigungKopieData['scan'] }, 'SCAN_REQUIRED@scan'],
    ['pension purpose without the body', { purpose: 'pension', purposeDetail: '' }, 'PURPOSE_DETAIL_REQUIRED@purposeDetail'],
    ['too many copies', { copies: 11 }, 'COPIES_INVALID@copies'],
  ])('refuses: %s', (_name, overrides, expected) => {
    expect(codes(captured(overrides))).toContain(expected);
  });

  it('refuses a scan whose pages are not attachments of the case', () => {
    expect(codes(captured(), caseFacts({ attachments: scanAttachments(['att-1']) }))).toEqual(['SCAN_MISSING_PAGES@scan']);
  });

  it('refuses scanned pages that are not images (the Vermerk embeds them)', () => {
    const pdfPages = caseFacts({ attachments: scanIds.map((id) => ({ id, kind: 'scan', mediaType: 'application/pdf', deleted: false })) });
    expect(codes(captured(), pdfPages)).toEqual(['SCAN_FORMAT_UNSUPPORTED@scan']);
  });

  it('reports every violation of an empty draft at once, each with a field and both languages', () => {
    const violations = beglaubigungKopie.validateCapture({}, facts);
    expect(violations.map((v) => v.field)).toEqual(expect.arrayContaining([
      'documentCategory', 'documentTitle', 'documentIssuer', 'documentDate', 'documentPages', 'presentedAs', 'issuerKind', 'originalUnaltered', 'purpose', 'scan',
    ]));
    for (const v of violations) {
      expect(v.message.de.length).toBeGreaterThan(10);
      expect(v.message.en.length).toBeGreaterThan(10);
    }
  });

  it('accepts a private original for a named authority', () => {
    expect(codes(captured({ documentCategory: 'vertrag', issuerKind: 'other', recipientAuthority: 'Jobcenter Bochum', recipientIsAuthority: true }))).toEqual([]);
  });
});

describe('beglaubigung_kopie: fee input', () => {
  it.each<[string, Partial<BeglaubigungKopieData>, number, boolean]>([
    ['one copy of two pages', {}, 2, false],
    ['three copies of two pages', { copies: 3 }, 6, false],
    ['declared pages before the scan', { scan: undefined as unknown as BeglaubigungKopieData['scan'], documentPages: 4 }, 4, false],
    ['pension purpose', { purpose: 'pension', purposeDetail: 'Deutsche Rentenversicherung' }, 2, true],
    ['social benefit purpose', { purpose: 'social_benefit', purposeDetail: 'Jobcenter Bochum' }, 2, true],
  ])('%s', (_name, overrides, pages, waiver) => {
    const input = beglaubigungKopie.feeInput(captured(overrides), facts);
    expect(input).toMatchObject({ serviceId: 'beglaubigung_kopie', applicationDate: '2026-12-01', birthDate: '1941-03-15', pages });
    expect(input.signatures).toBeUndefined();
    if (waiver) expect(input.waiver).toEqual({ kind: 'pension_or_social_purpose', reason: expect.stringContaining(overrides.purposeDetail ?? '') });
    else expect(input.waiver).toBeUndefined();
  });
});

describe('beglaubigung_kopie: scanning the original', () => {
  it('stores every page as a scan attachment and records the page ids', async () => {
    const action = beglaubigungKopie.deviceActions?.scan_original;
    if (!action) throw new Error('scan_original missing');
    const result = await action.run(scannerPorts(createScannerSimulator()), {}, { documentPages: 3 }, facts);
    expect(result.attachments).toHaveLength(3);
    expect(result.attachments.every((a) => a.kind === 'scan' && a.mediaType === 'image/png' && !a.biometric)).toBe(true);
    // Defaults: 300 dpi colour, so stamps and seals are legible on the certified copy.
    expect(pngSize(result.attachments[0]?.content ?? new Uint8Array())).toEqual({ width: 2480, height: 3508 });
    expect(result.dataPatch).toEqual({ scan: { attachmentIds: ['$attachment:0', '$attachment:1', '$attachment:2'], pageCount: 3, dpi: 300, colour: true, scannedAt: facts.now } });

    const applied = applyDeviceResult(captured({ documentPages: 3 }), result);
    expect(codes(applied.data, caseFacts({ attachments: applied.attachments }))).toEqual([]);
  });

  it('scans with the requested settings', async () => {
    const result = await beglaubigungKopie.deviceActions?.scan_original?.run(scannerPorts(createScannerSimulator()), { pages: 1, dpi: 150, colour: false }, {}, facts);
    expect(result?.dataPatch).toMatchObject({ scan: { pageCount: 1, dpi: 150, colour: false } });
    expect(pngSize(result?.attachments[0]?.content ?? new Uint8Array())).toEqual({ width: 1240, height: 1754 });
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['invalid settings', { dpi: 'high' }, 'SCAN_INPUT_INVALID'],
    ['a resolution the scanner refuses', { dpi: 1200 }, 'SCANNER_FAILED'],
  ])('fails with an actionable error on %s', async (_name, input, code) => {
    await expect(beglaubigungKopie.deviceActions?.scan_original?.run(scannerPorts(createScannerSimulator()), input, {}, facts)).rejects.toMatchObject({ code });
  });

  it('reports a scanner failure', async () => {
    await expect(beglaubigungKopie.deviceActions?.scan_original?.run(scannerPorts(createScannerSimulator({ failWith: 'paper jam' })), {}, {}, facts))
      .rejects.toMatchObject({ code: 'SCANNER_FAILED', message: expect.stringContaining('paper jam') });
  });
});

describe('beglaubigung_kopie: the Beglaubigungsvermerk (§ 33 Abs. 3 VwVfG)', () => {
  const context = completionContext();

  it('has every required part, with the scanned pages before it', () => {
    const { documents, messages, registerChanges } = beglaubigungKopie.complete(captured(), facts, context);
    expect(messages).toEqual([]);
    expect(registerChanges).toEqual([]);
    expect(documents).toHaveLength(1);
    const [vermerk] = documents;
    if (!vermerk) throw new Error('no document');
    expect(vermerk.kind).toBe('beglaubigungsvermerk');
    expect(vermerk.verifiable).toBe(true);
    expect(vermerk.pages).toEqual([{ attachmentId: 'att-1', placement: 'before' }, { attachmentId: 'att-2', placement: 'before' }]);
    const printed = printedText(vermerk);
    // Nr. 1: exact description of the document.
    for (const part of ['Zeugnis der allgemeinen Hochschulreife', 'Schiller-Schule Bochum', '30.06.1960', 'Z-1960-17', '2 Seiten', 'Urschrift']) expect(printed).toContain(part);
    // Nr. 2: conformity with the presented document.
    expect(printed).toContain('Die Übereinstimmung der vorstehenden, mit diesem Vermerk verbundenen Kopie (2 Seiten) mit der vorgelegten Urschrift des nachstehend bezeichneten Schriftstücks wird hiermit amtlich beglaubigt.');
    // Nr. 3 only when the original is not from an authority.
    expect(printed).not.toContain('nur zur Vorlage bei');
    // Nr. 4: place, day, officer's signature and Dienstsiegel.
    expect(vermerk.signature).toEqual({ place: 'Bochum', date: '01.12.2026', officerName: 'Jana Becker', seal: true });
    expect(uncertifiedValues(vermerk)).toEqual([]);
    expect(vermerk.certifies?.map((f) => f.label)).toEqual(['Bezeichnung', 'Ausgestellt von', 'Datum des Schriftstücks', 'Umfang', 'Beglaubigt am']);
  });

  it('limits the use to the named authority when the original is not from an authority', () => {
    const data = captured({ documentCategory: 'vertrag', documentTitle: 'Mietvertrag über die Wohnung Kortumstraße 12', documentIssuer: 'Wohnungsgesellschaft Ruhr GmbH', issuerKind: 'other', recipientAuthority: 'Jobcenter Bochum', recipientIsAuthority: true });
    const [vermerk] = beglaubigungKopie.complete(data, facts, context).documents;
    if (!vermerk) throw new Error('no document');
    expect(printedText(vermerk)).toContain('Die beglaubigte Kopie wird nur zur Vorlage bei der angegebenen Behörde erteilt.');
    expect(vermerk.sections.flatMap((s) => s.fields ?? [])).toContainEqual({ label: 'Nur zur Vorlage bei', value: 'Jobcenter Bochum' });
    expect(vermerk.certifies).toContainEqual({ label: 'Nur zur Vorlage bei', value: 'Jobcenter Bochum' });
    expect(uncertifiedValues(vermerk)).toEqual([]);
  });

  it('issues one Vermerk per certified copy, numbered', () => {
    const { documents } = beglaubigungKopie.complete(captured({ copies: 2 }), facts, context);
    expect(documents).toHaveLength(2);
    expect(printedText(documents[1] ?? documents[0]!)).toContain('Beglaubigte Kopie 2 von 2.');
    expect(documents.every((d) => d.pages?.length === 2)).toBe(true);
  });

  it('dates the Vermerk on the day of completion in Germany', () => {
    const [vermerk] = beglaubigungKopie.complete(captured(), facts, completionContext({ completedAt: '2026-12-01T23:30:00.000Z' })).documents;
    expect(vermerk?.signature?.date).toBe('02.12.2026');
  });

  it('refuses to complete a refused capture', () => {
    expect(() => beglaubigungKopie.complete(captured({ defects: ['aenderungen'] }), facts, context)).toThrow(/altered/);
  });
});
