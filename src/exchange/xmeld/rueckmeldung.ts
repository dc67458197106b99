import { createHash } from 'node:crypto';
import { create } from 'xmlbuilder2';
import type { XMLBuilder } from 'xmlbuilder2/lib/interfaces.js';
import { AppError } from '../../platform/errors.ts';
import type { MessageAddress, RueckmeldungPayload } from '../messages.ts';
import { destatisStateCode } from './destatis-codes.ts';

/**
 * The Rückmeldung (§ 33 BMG, § 6 1. BMeldDÜV) as the XMeld 25.11a message
 * `rueckmeldung.anmeldunginland.0201`: the Meldebehörde of the new residence tells the former one
 * who moved in (one Umzugsverband: the persons who moved together), so that the former register
 * can close the residence and answer with an Auswertung (0203). Valid against
 * ../shared/standards/xmeld/xmeld-25.11a (tests run xmllint on every generated message).
 *
 * XMeld elements are qualified (xmeld:), the XInneres/XÖV building blocks inside them are not
 * (`nachrichtenkopf.g2g`, `code`, `name`, `teilbekanntesDatum`, …), as in the KoSIT samples.
 */

export const xmeldNamespace = 'http://www.osci.de/xmeld2511a';
export const xmeldVersion = '25.11a';
export const rueckmeldungMessageType = '0201';

// Code list versions the message names (the schema checks the structure of these type-3 codes,
// the receiving procedure checks the values against the lists it knows).
const codeLists = {
  nachrichten: { uri: 'urn:de:xmeld:schluesseltabelle:xmeld.nachrichten', version: xmeldVersion },
  verzeichnisdienst: { uri: 'urn:xoev-de:kosit:codeliste:verzeichnisdienst', version: '3' },
  erreichbarkeit: { uri: 'urn:de:xoev:codeliste:erreichbarkeit', version: '3' },
  ags: { uri: 'urn:de:bund:destatis:bevoelkerungsstatistik:schluessel:ags', version: '2025-01-31' },
  staatsangehoerigkeit: { uri: 'urn:de:bund:destatis:bevoelkerungsstatistik:schluessel:staatsangehoerigkeit', version: '2021-02-19' },
  staatsgebiete: { uri: 'urn:de:bund:destatis:bevoelkerungsstatistik:schluessel:staatsgebiete', version: '2021-02-19' },
  geschlecht: { uri: 'urn:xoev-de:xinneres:codeliste:geschlecht', version: '2' },
  familienstand: { uri: 'urn:de:dsmeld:schluesseltabelle:familienstand', version: '2' },
  religion: { uri: 'urn:de:dsmeld:schluesseltabelle:religion.steuererhebend', version: '2' },
  wohnungsstatus: { uri: 'urn:de:dsmeld:schluesseltabelle:wohnungsstatus', version: '2' },
  auskunftssperre: { uri: 'urn:de:dsmeld:schluesseltabelle:auskunftssperre', version: '7' },
} as const;

/** DSMeld key for "no membership of a tax-levying religious society / not stated" (the register stores null). */
export const religionNotStatedCode = 'oa';
/** Erreichbarkeit channels (XÖV code list): 01 e-mail, 02 telephone. */
const channelEmail = '01';
const channelPhone = '02';

/**
 * How the former municipality can reach the sender: the header's `anschrift.autor` and
 * `autor/erreichbarkeit` are mandatory in XMeld. They are settings of the municipality (its
 * profile), not case data, so the exchange area adds them before rendering
 * (`withSenderDetails(payload, senderDetailsFromProfile(profile))`).
 */
export interface RueckmeldungSenderDetails {
  postalAddress: { street: string; houseNumber: string | null; postcode: string; city: string };
  email: string | null;
  phone: string | null;
}

/**
 * Register data of a person the message carries beyond the common MessagePerson when the
 * workflow knows it: Familienstand, Religion (§ 3 Abs. 1 Nr. 11 BMG), whether the new flat is the
 * only one (Wohnungsstatus "alleinige Wohnung"), and blocks that the former municipality must
 * keep (§ 51 Auskunftssperre, § 52 bedingter Sperrvermerk). All optional: without them the
 * message says "nicht bekannt" (NB), "ohne Angabe" and Hauptwohnung.
 */
