import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DocumentKind, DocumentRequest } from '../cases/workflow.ts';
import { encodePng } from '../devices/png.ts';
import type { MunicipalityProfile } from '../platform/tenancy/profile.ts';

/** Test fixtures and PDF inspection helpers for the documents area. */

export function testProfile(overrides: Partial<MunicipalityProfile> = {}): MunicipalityProfile {
  return {
    municipalityId: '00000000-0000-4000-8000-000000000001',
    ags: '05911000',
    name: 'Bochum',
    authorityName: 'Stadt Bochum – Bürgerbüro',
    authorityCode: 'L7FH',
    place: 'Bochum',
    addressLines: ['Willy-Brandt-Platz 2–6', '44777 Bochum'],
    phone: '0234 910-0',
    email: 'buergerbuero@bochum.de',
    website: 'www.bochum.de',
    letterheadPng: null,
    sealPng: null,
    ...overrides,
  };
}

/** Names from DIN SPEC 91379 that Fira Sans cannot set alone (fallback runs, combining marks). */
export const din91379Names = {
  familyName: 'Ḑemir-Łukasiewicz',
  givenNames: 'Ŀŉa Ǆenana',
  /** L + combining ring below, and a name with a base + two marks. */
  combining: 'L̥ubomir Ş̌ato',
} as const;

const signature = (seal: boolean): NonNullable<DocumentRequest['signature']> => ({ place: 'Bochum', date: '2026-03-12', officerName: 'Erika Beispiel', seal });
const person = [
  { label: 'Familienname', value: din91379Names.familyName },
  { label: 'Vornamen', value: din91379Names.givenNames },
  { label: 'Geburtsdatum', value: '01.02.1937' },
];
const recipient = ['Frau', `${din91379Names.givenNames} ${din91379Names.familyName}`, 'Am Stadtpark 12', '44791 Bochum'];

