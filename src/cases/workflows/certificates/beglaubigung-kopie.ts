/**
 * Beglaubigung einer Kopie oder Abschrift (§ 33 VwVfG, with § 33 Abs. 4 Nr. 1 for photocopies).
 *
 * The rules the officer must hold:
 * - § 33 Abs. 1 Satz 2: a Meldebehörde certifies copies of documents an authority issued, or copies
 *   needed for submission to an authority — so a copy of a private document is certified only for
 *   a named authority; and never where certified copies from official registers and archives are
 *   reserved to other bodies (Standesamt, Grundbuchamt, Registergericht, Archiv).
 * - § 33 Abs. 2: no certification when there is reason to think the original was altered (gaps,
 *   strike-throughs, insertions, changes, illegible parts, traces of erasure, sheets taken apart).
 * - § 33 Abs. 3: the Vermerk under the copy names the document exactly, states that the copy
 *   matches the presented document, limits the use to the named authority when the original is not
 *   from an authority, and carries place, day, the officer's signature and the Dienstsiegel.
 */
import { z } from 'zod';
import type { CaseFacts, DocumentRequest, FormStep, Notice, Text, Violation, Workflow } from '../../workflow.ts';
import { germanDate, notice, violation } from '../text.ts';
import {
  assertCaptured, berlinDate, certificateSignature, field, integer, purposeFields, purposeFormFields, purposeWaiver, scanAction, scanSchema,
  schemaViolations, text, validatePurpose, validateScan, waiverNote,
} from './common.ts';

export const documentCategories = [
  'zeugnis', 'bescheid', 'urkunde', 'vertrag', 'ausweis', 'sonstiges',
  'personenstandsurkunde', 'registerauszug', 'archivgut',
] as const;
export type DocumentCategory = (typeof documentCategories)[number];

const categoryLabels: Record<DocumentCategory, Text> = {
  zeugnis: { de: 'Zeugnis (Schule, Hochschule, Ausbildung, Arbeit)', en: 'certificate (school, university, training, employment)' },
  bescheid: { de: 'Bescheid oder Bescheinigung', en: 'official decision or certificate' },
  urkunde: { de: 'sonstige Urkunde', en: 'other deed' },
  vertrag: { de: 'Vertrag oder privates Schriftstück', en: 'contract or private document' },
  ausweis: { de: 'Ausweis, Pass oder Führerschein', en: 'identity card, passport or driving licence' },
  sonstiges: { de: 'sonstiges Schriftstück', en: 'other document' },
  personenstandsurkunde: { de: 'Personenstandsurkunde (Geburts-, Ehe-, Sterbeurkunde)', en: 'civil status certificate (birth, marriage, death)' },
  registerauszug: { de: 'Auszug aus Grundbuch, Handels-, Vereins- oder Genossenschaftsregister', en: 'extract from the land, commercial, association or cooperative register' },
  archivgut: { de: 'Archivgut', en: 'archive record' },
};

/**
 * § 33 Abs. 1 Satz 2 VwVfG: certified copies from official registers and archives reserved by law
 * to the body keeping them. The officer is told where to send the citizen instead.
 */
export const reservedCategories: Partial<Record<DocumentCategory, Text>> = {
  personenstandsurkunde: {
    de: 'Beglaubigte Abschriften und Ausdrucke aus dem Personenstandsregister erteilt nur das registerführende Standesamt (§ 33 Abs. 1 Satz 2 VwVfG, §§ 55 ff. PStG). Verweisen Sie an das Standesamt, das eine neue Urkunde ausstellt.',
    en: 'Certified copies from the civil status register are issued only by the register office keeping it (§ 33(1) sentence 2 VwVfG, §§ 55 ff. PStG). Refer the citizen to that Standesamt for a new certificate.',
  },
  registerauszug: {
    de: 'Beglaubigte Auszüge aus Grundbuch, Handels-, Vereins- oder Genossenschaftsregister erteilt nur das registerführende Amtsgericht (§ 33 Abs. 1 Satz 2 VwVfG; § 12 GBO, § 9 HGB, § 79 BGB). Verweisen Sie an das Amtsgericht.',
    en: 'Certified extracts from the land, commercial, association or cooperative register are issued only by the court keeping it (§ 33(1) sentence 2 VwVfG; § 12 GBO, § 9 HGB, § 79 BGB). Refer the citizen to that Amtsgericht.',
  },
  archivgut: {
    de: 'Beglaubigte Abschriften von Archivgut erteilt nur das Archiv, das es verwahrt (§ 33 Abs. 1 Satz 2 VwVfG, Archivgesetze). Verweisen Sie an das Archiv.',
    en: 'Certified copies of archive records are issued only by the archive holding them (§ 33(1) sentence 2 VwVfG, archive laws). Refer the citizen to that archive.',
  },
};