export interface RueckmeldungPersonExtras {
  maritalStatus?: string;
  religion?: string | null;
  soleResidence?: boolean;
  blocks?: ('auskunftssperre' | 'bedingter_sperrvermerk')[];
}

export type RueckmeldungEntry = RueckmeldungPayload['persons'][number];
export type RueckmeldungEntryWithExtras = RueckmeldungEntry & RueckmeldungPersonExtras;
export type RueckmeldungPayloadWithSender = RueckmeldungPayload & {
  sender: RueckmeldungPayload['sender'] & { details?: RueckmeldungSenderDetails };
};

export function withSenderDetails(payload: RueckmeldungPayload, details: RueckmeldungSenderDetails): RueckmeldungPayloadWithSender {
  return { ...payload, sender: { ...payload.sender, details } };
}

/**
 * The sender details from the municipality profile (`addressLines` as printed, e.g.
 * ["Willy-Brandt-Platz 2–6", "44777 Bochum"]). Throws when the profile has no usable postal
 * address, naming the setting to fix.
 */
export function senderDetailsFromProfile(profile: { addressLines: string[]; email: string | null; phone: string | null }): RueckmeldungSenderDetails {
  const lines = profile.addressLines.map((line) => line.trim()).filter(Boolean);
  const cityLine = [...lines].reverse().find((line) => /^\d{5}\s+\S/.test(line));
  const streetLine = lines.find((line) => line !== cityLine && /\p{L}/u.test(line) && /\d/.test(line)) ?? lines.find((line) => line !== cityLine);
  if (!cityLine || !streetLine) {
    throw new AppError('XMELD_SENDER_ADDRESS_MISSING',
      'The Rückmeldung needs the postal address of the Meldebehörde (street and "PLZ Ort"): enter it in the municipality profile (Einstellungen → Behörde, Anschrift).', 422);
  }
  const [, postcode = '', city = ''] = /^(\d{5})\s+(.+)$/.exec(cityLine) ?? [];
  const streetMatch = /^(.*\S)\s+(\d.*)$/.exec(streetLine);
  return {
    postalAddress: streetMatch
      ? { street: streetMatch[1]!, houseNumber: streetMatch[2]!, postcode, city }
      : { street: streetLine, houseNumber: null, postcode, city },
    email: profile.email,
    phone: profile.phone,
  };
}

/**
 * Renders the payload as XMeld 0201. `meta.messageId` becomes the nachrichtenUUID (a UUID as
 * is; any other id is mapped to a stable name-based UUID, so a retry of the same message keeps
 * its UUID), `meta.createdAt` the erstellungszeitpunkt.
 */
