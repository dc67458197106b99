/**
 * What a visit confirmation says: the appointment, what to have ready, the expected fees, how to
 * cancel — as a letter (visit_confirmation, also in Leichte Sprache), as the mail text, as the
 * reminder the day before, and as the Sammeltermin letter for the institution's office
 * (visit_institution_letter). Content only (pure); the documents area lays it out.
 */
import { isServiceId, services } from '../../catalogue/services.ts';
import type { DocumentRequest, DocumentSection } from '../../cases/workflow.ts';
import { germanDate } from '../../cases/workflows/text.ts';
import { formatEuro } from '../../fees/format.ts';
import { quoteFee } from '../../fees/quote.ts';
import type { FeeTableSet } from '../../fees/types.ts';
import type { MunicipalityProfile } from '../../platform/tenancy/profile.ts';
import type { Requester, RequestSubject } from '../../requests/types.ts';

const berlin = 'Europe/Berlin';
const fiveMinutes = 5 * 60_000;

/** "Donnerstag, 10. Dezember 2026" */
export function germanLongDay(isoDate: string): string {
  return new Date(`${isoDate}T12:00:00Z`).toLocaleDateString('de-DE', { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: berlin });
}

/** "09:45" in Berlin time. */
export function berlinTime(at: Date): string {
  return new Intl.DateTimeFormat('de-DE', { hour: '2-digit', minute: '2-digit', timeZone: berlin, hourCycle: 'h23' }).format(at);
}

/**
 * The window we promise for the officers' arrival: from a quarter of an hour before the planned
 * start to half an hour after it (traffic, the stop before taking longer), on five minutes.
 * A plan is a forecast; a promised minute would be broken on most days.
 */
export function arrivalWindow(startAt: Date): { from: Date; to: Date } {
  const from = Math.floor((startAt.getTime() - 15 * 60_000) / fiveMinutes) * fiveMinutes;
  const to = Math.ceil((startAt.getTime() + 30 * 60_000) / fiveMinutes) * fiveMinutes;
  return { from: new Date(from), to: new Date(to) };
}

/** The one who can pay: always the last line of what to have ready. */
export const paymentLine = 'Geld für die Gebühren: Sie können mit Karte (girocard) oder bar bezahlen.';

/**
 * What to have ready, from the catalogue's evidence of each service (each item once, in the
 * order of the services), then the payment line.
 */
export function whatToBring(serviceIds: readonly string[]): string[] {
  const seen = new Set<string>();
  const items: string[] = [];
  for (const id of serviceIds) {
    if (!isServiceId(id)) continue;
    for (const evidence of services[id].evidence) {
      const key = evidence.de.toLocaleLowerCase('de-DE');
      if (seen.has(key)) continue;
      seen.add(key);
      items.push(evidence.de.charAt(0).toLocaleUpperCase('de-DE') + evidence.de.slice(1));
    }
  }
  return [...items, paymentLine];
}

export interface FeeEstimate {
  lines: { service: string; amountCents: number; note?: string }[];
  totalCents: number;
  /** Some service could not be priced (no table, a number of pages only known at the visit). */
  incomplete: boolean;
}

/**
 * The fees to expect, priced with the tables valid on the visit day: ID documents with the photo
 * taken by the officers (the kit takes it), copies and signatures for one page each. Null when
 * nothing could be priced.
 */
export function estimateFees(serviceIds: readonly string[], visitDate: string, birthDate: string | null, tables: FeeTableSet): FeeEstimate | null {
  const lines: FeeEstimate['lines'] = [];
  let incomplete = false;
  for (const id of serviceIds) {
    if (!isServiceId(id)) continue;
    const photo = id === 'personalausweis' || id === 'reisepass';
    const perUnit = id === 'beglaubigung_kopie' ? { pages: 1 } : id === 'beglaubigung_unterschrift' ? { signatures: 1 } : {};
    try {
      const quote = quoteFee({ serviceId: id, applicationDate: visitDate, birthDate, ...(photo ? { photoByAuthority: true } : {}), ...perUnit }, tables);
      lines.push({
        service: services[id].name.de,
        amountCents: quote.totalCents,
        ...(photo ? { note: 'mit Lichtbild, das wir aufnehmen' } : id === 'beglaubigung_kopie' ? { note: 'je Seite' } : id === 'beglaubigung_unterschrift' ? { note: 'je Unterschrift' } : {}),
      });
    } catch {
      incomplete = true;
    }
  }
  if (lines.length === 0) return null;
  return { lines, totalCents: lines.reduce((sum, line) => sum + line.amountCents, 0), incomplete };
}