export const issuerKinds = ['authority', 'other'] as const;

const issuerKindLabels: Record<(typeof issuerKinds)[number], Text> = {
  authority: { de: 'eine Behörde', en: 'an authority' },
  other: { de: 'keine Behörde (Privatperson, Unternehmen, private Schule …)', en: 'not an authority (private person, company, private school …)' },
};

export const presentedForms = ['urschrift', 'ausfertigung', 'beglaubigte_abschrift', 'einfache_kopie'] as const;
export type PresentedForm = (typeof presentedForms)[number];

const presentedFormLabels: Record<PresentedForm, Text> = {
  urschrift: { de: 'Urschrift (Original)', en: 'original' },
  ausfertigung: { de: 'Ausfertigung', en: 'official engrossment (Ausfertigung)' },
  beglaubigte_abschrift: { de: 'beglaubigte Abschrift', en: 'certified copy' },
  einfache_kopie: { de: 'einfache Kopie', en: 'plain copy' },
};

/** As the Vermerk names what was presented ("mit der vorgelegten Urschrift"). */
const presentedFormDative: Record<Exclude<PresentedForm, 'einfache_kopie'>, string> = {
  urschrift: 'der vorgelegten Urschrift',
  ausfertigung: 'der vorgelegten Ausfertigung',
  beglaubigte_abschrift: 'der vorgelegten beglaubigten Abschrift',
};

/** The circumstances § 33 Abs. 2 VwVfG names as reason to doubt the original content. */
export const originalDefects = ['luecken', 'durchstreichungen', 'einschaltungen', 'aenderungen', 'unleserlich', 'beseitigungsspuren', 'blaetter_getrennt'] as const;
export type OriginalDefect = (typeof originalDefects)[number];

const defectLabels: Record<OriginalDefect, Text> = {
  luecken: { de: 'Lücken', en: 'gaps' },
  durchstreichungen: { de: 'Durchstreichungen', en: 'strike-throughs' },
  einschaltungen: { de: 'Einschaltungen (Einfügungen)', en: 'insertions' },
  aenderungen: { de: 'Änderungen', en: 'changes' },
  unleserlich: { de: 'unleserliche Wörter, Zahlen oder Zeichen', en: 'illegible words, figures or signs' },
  beseitigungsspuren: { de: 'Spuren der Beseitigung von Wörtern, Zahlen oder Zeichen (Radierung)', en: 'traces of erased words, figures or signs' },
  blaetter_getrennt: { de: 'Zusammenhang mehrerer Blätter aufgehoben (Heftung gelöst)', en: 'several sheets taken apart (binding undone)' },
};

export const beglaubigungKopieSchema = z.object({
  documentCategory: z.enum(documentCategories),
  /** The exact designation (§ 33 Abs. 3 Nr. 1), e.g. "Zeugnis der allgemeinen Hochschulreife". */
  documentTitle: z.string().min(3).max(200),
  documentIssuer: z.string().min(2).max(200),
  documentDate: z.string().regex(/^\d{4}(-\d{2}(-\d{2})?)?$/),
  /** Aktenzeichen, Zeugnis- or Urkundennummer, when the document has one. */
  documentNumber: z.string().max(100).default(''),
  documentPages: z.number().int().min(1).max(50),
  presentedAs: z.enum(presentedForms),
  /** Who issued the original: an authority (Behörde), or anyone else (school of a private body, company, person). */
  issuerKind: z.enum(issuerKinds),
  /** Required when the original is not from an authority: the only authority the copy may go to. */
  recipientAuthority: z.string().max(200).default(''),
  recipientIsAuthority: z.boolean().default(false),
  defects: z.array(z.enum(originalDefects)).default([]),
  /** The officer examined the original: no sign of alteration, erasure or damage that raises doubt. */
  originalUnaltered: z.literal(true),
  copies: z.number().int().min(1).max(10).default(1),
  scan: scanSchema,
  ...purposeFields,
});
export type BeglaubigungKopieData = z.infer<typeof beglaubigungKopieSchema>;