export function renderRueckmeldung(payload: RueckmeldungPayload, meta: { messageId: string; createdAt: string }): string {
  const sender = (payload as RueckmeldungPayloadWithSender).sender;
  const details = sender.details;
  if (!details) {
    throw new AppError('XMELD_SENDER_DETAILS_MISSING',
      `Rückmeldung ${payload.caseNumber}: the postal address and e-mail/telephone of the Meldebehörde are missing (XMeld anschrift.autor, autor/erreichbarkeit). ` +
      'Add them with withSenderDetails(payload, senderDetailsFromProfile(profile)) before rendering, and set them in the municipality profile.', 422);
  }
  if (!details.email && !details.phone) {
    throw new AppError('XMELD_SENDER_CONTACT_MISSING',
      `Rückmeldung ${payload.caseNumber}: XMeld needs at least one way to reach the Meldebehörde: enter an e-mail address or telephone number in the municipality profile.`, 422);
  }
  if (payload.persons.length === 0) {
    throw new AppError('XMELD_NO_PERSONS', `Rückmeldung ${payload.caseNumber}: the message names no person; a Rückmeldung reports at least the data subject.`, 422);
  }

  const doc = create({ version: '1.0', encoding: 'UTF-8' });
  const root = doc.ele(xmeldNamespace, `xmeld:rueckmeldung.anmeldunginland.${rueckmeldungMessageType}`, {
    produkt: 'Bürgerkoffer',
    produkthersteller: 'Bürgerkoffer-Projekt',
    produktversion: '0.1.0',
    standard: 'XMeld',
    version: xmeldVersion,
  });

  const head = root.ele('nachrichtenkopf.g2g');
  const identification = head.ele('identifikation.nachricht');
  identification.ele('nachrichtenUUID').txt(messageUuid(meta.messageId));
  code(identification.ele('nachrichtentyp', listAttributes(codeLists.nachrichten)), rueckmeldungMessageType);
  identification.ele('erstellungszeitpunkt').txt(new Date(meta.createdAt).toISOString());

  const reader = head.ele('leser');
  code(reader.ele('verzeichnisdienst', listAttributes(codeLists.verzeichnisdienst)), 'DVDV');
  reader.ele('kennung').txt(`ags:${payload.recipient.ags}`);
  reader.ele('name').txt(text(payload.recipient.name));

  const author = head.ele('autor');
  code(author.ele('verzeichnisdienst', listAttributes(codeLists.verzeichnisdienst)), 'DVDV');
  author.ele('kennung').txt(`ags:${sender.ags}`);
  author.ele('name').txt(text(sender.name));
  for (const [channel, value] of [[channelEmail, details.email], [channelPhone, details.phone]] as const) {
    if (!value) continue;
    const reach = author.ele('erreichbarkeit');
    code(reach.ele('kanal', listAttributes(codeLists.erreichbarkeit)), channel);
    reach.ele('kennung').txt(text(value));
  }

  const building = root.ele('anschrift.autor').ele('gebaeude');
  const senderHouse = splitHouseNumber(details.postalAddress.houseNumber ?? '');
  if (senderHouse.number) building.ele('hausnummer').txt(senderHouse.number);
  if (senderHouse.letter) building.ele('hausnummerBuchstabeZusatzziffer').txt(senderHouse.letter);
  building.ele('postleitzahl').txt(details.postalAddress.postcode);
  building.ele('strasse').txt(text(details.postalAddress.street));
  building.ele('wohnort').txt(text(details.postalAddress.city));
  if (senderHouse.rest) building.ele('zusatzangaben').txt(text(senderHouse.rest));

  // All persons of one Anmeldung moved together: one Umzugsverband.
  const group = q(root, 'umzugsverband');
  payload.persons.forEach((entry, index) => renderPerson(q(group, 'betroffener'), entry as RueckmeldungEntryWithExtras, payload.caseNumber, index));

  return doc.end({ prettyPrint: true });
}