/** One realistic request per document kind; the Record type makes a new kind a compile error here. */
export function documentRequestFixtures(): Record<DocumentKind, DocumentRequest> {
  const address = { label: 'Anschrift', value: 'Am Stadtpark 12, 44791 Bochum' };
  return {
    meldebestaetigung: {
      kind: 'meldebestaetigung',
      title: 'Meldebestätigung',
      recipient,
      sections: [{ heading: 'Angaben zur meldepflichtigen Person', fields: [...person, { label: 'Doktorgrad', value: '–' }, { label: 'Einzugsdatum', value: '01.03.2026' }, { label: 'Datum der Anmeldung', value: '12.03.2026' }, address, { label: 'Wohnungsstatus', value: 'alleinige Wohnung' }] }],
      verifiable: true,
      certifies: [...person, address],
      signature: signature(false),
    },
    meldebescheinigung: {
      kind: 'meldebescheinigung',
      title: 'Meldebescheinigung (einfach)',
      sections: [
        { heading: 'Angaben zur Person', fields: [...person, address, { label: 'Wohnungsstatus', value: 'Hauptwohnung' }] },
        { paragraphs: ['Die oben genannte Person ist unter der angegebenen Anschrift gemeldet (§ 18 Abs. 1 BMG).'] },
      ],
      verifiable: true,
      certifies: [...person, address],
      signature: signature(true),
    },
    lebensbescheinigung: {
      kind: 'lebensbescheinigung',
      title: 'Lebensbescheinigung',
      sections: [
        { fields: [...person, address] },
        { paragraphs: ['Die oben genannte Person hat sich heute persönlich ausgewiesen; es wird bescheinigt, dass sie lebt.'] },
      ],
      verifiable: true,
      certifies: person,
      signature: signature(true),
    },
    lebensbescheinigung_vermerk: {
      kind: 'lebensbescheinigung_vermerk',
      title: 'Lebensbescheinigung – amtlicher Vermerk',
      sections: [{ paragraphs: ['Die auf dem vorstehenden Vordruck genannte Person hat sich heute persönlich mit ihrem Personalausweis ausgewiesen. Es wird bestätigt, dass sie lebt.'] }, { fields: person }],
      verifiable: true,
      certifies: person,
      signature: signature(true),
    },
    beglaubigungsvermerk: {
      kind: 'beglaubigungsvermerk',
      title: 'Beglaubigungsvermerk',
      sections: [
        { fields: [{ label: 'Dokument', value: 'Rentenbescheid der Deutschen Rentenversicherung vom 02.01.2026' }, { label: 'Seiten', value: '2' }] },
        { paragraphs: ['Die Übereinstimmung der vorstehenden Kopie mit dem vorgelegten Original wird hiermit amtlich beglaubigt (§ 33 VwVfG).'] },
      ],
      verifiable: true,
      certifies: [{ label: 'Dokument', value: 'Rentenbescheid der Deutschen Rentenversicherung vom 02.01.2026' }, { label: 'Seiten', value: '2' }],
      signature: signature(true),
    },
    unterschriftsbeglaubigung: {
      kind: 'unterschriftsbeglaubigung',
      title: 'Beglaubigung einer Unterschrift',
      sections: [
        { fields: [...person, { label: 'Ausgewiesen durch', value: 'Personalausweis' }] },
        { paragraphs: ['Die vorstehende Unterschrift wurde heute vor mir vollzogen. Die Beglaubigung gilt nur zur Vorlage bei der Deutschen Rentenversicherung (§ 34 VwVfG).'] },
      ],
      verifiable: true,
      certifies: person,
      signature: signature(true),
    },
    befreiung_ausweispflicht: {
      kind: 'befreiung_ausweispflicht',
      title: 'Befreiung von der Ausweispflicht',
      recipient,
      sections: [
        { fields: person },
        { heading: 'Entscheidung', paragraphs: ['Sie werden nach § 1 Abs. 3 PAuswG von der Pflicht befreit, einen Personalausweis zu besitzen, weil Sie sich dauerhaft in einer Pflegeeinrichtung aufhalten.'] },
      ],
      verifiable: true,
      certifies: person,
      signature: signature(true),
    },
    antragsuebersicht: {
      kind: 'antragsuebersicht',
      title: 'Antragsübersicht Personalausweis',
      sections: [
        { heading: 'Antragstellerin', fields: person },
        { heading: 'Antrag', fields: [{ label: 'Vorgang', value: '2026-000123' }, { label: 'Gebühr', value: '52,00 €' }] },
      ],
      verifiable: false,
    },
    fee_receipt: {
      kind: 'fee_receipt',
      title: 'Quittung',
      recipient,
      sections: [
        { fields: [{ label: 'Quittungsnummer', value: 'Q-2026-000045' }, { label: 'Vorgang', value: '2026-000123' }] },
        { table: { columns: ['Position', 'Betrag'], rows: [['Personalausweis (ab 24 Jahre)', '46,00 €'], ['Lichtbild durch die Behörde', '6,00 €'], ['Summe', '52,00 €']] } },
        { paragraphs: ['Betrag dankend erhalten (Kartenzahlung).'] },
      ],
      verifiable: false,
      signature: signature(false),
    },
    pin_letter_receipt: {
      kind: 'pin_letter_receipt',
      title: 'Empfangsbestätigung PIN-Brief',
      sections: [{ fields: [...person, { label: 'Übergeben am', value: '12.03.2026, 10:15 Uhr' }] }, { paragraphs: ['Ich habe den PIN-Brief verschlossen erhalten.'] }],
      verifiable: false,
      signature: signature(false),
    },
    handover_record: {
      kind: 'handover_record',
      title: 'Aushändigungsnachweis',
      sections: [{ fields: [...person, { label: 'Dokument', value: 'Personalausweis L7FH00042' }, { label: 'Ausgehändigt am', value: '09.04.2026, 11:00 Uhr' }] }],
      verifiable: false,
      signature: signature(false),
    },
    address_sticker: {
      kind: 'address_sticker',
      title: 'Adressaufkleber Reisepass',
      sections: [{ fields: [{ label: 'Neue Anschrift', value: 'Am Stadtpark 12, 44791 Bochum' }, { label: 'Behörde', value: 'Stadt Bochum' }] }],
      verifiable: false,
    },
    fuehrungszeugnis_antrag: {
      kind: 'fuehrungszeugnis_antrag',
      title: 'Antrag auf ein Führungszeugnis',
      sections: [
        { heading: 'Antragstellerin', fields: person },
        { heading: 'Art', fields: [{ label: 'Art des Führungszeugnisses', value: 'Belegart O (zur Vorlage bei einer Behörde)' }, { label: 'Empfangsbehörde', value: 'Stadt Bochum, Jugendamt' }, { label: 'Aktenzeichen', value: '51-2026-17' }] },
        { paragraphs: ['Sie können das Führungszeugnis vor der Übersendung an die Behörde beim Amtsgericht einsehen (§ 30 Abs. 5 BZRG).'] },
      ],
      verifiable: false,
      signature: signature(false),
    },
    visit_denial: {
      kind: 'visit_denial',
      title: 'Ihre Anfrage nach einem Hausbesuch',
      recipient,
      sections: [
        { fields: [{ label: 'Zeichen', value: 'HB-7K3M-9QX4' }] },
        { paragraphs: ['Wir können Sie leider nicht zu Hause besuchen. Nach unseren Regeln (Fassung 1) ist ein Hausbesuch möglich für Bewohnerinnen und Bewohner von Einrichtungen, bei Pflegegrad 4 oder 5 oder mit Merkzeichen aG.'] },
        { heading: 'Was Sie stattdessen tun können', paragraphs: ['Befreiung von der Ausweispflicht beantragen.', 'Online-Dienste der Stadt nutzen.'] },
      ],
      verifiable: false,
      signature: signature(false),
    },
    visit_confirmation: {
      kind: 'visit_confirmation',
      title: 'Terminbestätigung: Hausbesuch des Bürgerbüros',
      recipient,
      sections: [
        { fields: [{ label: 'Termin', value: 'Donnerstag, 10.12.2026, 10:00–10:45 Uhr' }, { label: 'Ort', value: 'Seniorenzentrum Am Stadtpark, Am Stadtpark 12, 44791 Bochum' }] },
        { heading: 'Bitte halten Sie bereit', paragraphs: ['Ihren bisherigen Personalausweis.', 'Die Wohnungsgeberbestätigung.', 'Geld für die Gebühr (bar oder Karte).'] },
      ],
      verifiable: false,
      signature: signature(false),
    },
    visit_institution_letter: {
      kind: 'visit_institution_letter',
      title: 'Sammeltermin des Bürgerbüros in Ihrer Einrichtung',
      recipient: ['Seniorenzentrum Am Stadtpark', 'Heimleitung', 'Am Stadtpark 12', '44791 Bochum'],
      sections: [
        { fields: [{ label: 'Termin', value: 'Donnerstag, 10.12.2026, 10:00–11:15 Uhr' }] },
        { heading: 'Bewohnerinnen und Bewohner', table: { columns: ['Name', 'Anliegen'], rows: [[`${din91379Names.givenNames} ${din91379Names.familyName}`, 'Personalausweis']] } },
      ],
      verifiable: false,
      signature: signature(false),
    },
    visit_cancellation: {
      kind: 'visit_cancellation',
      title: 'Absage Ihres Hausbesuchs',
      recipient,
      sections: [{ paragraphs: ['Der Termin am 10.12.2026 ist abgesagt.'] }],
      verifiable: false,
      signature: signature(false),
    },
  };
}

/** A grey A4 "scan" (PNG, 50 dpi) with a dark frame, for page embedding tests. */
export function testScanPng(shade = 230): Uint8Array {
  const width = 413;
  const height = 585;
  const pixels = new Uint8Array(width * height).fill(shade);
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      if (x < 6 || y < 6 || x >= width - 6 || y >= height - 6) pixels[y * width + x] = 40;
    }
  }
  return encodePng({ width, height, channels: 1, pixels });
}

/** Runs a poppler tool on PDF bytes and returns its standard output. */
export function poppler(tool: 'pdftotext' | 'pdffonts' | 'pdfinfo', pdf: Uint8Array, args: string[] = []): string {
  const dir = mkdtempSync(join(tmpdir(), 'bk-pdf-'));
  try {
    const file = join(dir, 'document.pdf');
    writeFileSync(file, pdf);
    const output = tool === 'pdftotext' ? [file, '-'] : [file];
    return execFileSync(tool, [...args, ...output], { encoding: 'utf8' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