const scanWhat: Text = { de: 'alle Seiten des Originals', en: 'every page of the original' };

const form: FormStep[] = [
  {
    id: 'document',
    title: { de: 'Schriftstück', en: 'Document' },
    fields: [
      { name: 'documentCategory', kind: 'select', required: true, label: { de: 'Art des Schriftstücks', en: 'Kind of document' }, options: documentCategories.map((value) => ({ value, label: categoryLabels[value] })) },
      { name: 'documentTitle', kind: 'text', required: true, label: { de: 'Genaue Bezeichnung', en: 'Exact title' }, help: { de: 'So, wie das Schriftstück sich selbst bezeichnet, z. B. „Zeugnis der allgemeinen Hochschulreife“.', en: 'As the document names itself, e.g. "Zeugnis der allgemeinen Hochschulreife".' } },
      { name: 'documentIssuer', kind: 'text', required: true, label: { de: 'Ausgestellt von', en: 'Issued by' } },
      { name: 'documentDate', kind: 'date', required: true, label: { de: 'Datum des Schriftstücks', en: 'Date of the document' } },
      { name: 'documentNumber', kind: 'text', label: { de: 'Aktenzeichen oder Nummer', en: 'Reference or number' } },
      { name: 'documentPages', kind: 'number', required: true, min: 1, max: 50, label: { de: 'Seitenzahl des Originals', en: 'Pages of the original' } },
      { name: 'presentedAs', kind: 'select', required: true, label: { de: 'Vorgelegt als', en: 'Presented as' }, options: presentedForms.map((value) => ({ value, label: presentedFormLabels[value] })) },
      { name: 'issuerKind', kind: 'select', required: true, label: { de: 'Ausgestellt durch', en: 'Issued by' }, options: issuerKinds.map((value) => ({ value, label: issuerKindLabels[value] })) },
    ],
  },
  {
    id: 'check',
    title: { de: 'Prüfung des Originals (§ 33 Abs. 2 VwVfG)', en: 'Examining the original (§ 33(2) VwVfG)' },
    fields: [
      { name: 'defects', kind: 'multiselect', label: { de: 'Festgestellte Auffälligkeiten', en: 'Irregularities found' }, options: originalDefects.map((value) => ({ value, label: defectLabels[value] })) },
      { name: 'originalUnaltered', kind: 'boolean', required: true, label: { de: 'Das Original zeigt keine Änderungen, Radierungen oder Beschädigungen, die Zweifel begründen', en: 'The original shows no alterations, erasures or damage that raise doubt' } },
    ],
  },
  {
    id: 'use',
    title: { de: 'Verwendung', en: 'Use' },
    fields: [
      { name: 'recipientAuthority', kind: 'text', label: { de: 'Behörde, bei der die Kopie vorgelegt wird', en: 'Authority the copy is submitted to' }, visibleWhen: { field: 'issuerKind', equals: ['other'] } },
      { name: 'recipientIsAuthority', kind: 'boolean', label: { de: 'Die Empfängerin ist eine Behörde', en: 'The recipient is an authority' }, visibleWhen: { field: 'issuerKind', equals: ['other'] } },
      { name: 'copies', kind: 'number', required: true, min: 1, max: 10, label: { de: 'Anzahl beglaubigter Kopien', en: 'Number of certified copies' } },
      ...purposeFormFields(),
    ],
  },
  {
    id: 'scan',
    title: { de: 'Original scannen', en: 'Scan the original' },
    fields: [{ name: 'scan', kind: 'device', action: 'scan_original', required: true, label: { de: 'Alle Seiten scannen', en: 'Scan every page' } }],
  },
];