function renderPerson(node: XMLBuilder, entry: RueckmeldungEntryWithExtras, caseNumber: string, index: number): void {
  const { person } = entry;
  const blocks = entry.blocks ?? [];

  // Identification at the reader: names, birth and the address the former register holds.
  const identification = q(node, 'identifikation.betroffener');
  const idName = q(identification, 'name');
  familyName(idName, person.familyName);
  if (person.birthName && person.birthName !== person.familyName) name(q(idName, 'geburtsname.unstrukturiert'), person.birthName);
  name(q(q(idName, 'vornamen'), 'vornamen'), person.givenNames.join(' '));
  const preferred = preferredName(person.givenNames, person.preferredGivenName);
  if (preferred) name(q(idName, 'gebraeuchlicherVorname'), preferred);
  birth(q(identification, 'geburt'), person);
  const readerFlat = q(identification, 'wohnung.leser');
  inlandAddress(q(readerFlat, 'anschrift'), entry.previousAddress, false);

  // The person as registered now.
  const moved = q(node, 'zuzugsperson');
  for (const block of blocks) {
    // § 51 Abs. 1 BMG on the person's application or ex officio: DSMeld key 3.
    if (block === 'auskunftssperre') code(q(q(moved, 'AUSKUNFTSSPERRE'), 'grund', listAttributes(codeLists.auskunftssperre)), '3');
  }
  const names = q(moved, 'NAMENATUERLICHEPERSON');
  familyName(names, person.familyName);
  if (person.birthName && person.birthName !== person.familyName) name(q(names, 'geburtsname.unstrukturiert'), person.birthName);
  name(q(q(names, 'vornamen'), 'vornamen'), person.givenNames.join(' '));
  if (preferred) name(q(names, 'gebraeuchlicherVorname'), preferred);
  if (person.doctoralDegree) q(names, 'doktorgrad').txt(text(person.doctoralDegree));
  if (person.religiousName) q(names, 'ordensname').txt(text(person.religiousName));
  if (person.artistName) q(names, 'kuenstlername').txt(text(person.artistName));

  code(q(q(moved, 'FAMILIENSTAND'), 'familienstand', listAttributes(codeLists.familienstand)), maritalStatusCode(entry.maritalStatus));
  birth(q(moved, 'GEBURT'), person);
  code(q(q(moved, 'RELIGION'), 'religion.steuer.erhebend', listAttributes(codeLists.religion)), entry.religion?.trim() || religionNotStatedCode);
  const nationalities = [...new Set(person.nationalities.map((n) => destatisStateCode(n)))].slice(0, 4);
  // 999: "ohne Angabe" when the register holds no nationality.
  for (const nationality of nationalities.length > 0 ? nationalities : ['999']) {
    code(q(moved, 'STAATSANGEHOERIGKEIT', listAttributes(codeLists.staatsangehoerigkeit)), nationality);
  }
  const flat = q(moved, 'WOHNUNG');
  inlandAddress(q(flat, 'anschrift'), entry.newAddress, blocks.includes('bedingter_sperrvermerk'));
  q(q(flat, 'datumDesBeziehens'), 'datum', {}, false).txt(entry.movedIn);
  code(q(flat, 'statusderwohnung', listAttributes(codeLists.wohnungsstatus)), residenceStatusCode(entry));
  code(q(moved, 'GESCHLECHT', listAttributes(codeLists.geschlecht)), sexCode(person.sex));

  const event = q(node, 'identifikation.ereignis');
  // The event is the Anmeldung on its registration date (the payload carries the day, not the time).
  event.ele('ereignis.zeitpunkt').txt(`${entry.registeredOn}T00:00:00`);
  event.ele('ereignis.zeichen').txt(text(`${caseNumber}/${index + 1}`).slice(0, 100));
}

// --- building blocks --------------------------------------------------------------------------

/** A qualified XMeld element; `qualified: false` for the XInneres children inside XMeld types. */
function q(parent: XMLBuilder, localName: string, attributes: Record<string, string> = {}, qualified = true): XMLBuilder {
  return qualified ? parent.ele(xmeldNamespace, `xmeld:${localName}`, attributes) : parent.ele(localName, attributes);
}

function listAttributes(list: { uri: string; version: string }): Record<string, string> {
  return { listURI: list.uri, listVersionID: list.version };
}

function code(node: XMLBuilder, value: string): void {
  node.ele('code').txt(value);
}

function name(node: XMLBuilder, value: string): void {
  node.ele('name').txt(text(value));
}

function familyName(parent: XMLBuilder, value: string): void {
  name(q(q(parent, 'familienname.unstrukturiert'), 'nachname'), value);
}

function preferredName(givenNames: string[], index: number | null): string | null {
  return index === null ? null : givenNames[index] ?? null;
}

function birth(node: XMLBuilder, person: RueckmeldungEntry['person']): void {
  if (person.birthPlace) q(node, 'geburtsort').txt(text(person.birthPlace));
  if (person.birthCountry) code(q(node, 'geburtsortStaat', listAttributes(codeLists.staatsgebiete)), destatisStateCode(person.birthCountry));
  const date = q(node, 'geburtsdatum');
  const partial = person.birthDate ? /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(person.birthDate) : null;
  if (!partial) {
    date.ele('unbekannt').txt('true');
    return;
  }
  const known = date.ele('teilbekanntesDatum');
  if (partial[3]) known.ele('jahrMonatTag').txt(person.birthDate!);
  else if (partial[2]) known.ele('jahrMonat').txt(`${partial[1]}-${partial[2]}`);
  else known.ele('jahr').txt(partial[1]!);
}