export interface VisitConfirmationInput {
  reference: string;
  subject: RequestSubject;
  requester: Requester;
  services: string[];
  /** Printable place of the stop. */
  place: string;
  /** The institution, for a Sammeltermin. */
  institutionName: string | null;
  date: string;
  startAt: Date;
  endAt: Date;
  fees: FeeEstimate | null;
  /** Opens the status page, where the visit can be cancelled. */
  statusUrl: string;
  profile: MunicipalityProfile;
  /** YYYY-MM-DD, the letter's date. */
  today: string;
  officerName: string;
}

const fullName = (subject: RequestSubject): string => [subject.givenNames, subject.familyName].filter((p) => p.trim()).join(' ');
const serviceNames = (ids: readonly string[]): string[] => ids.map((id) => (isServiceId(id) ? services[id].name.de : id));

/**
 * Who the letter goes to: the requester at their postal address; without one, the person visited
 * at the place of the visit (they live there, or are at the institution).
 */
export function letterRecipient(input: Pick<VisitConfirmationInput, 'requester' | 'subject' | 'place' | 'institutionName'>): string[] {
  const { requester } = input;
  if (requester.postalAddress && requester.postalAddress.length > 0) {
    return [...(requester.organisation ? [requester.organisation] : []), requester.name, ...requester.postalAddress].slice(0, 6);
  }
  const placeLines = input.place.split(',').map((part) => part.trim()).filter(Boolean);
  const withoutInstitution = input.institutionName && placeLines[0] === input.institutionName ? placeLines.slice(1) : placeLines;
  return [fullName(input.subject), ...(input.institutionName ? [input.institutionName] : []), ...withoutInstitution].slice(0, 6);
}

function contactLine(profile: MunicipalityProfile): string {
  return [profile.phone ? `Telefon ${profile.phone}` : null, profile.email ? `E-Mail ${profile.email}` : null].filter(Boolean).join(', ');
}

function feeSection(fees: FeeEstimate | null): DocumentSection[] {
  if (!fees) return [];
  return [{
    heading: 'Gebühren (voraussichtlich)',
    table: {
      columns: ['Leistung', 'Gebühr'],
      rows: [
        ...fees.lines.map((line) => [`${line.service}${line.note ? ` (${line.note})` : ''}`, formatEuro(line.amountCents)]),
        [fees.incomplete ? 'Summe (ohne Leistungen, deren Gebühr erst beim Besuch feststeht)' : 'Summe', formatEuro(fees.totalCents)],
      ],
    },
  }];
}