function validate(data: Partial<BeglaubigungKopieData>, facts: CaseFacts): Violation[] {
  const result: Violation[] = [];
  const category = data.documentCategory;
  if (!(documentCategories as readonly unknown[]).includes(category)) {
    result.push(violation('DOCUMENT_CATEGORY_REQUIRED', 'documentCategory', 'Wählen Sie die Art des Schriftstücks aus.', 'Choose the kind of document.'));
  } else {
    const reserved = reservedCategories[category as DocumentCategory];
    if (reserved) result.push(violation('CERTIFICATION_RESERVED', 'documentCategory', reserved.de, reserved.en));
  }
  if (text(data.documentTitle).length < 3) {
    result.push(violation('DOCUMENT_TITLE_REQUIRED', 'documentTitle', 'Tragen Sie die genaue Bezeichnung des Schriftstücks ein (§ 33 Abs. 3 Nr. 1 VwVfG).', 'Enter the exact title of the document (§ 33(3) no. 1 VwVfG).'));
  }
  if (text(data.documentIssuer).length < 2) {
    result.push(violation('DOCUMENT_ISSUER_REQUIRED', 'documentIssuer', 'Tragen Sie ein, wer das Schriftstück ausgestellt hat.', 'Enter who issued the document.'));
  }
  const date = text(data.documentDate);
  if (!/^\d{4}(-\d{2}(-\d{2})?)?$/.test(date)) {
    result.push(violation('DOCUMENT_DATE_REQUIRED', 'documentDate', 'Tragen Sie das Datum des Schriftstücks ein.', 'Enter the date of the document.'));
  } else if (date > facts.today) {
    result.push(violation('DOCUMENT_DATE_IN_FUTURE', 'documentDate', 'Das Datum des Schriftstücks liegt in der Zukunft; prüfen Sie die Eingabe.', 'The date of the document is in the future; check the entry.'));
  }
  const pages = integer(data.documentPages);
  if (pages === null || pages < 1 || pages > 50) {
    result.push(violation('DOCUMENT_PAGES_REQUIRED', 'documentPages', 'Tragen Sie die Seitenzahl des Originals ein (1 bis 50).', 'Enter the number of pages of the original (1 to 50).'));
  }
  if (data.presentedAs === 'einfache_kopie') {
    result.push(violation('ORIGINAL_IS_PLAIN_COPY', 'presentedAs',
      'Vorgelegt wurde nur eine einfache Kopie. Beglaubigt wird die Übereinstimmung mit der Urschrift, einer Ausfertigung oder einer beglaubigten Abschrift; lassen Sie eine davon vorlegen.',
      'Only a plain copy was presented. Certification confirms agreement with the original, an Ausfertigung or a certified copy; ask for one of these.'));
  } else if (!(presentedForms as readonly unknown[]).includes(data.presentedAs)) {
    result.push(violation('PRESENTED_AS_REQUIRED', 'presentedAs', 'Wählen Sie aus, ob die Urschrift, eine Ausfertigung oder eine beglaubigte Abschrift vorliegt.', 'Choose whether the original, an Ausfertigung or a certified copy is presented.'));
  }
  if (!(issuerKinds as readonly unknown[]).includes(data.issuerKind)) {
    result.push(violation('ISSUER_KIND_REQUIRED', 'issuerKind', 'Geben Sie an, ob das Original von einer Behörde ausgestellt wurde.', 'State whether the original was issued by an authority.'));
  } else if (data.issuerKind === 'other') {
    // § 33 Abs. 1 Satz 2: only for submission to an authority, and the Vermerk names it (Abs. 3 Nr. 3).
    if (text(data.recipientAuthority).length < 2) {
      result.push(violation('RECIPIENT_AUTHORITY_REQUIRED', 'recipientAuthority',
        'Das Original stammt nicht von einer Behörde: Die Kopie darf nur zur Vorlage bei einer Behörde beglaubigt werden. Tragen Sie diese Behörde ein; der Vermerk beschränkt die Verwendung auf sie.',
        'The original was not issued by an authority: the copy may only be certified for submission to an authority. Enter that authority; the Vermerk limits the use to it.'));
    }
    if (data.recipientIsAuthority !== true) {
      result.push(violation('RECIPIENT_NOT_AUTHORITY', 'recipientIsAuthority',
        'Kopien nichtbehördlicher Schriftstücke beglaubigt die Behörde nur zur Vorlage bei einer Behörde (§ 33 Abs. 1 Satz 2 VwVfG). Ist die Empfängerin eine Behörde, bestätigen Sie das; für private Stellen verweisen Sie an einen Notar.',
        'Copies of documents not issued by an authority are certified only for submission to an authority (§ 33(1) sentence 2 VwVfG). If the recipient is an authority, confirm it; for private recipients refer the citizen to a notary.'));
    }
  }
  const defects = Array.isArray(data.defects) ? data.defects.filter((d): d is OriginalDefect => (originalDefects as readonly string[]).includes(d)) : [];
  if (defects.length > 0) {
    const list = defects.map((d) => defectLabels[d]);
    result.push(violation('ORIGINAL_ALTERED', 'defects',
      `Das Original zeigt ${list.map((l) => l.de).join(', ')}. Es besteht Grund zur Annahme, dass der Inhalt geändert wurde; die Beglaubigung ist abzulehnen (§ 33 Abs. 2 VwVfG).`,
      `The original shows ${list.map((l) => l.en).join(', ')}. There is reason to think its content was altered; certification must be refused (§ 33(2) VwVfG).`));
  } else if (data.originalUnaltered !== true) {
    result.push(violation('ORIGINAL_NOT_CONFIRMED', 'originalUnaltered',
      'Prüfen Sie das Original und bestätigen Sie, dass es keine Änderungen, Radierungen oder Beschädigungen zeigt, die Zweifel begründen. Sonst ist die Beglaubigung abzulehnen.',
      'Examine the original and confirm it shows no alterations, erasures or damage that raise doubt. Otherwise certification must be refused.'));
  }
  // Absent means one copy (the schema's default).
  const copies = data.copies === undefined ? 1 : integer(data.copies);
  if (copies === null || copies < 1 || copies > 10) {
    result.push(violation('COPIES_INVALID', 'copies', 'Tragen Sie die Anzahl der beglaubigten Kopien ein (1 bis 10).', 'Enter the number of certified copies (1 to 10).'));
  }
  result.push(...validatePurpose(data));
  const scanViolations = validateScan(data.scan, 'scan', facts, scanWhat);
  result.push(...scanViolations);
  if (scanViolations.length === 0 && pages !== null && data.scan && data.scan.pageCount !== pages) {
    result.push(violation('SCAN_PAGES_MISMATCH', 'scan',
      `Gescannt wurden ${data.scan.pageCount} Seite(n), das Original hat ${pages}. Scannen Sie alle Seiten (oder korrigieren Sie die Seitenzahl).`,
      `${data.scan.pageCount} page(s) were scanned, the original has ${pages}. Scan every page (or correct the page count).`));
  }
  return [...result, ...schemaViolations(beglaubigungKopieSchema, data, result)];
}