/** anschrift (type.AnschriftMelderecht…MitSperrvermerk): anschrift.inland twice, as the XMeld types nest it. */
function inlandAddress(node: XMLBuilder, address: MessageAddress, conditionalBlock: boolean): void {
  const outer = q(node, 'anschrift.inland');
  const inner = q(outer, 'anschrift.inland');
  code(inner.ele('gemeindeschluessel', listAttributes(codeLists.ags)), address.ags);
  const house = splitHouseNumber(address.houseNumber);
  if (house.number) inner.ele('hausnummer').txt(house.number);
  if (house.letter) inner.ele('hausnummerBuchstabeZusatzziffer').txt(house.letter);
  inner.ele('postleitzahl').txt(address.postcode);
  inner.ele('strasse').txt(text(address.street));
  inner.ele('wohnort').txt(text(address.city));
  const extra = [house.rest, address.addition?.trim()].filter(Boolean).join(', ');
  if (extra) inner.ele('zusatzangaben').txt(text(extra));
  if (conditionalBlock) q(outer, 'bedingterSperrvermerk').txt('true');
}

/**
 * "12a" → number 12, letter a (XMeld keeps them apart, each at most 4 characters). What does
 * not fit (ranges such as "2-6", long additions) goes to zusatzangaben, so nothing is lost.
 */
export function splitHouseNumber(houseNumber: string): { number: string | null; letter: string | null; rest: string | null } {
  const value = text(houseNumber.trim());
  if (!value) return { number: null, letter: null, rest: null };
  const match = /^(\d{1,4})\s*([\p{L}0-9./ ]{0,4})$/u.exec(value);
  if (match) return { number: match[1]!, letter: match[2]?.trim() || null, rest: null };
  const leading = /^(\d{1,4})(.*)$/u.exec(value);
  if (leading) return { number: leading[1]!, letter: null, rest: `Hausnummer ${value}` };
  return { number: null, letter: null, rest: `Hausnummer ${value}` };
}

const maritalStatusCodes = new Set(['EA', 'GS', 'LA', 'LD', 'LE', 'LP', 'LV', 'NB', 'VH', 'VW']);

function maritalStatusCode(status: string | undefined): string {
  return status && maritalStatusCodes.has(status) ? status : 'NB';
}

function residenceStatusCode(entry: RueckmeldungEntryWithExtras): string {
  if (entry.residenceKind === 'neben') return '2';
  return entry.soleResidence ? '0' : '1';
}

function sexCode(sex: string): string {
  return ['m', 'w', 'd', 'x'].includes(sex) ? sex : 'x';
}

/**
 * Free text in the DIN 91379 datatype C the schema allows: typographic punctuation the register
 * may hold in addresses or authority names is written with its plain equivalent.
 */
export function text(value: string): string {
  return value
    .normalize('NFC')
    .replace(/[\u2010-\u2015\u2212]/g, '-')
    .replace(/[\u201C\u201D\u201E\u201F]/g, '"')
    .replace(/[\u2018\u201A\u201B]/g, '\'')
    .replace(/\u2026/g, '...')
    .replace(/[\u00A0\u2007\u202F]/g, ' ');
}

/** The nachrichtenUUID: the outbox message id when it is a UUID, otherwise a stable UUID derived from it. */
export function messageUuid(messageId: string): string {
  if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(messageId)) return messageId.toLowerCase();
  const hash = createHash('sha1').update(`buergerkoffer:xmeld:${messageId}`).digest('hex');
  // Version 5 layout (name-based, SHA-1), RFC 4122 variant.
  const variant = ((parseInt(hash.slice(16, 18), 16) & 0x3f) | 0x80).toString(16);
  return `${hash.slice(0, 8)}-${hash.slice(8, 12)}-5${hash.slice(13, 16)}-${variant}${hash.slice(18, 20)}-${hash.slice(20, 32)}`;
}