/** The confirmation letter in standard German. */
export function confirmationLetter(input: VisitConfirmationInput): DocumentRequest {
  if (input.requester.easyLanguage) return easyConfirmationLetter(input);
  const window = arrivalWindow(input.startAt);
  const name = fullName(input.subject);
  const forOther = input.requester.relation !== 'self';
  const contact = contactLine(input.profile);
  return {
    kind: 'visit_confirmation',
    title: 'Terminbestätigung: Hausbesuch des Bürgerbüros',
    recipient: letterRecipient(input),
    sections: [
      {
        fields: [
          { label: 'Zeichen', value: input.reference },
          ...(forOther && name ? [{ label: 'Für', value: name }] : []),
        ],
      },
      {
        paragraphs: [
          'Guten Tag,',
          `wir besuchen ${forOther && name ? name : 'Sie'} wie vereinbart${input.institutionName ? ` in der Einrichtung ${input.institutionName} (Sammeltermin)` : ''}.`,
        ],
      },
      {
        fields: [
          { label: 'Tag', value: germanLongDay(input.date) },
          { label: 'Uhrzeit', value: `zwischen ${berlinTime(window.from)} und ${berlinTime(window.to)} Uhr (geplant ${berlinTime(input.startAt)}–${berlinTime(input.endAt)} Uhr)` },
          { label: 'Ort', value: input.place },
          { label: 'Anliegen', value: serviceNames(input.services).join(', ') },
        ],
      },
      {
        heading: 'Bitte halten Sie bereit',
        paragraphs: whatToBring(input.services).map((item) => `• ${item}`),
      },
      ...feeSection(input.fees),
      {
        heading: 'Wenn der Termin nicht passt',
        paragraphs: [
          `Bitte sagen Sie rechtzeitig ab, dann kann jemand anderes den Termin bekommen: online unter ${input.statusUrl}` +
            `${contact ? ` oder bei uns (${contact})` : ''}. Nennen Sie dabei das Zeichen ${input.reference}.`,
          'Zwei Mitarbeitende des Bürgerbüros kommen zu Ihnen. Sie weisen sich mit ihrem Dienstausweis aus.',
          'Mit freundlichen Grüßen',
        ],
      },
    ],
    verifiable: false,
    signature: { place: input.profile.place, date: input.today, officerName: input.officerName, seal: false },
  };
}

/**
 * The confirmation in Leichte Sprache (Netzwerk Leichte Sprache): short sentences, one statement
 * per line, no abbreviations, the reader addressed directly, large print.
 */
export function easyConfirmationLetter(input: VisitConfirmationInput): DocumentRequest {
  const window = arrivalWindow(input.startAt);
  const name = fullName(input.subject);
  const forOther = input.requester.relation !== 'self';
  const who = forOther && name ? name : 'Sie';
  const contact = [input.profile.phone ? `Telefon: ${input.profile.phone}` : null, input.profile.email ? `E-Mail: ${input.profile.email}` : null].filter(Boolean) as string[];
  return {
    kind: 'visit_confirmation',
    title: 'Wir kommen zu Besuch',
    largePrint: true,
    recipient: letterRecipient(input),
    sections: [
      { fields: [{ label: 'Zeichen', value: input.reference }] },
      {
        paragraphs: [
          'Guten Tag,',
          `wir kommen zu ${who === 'Sie' ? 'Ihnen' : who}.`,
          'Wir sind vom Bürgerbüro.',
          'Wir sind 2 Personen.',
          'Wir zeigen Ihnen unseren Dienstausweis.',
        ],
      },
      {
        heading: 'Wann kommen wir?',
        paragraphs: [
          `Am ${germanLongDay(input.date)}.`,
          `Wir kommen zwischen ${berlinTime(window.from)} Uhr und ${berlinTime(window.to)} Uhr.`,
        ],
      },
      { heading: 'Wohin kommen wir?', paragraphs: [input.place] },
      { heading: 'Was machen wir?', paragraphs: serviceNames(input.services).map((service) => `• ${service}`) },
      { heading: 'Bitte legen Sie das bereit:', paragraphs: whatToBring(input.services).map((item) => `• ${item}`) },
      ...(input.fees ? [{
        heading: 'Was kostet das?',
        paragraphs: [
          `Es kostet ungefähr ${formatEuro(input.fees.totalCents)}.`,
          'Sie können mit Karte bezahlen.',
          'Oder Sie bezahlen mit Bargeld.',
        ],
      }] : []),
      {
        heading: 'Sie können nicht?',
        paragraphs: [
          'Dann sagen Sie uns bitte Bescheid.',
          ...(contact.length > 0 ? ['Rufen Sie uns an oder schreiben Sie uns.', ...contact] : []),
          `Oder im Internet: ${input.statusUrl}`,
          `Sagen Sie uns dann diese Nummer: ${input.reference}`,
          'Viele Grüße',
        ],
      },
    ],
    verifiable: false,
    signature: { place: input.profile.place, date: input.today, officerName: input.officerName, seal: false },
  };
}

export interface MailText {
  subject: string;
  text: string;
}