function pagesOf(data: Partial<BeglaubigungKopieData>): number {
  return data.scan?.pageCount ?? integer(data.documentPages) ?? 0;
}

function seiten(n: number): string {
  return n === 1 ? '1 Seite' : `${n} Seiten`;
}

/** The Beglaubigungsvermerk for copy `index` of `total`, printed after the scanned pages. */
export function beglaubigungsvermerk(data: BeglaubigungKopieData, facts: CaseFacts, context: { caseNumber: string; completedAt: string; officer: { name: string }; fee: { waived: unknown } }, index: number, total: number): DocumentRequest {
  const presented = presentedFormDative[data.presentedAs as Exclude<PresentedForm, 'einfache_kopie'>];
  const pages = data.scan.pageCount;
  const limited = data.issuerKind === 'other';
  const day = germanDate(berlinDate(context.completedAt));
  const description = [
    field('Bezeichnung', data.documentTitle.trim()),
    field('Ausgestellt von', data.documentIssuer.trim()),
    field('Datum des Schriftstücks', germanDate(data.documentDate)),
    ...(data.documentNumber.trim() ? [field('Aktenzeichen/Nummer', data.documentNumber.trim())] : []),
    // What was presented (Urschrift, Ausfertigung …) is named in the conformity sentence.
    field('Umfang', seiten(pages)),
  ];
  // Kept to one page with the verification block: the statement first, then the fields it refers to.
  const paragraphs = [
    `Die Übereinstimmung der vorstehenden${pages > 1 ? ', mit diesem Vermerk verbundenen' : ''} Kopie (${seiten(pages)}) mit ${presented} des nachstehend bezeichneten Schriftstücks wird hiermit amtlich beglaubigt.`,
    // § 33 Abs. 3 Nr. 3 in its own words; the field below names the authority (and is certified).
    `${limited ? 'Die beglaubigte Kopie wird nur zur Vorlage bei der angegebenen Behörde erteilt.' : ''}${total > 1 ? ` Beglaubigte Kopie ${index} von ${total}.` : ''}${waiverNote(data, context.fee.waived)}`.trim(),
  ].filter((p) => p !== '');
  const recipient = limited ? [field('Nur zur Vorlage bei', data.recipientAuthority.trim())] : [];
  // The case number is not printed: the issued document is filed with its case by the documents area.
  const fields = [...description, ...recipient, field('Beglaubigt am', day)];
  // The verify page shows what identifies the certified copy; each entry is a printed field (label and value).
  const certified = new Set(['Bezeichnung', 'Ausgestellt von', 'Datum des Schriftstücks', 'Umfang', 'Nur zur Vorlage bei', 'Beglaubigt am']);
  return {
    kind: 'beglaubigungsvermerk',
    title: 'Beglaubigungsvermerk',
    sections: [{ paragraphs }, { fields }],
    verifiable: true,
    certifies: fields.filter((f) => certified.has(f.label)),
    signature: certificateSignature(facts, context.completedAt, context.officer.name),
    pages: data.scan.attachmentIds.map((attachmentId) => ({ attachmentId, placement: 'before' as const })),
  };
}

export const beglaubigungKopie: Workflow<BeglaubigungKopieData> = {
  serviceId: 'beglaubigung_kopie',
  dataSchema: beglaubigungKopieSchema,
  form,
  initialData: () => ({ presentedAs: 'urschrift', defects: [], copies: 1, documentNumber: '', recipientAuthority: '', purpose: 'general', purposeDetail: '' }),
  feeInput(data, facts) {
    const copies = integer(data.copies) ?? 1;
    const waiver = purposeWaiver(data);
    return {
      serviceId: 'beglaubigung_kopie',
      applicationDate: facts.today,
      birthDate: facts.subject?.birthDate ?? null,
      // The tariff is per certified page: every page of every certified copy.
      pages: pagesOf(data) * copies,
      ...(waiver ? { waiver } : {}),
    };
  },
  validateCapture: validate,
  notices(data) {
    const out: Notice[] = [];
    if (data.issuerKind === 'other') {
      out.push(notice('USE_LIMITED_TO_AUTHORITY',
        'Das Original stammt nicht von einer Behörde: Der Vermerk beschränkt die Verwendung auf die genannte Behörde (§ 33 Abs. 3 Nr. 3 VwVfG).',
        'The original was not issued by an authority: the Vermerk limits the use to the authority named (§ 33(3) no. 3 VwVfG).'));
    }
    if (pagesOf(data) > 1) {
      out.push(notice('CONNECT_PAGES', 'Heften Sie die Seiten jeder Kopie mit dem Vermerk zusammen und siegeln Sie über die Heftung.', 'Staple the pages of each copy to the Vermerk and seal across the binding.'));
    }
    if (data.scan && data.scan.dpi < 300) {
      out.push(notice('SCAN_LOW_RESOLUTION', `Der Scan hat nur ${data.scan.dpi} dpi; prüfen Sie, ob Stempel und kleine Schrift lesbar sind.`, `The scan has only ${data.scan.dpi} dpi; check that stamps and small print are legible.`));
    }
    return out;
  },
  complete(data, facts, context) {
    assertCaptured(validate(data, facts));
    const documents = Array.from({ length: data.copies }, (_, i) => beglaubigungsvermerk(data, facts, context, i + 1, data.copies));
    return { documents, messages: [], registerChanges: [] };
  },
  deviceActions: {
    scan_original: scanAction<BeglaubigungKopieData>({ de: 'Original scannen', en: 'Scan the original' }, 'scan', (data) => integer(data.documentPages) ?? 1),
  },
};