/** The confirmation mail: the letter's content as text (the letter and the calendar entry are attached). */
export function confirmationMail(input: VisitConfirmationInput): MailText {
  const window = arrivalWindow(input.startAt);
  const name = fullName(input.subject);
  const contact = contactLine(input.profile);
  const items = whatToBring(input.services);
  if (input.requester.easyLanguage) {
    return {
      subject: 'Wir kommen zu Besuch',
      text: [
        `Guten Tag ${input.requester.name},`, '',
        `wir kommen zu ${input.requester.relation === 'self' ? 'Ihnen' : name}.`,
        `Am ${germanLongDay(input.date)}.`,
        `Zwischen ${berlinTime(window.from)} Uhr und ${berlinTime(window.to)} Uhr.`,
        `Wohin: ${input.place}`, '',
        'Bitte legen Sie das bereit:', ...items.map((item) => `- ${item}`), '',
        ...(input.fees ? [`Es kostet ungefähr ${formatEuro(input.fees.totalCents)}.`, ''] : []),
        'Sie können nicht?', 'Dann sagen Sie uns bitte Bescheid:', input.statusUrl,
        ...(contact ? [contact] : []), `Unsere Nummer für Ihren Besuch: ${input.reference}`, '',
        'Viele Grüße', 'Ihr Bürgerbüro',
      ].join('\n'),
    };
  }
  return {
    subject: `Terminbestätigung: Hausbesuch am ${germanDate(input.date)}`,
    text: [
      `Guten Tag ${input.requester.name},`, '',
      `wir bestätigen den Hausbesuch${input.requester.relation !== 'self' && name ? ` für ${name}` : ''}:`, '',
      `  Tag:      ${germanLongDay(input.date)}`,
      `  Uhrzeit:  zwischen ${berlinTime(window.from)} und ${berlinTime(window.to)} Uhr`,
      `  Ort:      ${input.place}`,
      `  Anliegen: ${serviceNames(input.services).join(', ')}`, '',
      'Bitte halten Sie bereit:', ...items.map((item) => `  - ${item}`), '',
      ...(input.fees
        ? [`Gebühren voraussichtlich: ${formatEuro(input.fees.totalCents)}${input.fees.incomplete ? ' (und je nach Umfang weitere)' : ''}.`, '']
        : []),
      'Wenn der Termin nicht passt, sagen Sie bitte rechtzeitig ab, damit jemand anderes ihn bekommt:',
      input.statusUrl, ...(contact ? [`oder bei uns: ${contact}`] : []), '',
      'Im Anhang finden Sie die Terminbestätigung als PDF und den Termin für Ihren Kalender.', '',
      'Mit freundlichen Grüßen', 'Ihr Bürgerbüro', '', '—', '',
      `We confirm the home visit${name ? ` for ${name}` : ''} on ${input.date}, arriving between ${berlinTime(window.from)} and ${berlinTime(window.to)} (German time), at ${input.place}. ` +
        `Please have ready: ${items.join('; ')}. To cancel, open the link above.`,
    ].join('\n'),
  };
}

/** The reminder the day before. */
export function reminderMail(input: VisitConfirmationInput): MailText {
  const window = arrivalWindow(input.startAt);
  const items = whatToBring(input.services);
  const name = fullName(input.subject);
  if (input.requester.easyLanguage) {
    return {
      subject: 'Wir kommen morgen',
      text: [
        `Guten Tag ${input.requester.name},`, '',
        `morgen kommen wir zu ${input.requester.relation === 'self' ? 'Ihnen' : name}.`,
        `Zwischen ${berlinTime(window.from)} Uhr und ${berlinTime(window.to)} Uhr.`,
        'Bitte legen Sie das bereit:', ...items.map((item) => `- ${item}`), '',
        'Sie können nicht?', 'Dann sagen Sie uns bitte sofort Bescheid:', input.statusUrl, '',
        'Viele Grüße', 'Ihr Bürgerbüro',
      ].join('\n'),
    };
  }
  return {
    subject: `Erinnerung: Hausbesuch morgen, ${germanDate(input.date)}`,
    text: [
      `Guten Tag ${input.requester.name},`, '',
      `morgen, ${germanLongDay(input.date)}, kommen wir${input.requester.relation !== 'self' && name ? ` zu ${name}` : ' zu Ihnen'}: ` +
        `zwischen ${berlinTime(window.from)} und ${berlinTime(window.to)} Uhr, ${input.place}.`, '',
      'Bitte halten Sie bereit:', ...items.map((item) => `  - ${item}`), '',
      'Falls etwas dazwischenkommt, sagen Sie bitte ab:', input.statusUrl, '',
      'Mit freundlichen Grüßen', 'Ihr Bürgerbüro', '', '—', '',
      `Reminder: we visit tomorrow (${input.date}) between ${berlinTime(window.from)} and ${berlinTime(window.to)}. To cancel, open the link above.`,
    ].join('\n'),
  };
}

export interface InstitutionLetterInput {
  institution: { name: string; addressLines: string[] };
  date: string;
  startAt: Date;
  endAt: Date;
  residents: { name: string; services: string[]; reference: string }[];
  profile: MunicipalityProfile;
  today: string;
  officerName: string;
}

/**
 * The Sammeltermin letter for the institution's office: when we come, whom we see for what, and
 * what the residents need (the home as Wohnungsgeber confirms moves into it). Names and services
 * only: the office arranged the visit with its residents.
 */
export function institutionLetter(input: InstitutionLetterInput): DocumentRequest {
  const window = arrivalWindow(input.startAt);
  const allServices = [...new Set(input.residents.flatMap((resident) => resident.services))];
  const moves = allServices.some((id) => id === 'anmeldung' || id === 'ummeldung');
  const contact = contactLine(input.profile);
  return {
    kind: 'visit_institution_letter',
    title: 'Sammeltermin des Bürgerbüros in Ihrer Einrichtung',
    recipient: [input.institution.name, 'Verwaltung / Heimleitung', ...input.institution.addressLines].slice(0, 6),
    sections: [
      {
        paragraphs: [
          'Guten Tag,',
          `wir kommen mit dem mobilen Bürgerbüro zu einem Sammeltermin in Ihre Einrichtung und besuchen ${input.residents.length === 1 ? 'eine Bewohnerin oder einen Bewohner' : `${input.residents.length} Bewohnerinnen und Bewohner`}.`,
        ],
      },
      {
        fields: [
          { label: 'Tag', value: germanLongDay(input.date) },
          { label: 'Uhrzeit', value: `Ankunft zwischen ${berlinTime(window.from)} und ${berlinTime(window.to)} Uhr, bis etwa ${berlinTime(input.endAt)} Uhr` },
        ],
      },
      {
        heading: 'Bewohnerinnen und Bewohner',
        table: {
          columns: ['Name', 'Anliegen', 'Zeichen'],
          rows: input.residents.map((resident) => [resident.name, serviceNames(resident.services).join(', '), resident.reference]),
        },
      },
      {
        heading: 'Bitte bereiten Sie vor',
        paragraphs: [
          '• Einen ruhigen Raum mit Tisch, Steckdose und einer hellen, einfarbigen Wand für die Passbilder, oder den Besuch in den Zimmern.',
          ...(moves ? ['• Die Wohnungsgeberbestätigung der Einrichtung für jede Person, die eingezogen ist (§ 19 BMG).'] : []),
        ],
      },
      {
        heading: 'Die Bewohnerinnen und Bewohner brauchen',
        paragraphs: whatToBring(allServices).filter((item) => !(moves && item === 'Wohnungsgeberbestätigung')).map((item) => `• ${item}`),
      },
      {
        paragraphs: [
          `Wenn sich etwas ändert oder jemand nicht teilnehmen kann, geben Sie uns bitte Bescheid${contact ? ` (${contact})` : ''} und nennen Sie das Zeichen.`,
          'Mit freundlichen Grüßen',
        ],
      },
    ],
    verifiable: false,
    signature: { place: input.profile.place, date: input.today, officerName: input.officerName, seal: false },
  };
}
