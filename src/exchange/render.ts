import { createHash } from 'node:crypto';
import { create } from 'xmlbuilder2';
import type { XMLBuilder } from 'xmlbuilder2/lib/interfaces.js';
import { loadCaseAttachment } from '../cases/attachments.ts';
import type { Db } from '../platform/db/database.ts';
import { AppError } from '../platform/errors.ts';
import { serialNumberProblem } from './icao.ts';
import type {
  BzrApplicationPayload, IdOrderPayload, MessageAddress, MessagePerson, OutboundPayload, RueckmeldungPayload,
} from './messages.ts';
import { renderRueckmeldungForMunicipality } from './xmeld/render-for-municipality.ts';

/** Namespaces of our own interface formats (XSDs in ./schemas); not the federal XhD/OSCI wire formats. */
export const idOrderNamespace = 'urn:buergerkoffer:exchange:ausweisauftrag:1';
export const bzrApplicationNamespace = 'urn:buergerkoffer:exchange:fuehrungszeugnisantrag:1';

export interface RenderedMessage {
  fileName: string;
  mediaType: string;
  content: Uint8Array;
}

export interface RenderMeta {
  messageId: string;
  municipalityId: string;
  /** ISO 8601; the message's creation time, so a re-render gives the same bytes. */
  createdAt: string;
}

/**
 * The payload cannot become a message, and no retry will change that (fingerprints deleted, an
 * invalid serial number, a renderer that refuses the payload): the outbox marks the message
 * rejected with this text. A clerk can retry once the cause is removed.
 */
export class MessageRejectedError extends Error {
  readonly code = 'OUTBOX_MESSAGE_REJECTED';
  readonly text: { de: string; en: string };
  constructor(text: { de: string; en: string }, options?: { cause?: unknown }) {
    super(`${text.de} — ${text.en}`, options);
    this.name = 'MessageRejectedError';
    this.text = text;
  }
}

const reject = (de: string, en: string): MessageRejectedError => new MessageRejectedError({ de, en });

/**
 * Renders a message for delivery: XMeld for the Rückmeldung, our ID order XML (the fields of BSI
 * TR-03123 XhD, biometrics embedded) and our BZR application XML. Attachments are loaded now, not
 * at enqueue time, so the outbox row never holds biometric data. Throws MessageRejectedError when
 * the payload cannot be sent; other errors (database down) are worth a retry.
 */
export async function renderMessage(db: Db, payload: OutboundPayload, meta: RenderMeta): Promise<RenderedMessage> {
  switch (payload.kind) {
    case 'xmeld_rueckmeldung': return renderXmeld(db, payload, meta);
    case 'id_order': return renderIdOrder(db, payload, meta);
    case 'bzr_application': return renderBzrApplication(db, payload, meta);
    default: {
      const kind = (payload as { kind?: unknown }).kind;
      throw reject(`Unbekannte Nachrichtenart "${String(kind)}".`, `Unknown message kind "${String(kind)}".`);
    }
  }
}

export function messageFileName(kind: string, caseNumber: string, messageId: string): string {
  const number = caseNumber.replace(/[^A-Za-z0-9-]/g, '_').slice(0, 40);
  return `${kind}_${number}_${messageId}.xml`;
}

/** XMeld needs the sender's postal address and contact: they come from the municipality profile. */
async function renderXmeld(db: Db, payload: RueckmeldungPayload, meta: RenderMeta): Promise<RenderedMessage> {
  let xml: string;
  try {
    xml = await renderRueckmeldungForMunicipality(db, payload, { messageId: meta.messageId, municipalityId: meta.municipalityId, createdAt: meta.createdAt });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new MessageRejectedError({
      de: `Die XMeld-Rückmeldung konnte nicht erzeugt werden: ${reason}`,
      en: `The XMeld Rückmeldung could not be rendered: ${reason}`,
    }, { cause: error });
  }
  return { fileName: messageFileName(payload.kind, payload.caseNumber, meta.messageId), mediaType: 'application/xml', content: new TextEncoder().encode(xml) };
}

interface Binary { content: Uint8Array; mediaType: string; sha256: string }

/** One attachment's bytes; gone or deleted is a rejection, naming what is missing. */
async function attachment(db: Db, municipalityId: string, attachmentId: string, what: { de: string; en: string; deletedDe?: string; deletedEn?: string }): Promise<Binary> {
  let loaded: Awaited<ReturnType<typeof loadCaseAttachment>>;
  try {
    loaded = await loadCaseAttachment(db, municipalityId, attachmentId);
  } catch (error) {
    if (error instanceof AppError && error.code === 'NOT_FOUND') {
      throw reject(`${what.de} (Anlage ${attachmentId}) gibt es nicht mehr; erfassen Sie sie im Vorgang neu.`,
        `The ${what.en} (attachment ${attachmentId}) no longer exists; capture it again in the case.`);
    }
    throw error;
  }
  if (loaded.deleted || loaded.content.byteLength === 0) {
    throw reject(what.deletedDe ?? `${what.de} (Anlage ${attachmentId}) wurde bereits gelöscht; erfassen Sie sie im Vorgang neu.`,
      what.deletedEn ?? `The ${what.en} (attachment ${attachmentId}) has already been deleted; capture it again in the case.`);
  }
  return { content: loaded.content, mediaType: loaded.mediaType, sha256: createHash('sha256').update(loaded.content).digest('hex') };
}

function embed(parent: XMLBuilder, name: string, binary: Binary, attributes: Record<string, string> = {}): void {
  parent.ele(name, { ...attributes, medientyp: binary.mediaType, sha256: binary.sha256 })
    .txt(Buffer.from(binary.content.buffer, binary.content.byteOffset, binary.content.byteLength).toString('base64'));
}

/**
 * Builds the document; the payload is all there is, so an error here (a character XML cannot
 * carry, say) will be the same on every attempt: a rejection, not a retry.
 */
function buildXml(payload: OutboundPayload, build: () => RenderedMessage): RenderedMessage {
  try {
    return build();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new MessageRejectedError({
      de: `Die Nachricht (${payload.kind}) konnte nicht als XML erzeugt werden: ${reason}. Prüfen Sie die Angaben im Vorgang auf unzulässige Zeichen.`,
      en: `The message (${payload.kind}) could not be written as XML: ${reason}. Check the case data for characters XML cannot carry.`,
    }, { cause: error });
  }
}

function optional(parent: XMLBuilder, name: string, value: string | null | undefined): void {
  if (value !== null && value !== undefined && value !== '') parent.ele(name).txt(value);
}

function header(root: XMLBuilder, meta: RenderMeta, caseNumber: string): void {
  root.ele('Nachricht', { id: meta.messageId, erstellt: meta.createdAt });
  root.ele('Aktenzeichen').txt(caseNumber);
}

function personElement(parent: XMLBuilder, person: MessagePerson): void {
  const p = parent.ele('Person');
  p.ele('Familienname').txt(person.familyName);
  optional(p, 'Geburtsname', person.birthName);
  const given = p.ele('Vornamen');
  person.givenNames.forEach((name, i) => {
    given.ele('Vorname', person.preferredGivenName === i ? { gebraeuchlich: 'true' } : {}).txt(name);
  });
  optional(p, 'Doktorgrad', person.doctoralDegree);
  optional(p, 'Ordensname', person.religiousName);
  optional(p, 'Kuenstlername', person.artistName);
  optional(p, 'Geburtsdatum', person.birthDate);
  optional(p, 'Geburtsort', person.birthPlace);
  optional(p, 'Geburtsstaat', person.birthCountry);
  p.ele('Geschlecht').txt(person.sex);
  for (const nationality of person.nationalities) p.ele('Staatsangehoerigkeit').txt(nationality);
}

function addressElement(parent: XMLBuilder, name: string, address: MessageAddress, extra: Record<string, string> = {}): void {
  // A postal delivery address outside the register has no Gemeindeschlüssel: the attribute is left out.
  const a = parent.ele(name, { ...extra, ...(address.ags ? { ags: address.ags } : {}) });
  a.ele('Strasse').txt(address.street);
  a.ele('Hausnummer').txt(address.houseNumber);
  optional(a, 'Zusatz', address.addition);
  a.ele('Postleitzahl').txt(address.postcode);
  a.ele('Ort').txt(address.city);
}

function checkPerson(person: MessagePerson, problems: { de: string; en: string }[], options: { nationalityRequired: boolean }): void {
  if (person.givenNames.length === 0 && person.familyName.trim() === '') {
    problems.push({ de: 'Die Person hat weder Familien- noch Vornamen.', en: 'The person has neither a family name nor given names.' });
  }
  if (options.nationalityRequired && person.nationalities.length === 0) {
    problems.push({ de: 'Die Staatsangehörigkeit fehlt (person.nationalities).', en: 'The nationality is missing (person.nationalities).' });
  }
  if (person.birthDate && !/^\d{4}(-\d{2}(-\d{2})?)?$/.test(person.birthDate)) {
    problems.push({ de: `Das Geburtsdatum "${person.birthDate}" ist kein (Teil-)Datum JJJJ-MM-TT.`, en: `The birth date "${person.birthDate}" is not a (partial) date YYYY-MM-DD.` });
  }
}

function checkAddress(address: MessageAddress, field: string, problems: { de: string; en: string }[], options: { agsRequired: boolean } = { agsRequired: true }): void {
  if ((options.agsRequired || address.ags !== '') && !/^\d{8}$/.test(address.ags)) {
    problems.push({ de: `${field}.ags "${address.ags}" ist kein 8-stelliger Gemeindeschlüssel.`, en: `${field}.ags "${address.ags}" is not an 8-digit Gemeindeschlüssel.` });
  }
  if (!/^\d{5}$/.test(address.postcode)) {
    problems.push({ de: `${field}.postcode "${address.postcode}" ist keine 5-stellige Postleitzahl.`, en: `${field}.postcode "${address.postcode}" is not a 5-digit postcode.` });
  }
}

function throwProblems(problems: { de: string; en: string }[]): void {
  if (problems.length === 0) return;
  throw reject(problems.map((p) => p.de).join(' '), problems.map((p) => p.en).join(' '));
}

const isoDate = /^\d{4}-\d{2}-\d{2}$/;

/** The ID order (Ausweisauftrag) with the fields of BSI TR-03123 XhD, in our own XML (schemas/ausweisauftrag.xsd). */
async function renderIdOrder(db: Db, payload: IdOrderPayload, meta: RenderMeta): Promise<RenderedMessage> {
  const problems: { de: string; en: string }[] = [];
  const serialProblem = serialNumberProblem(payload.serialNumber);
  if (serialProblem) {
    problems.push({ de: `Die Seriennummer "${payload.serialNumber}" ist ungültig (Prüfziffer nach ICAO 9303).`, en: serialProblem });
  } else if (payload.serialNumber.slice(0, 4) !== payload.authorityCode) {
    problems.push({
      de: `Die Seriennummer "${payload.serialNumber}" beginnt nicht mit der Behördenkennzahl ${payload.authorityCode}.`,
      en: `The serial number "${payload.serialNumber}" does not start with the authority code ${payload.authorityCode}.`,
    });
  }
  for (const [field, value] of [['applicationDate', payload.applicationDate], ['validUntil', payload.validUntil]] as const) {
    if (!isoDate.test(value)) problems.push({ de: `${field} "${value}" ist kein Datum JJJJ-MM-TT.`, en: `${field} "${value}" is not a date YYYY-MM-DD.` });
  }
  checkPerson(payload.person, problems, { nationalityRequired: true });
  checkAddress(payload.address, 'address', problems);
  if (payload.address.wohnortId.trim() === '') problems.push({ de: 'Die Wohnort-ID fehlt (address.wohnortId).', en: 'The Wohnort-ID is missing (address.wohnortId).' });
  if (!Number.isInteger(payload.heightCm) || payload.heightCm < 40 || payload.heightCm > 250) {
    problems.push({ de: `Die Größe ${payload.heightCm} cm ist nicht plausibel (40–250 cm).`, en: `The height ${payload.heightCm} cm is not plausible (40–250 cm).` });
  }
  if (payload.printedNames.familyNameLine.trim() === '') {
    problems.push({ de: 'Die Druckzeile des Familiennamens ist leer.', en: 'The print line of the family name is empty.' });
  }
  const fingers = payload.fingerprints.map((f) => f.finger);
  if (new Set(fingers).size !== fingers.length) {
    problems.push({ de: 'Zwei Fingerabdrücke stammen vom selben Finger; es müssen verschiedene Finger sein.', en: 'Two fingerprints are of the same finger; they must be different fingers.' });
  }
  if (payload.fingerprintExemption === null && payload.fingerprints.length !== 2) {
    problems.push({
      de: `Es liegen ${payload.fingerprints.length} Fingerabdrücke vor; nötig sind zwei oder eine dokumentierte Befreiung.`,
      en: `There are ${payload.fingerprints.length} fingerprints; two are needed, or a documented exemption.`,
    });
  }
  if (payload.fingerprints.length > 2) problems.push({ de: 'Mehr als zwei Fingerabdrücke.', en: 'More than two fingerprints.' });
  if (payload.fingerprintExemption !== null && payload.fingerprintExemption.reason.trim() === '') {
    problems.push({ de: 'Die Befreiung von den Fingerabdrücken braucht einen Grund (fingerprintExemption.reason).', en: 'The fingerprint exemption needs a reason (fingerprintExemption.reason).' });
  }
  for (const [i, print] of payload.fingerprints.entries()) {
    if (!Number.isFinite(print.quality) || print.quality < 0 || print.quality > 100) {
      problems.push({ de: `fingerprints[${i}].quality ${print.quality} ist kein NFIQ-2-Wert (0–100).`, en: `fingerprints[${i}].quality ${print.quality} is not an NFIQ 2 score (0–100).` });
    }
  }
  if ('waivedReason' in payload.signature && payload.signature.waivedReason.trim() === '') {
    problems.push({ de: 'Ohne Unterschrift muss der Grund angegeben sein (signature.waivedReason).', en: 'Without a signature the reason must be given (signature.waivedReason).' });
  }
  if (payload.delivery.kind === 'postal') {
    checkAddress(payload.delivery.address, 'delivery.address', problems, { agsRequired: false });
    if (payload.delivery.recipientName.trim() === '') problems.push({ de: 'Der Empfänger der Postzustellung fehlt.', en: 'The recipient of the postal delivery is missing.' });
    for (const field of ['street', 'houseNumber', 'city'] as const) {
      if (payload.delivery.address[field].trim() === '') {
        problems.push({ de: `delivery.address.${field} fehlt in der Zustellanschrift.`, en: `delivery.address.${field} is missing in the delivery address.` });
      }
    }
  }
  throwProblems(problems);

  const photo = await attachment(db, meta.municipalityId, payload.photo.attachmentId, { de: 'Das Lichtbild', en: 'photo' });
  const prints: { finger: string; quality: number; binary: Binary }[] = [];
  for (const print of payload.fingerprints) {
    prints.push({
      finger: print.finger,
      quality: print.quality,
      binary: await attachment(db, meta.municipalityId, print.attachmentId, {
        de: 'Der Fingerabdruck', en: 'fingerprint',
        deletedDe: `Die Fingerabdrücke wurden bereits gelöscht (PAuswG § 26, Anlage ${print.attachmentId}); der Auftrag kann so nicht mehr gesendet werden. Erfassen Sie die Fingerabdrücke in einem neuen Antrag.`,
        deletedEn: `The fingerprints have already been deleted (PAuswG § 26, attachment ${print.attachmentId}); the order can no longer be sent. Capture the fingerprints in a new application.`,
      }),
    });
  }
  const signature = 'attachmentId' in payload.signature
    ? await attachment(db, meta.municipalityId, payload.signature.attachmentId, { de: 'Die Unterschrift', en: 'signature' })
    : null;

  return buildXml(payload, () => {
    const root = create({ version: '1.0', encoding: 'UTF-8' }).ele(idOrderNamespace, 'Ausweisauftrag', { version: '1' });
    header(root, meta, payload.caseNumber);
    root.ele('Behoerde', { kennzahl: payload.authorityCode }).txt(payload.authorityName);
    root.ele('Dokument', {
      art: payload.document,
      seriennummer: payload.serialNumber,
      antragsdatum: payload.applicationDate,
      gueltigBis: payload.validUntil,
      ...(payload.passport48Pages !== undefined ? { reisepass48Seiten: String(payload.passport48Pages) } : {}),
      ...(payload.express !== undefined ? { express: String(payload.express) } : {}),
    });
    personElement(root, payload.person);
    const lines = root.ele('Druckzeilen', { gekuerzt: String(payload.printedNames.truncated) });
    lines.ele('Familienname').txt(payload.printedNames.familyNameLine);
    optional(lines, 'Geburtsname', payload.printedNames.birthNameLine);
    lines.ele('Vornamen').txt(payload.printedNames.givenNamesLine);
    addressElement(root, 'Anschrift', payload.address, { wohnortId: payload.address.wohnortId });
    root.ele('Koerpergroesse', { einheit: 'cm' }).txt(String(payload.heightCm));
    root.ele('Augenfarbe').txt(payload.eyeColour);
    embed(root, 'Lichtbild', photo, { aufnehmendeStelle: payload.photo.takenBy });
    const fingerprintElement = root.ele('Fingerabdruecke');
    for (const print of prints) embed(fingerprintElement, 'Fingerabdruck', print.binary, { finger: print.finger, qualitaet: String(Math.round(print.quality)) });
    if (payload.fingerprintExemption) fingerprintElement.ele('Befreiung', { grund: payload.fingerprintExemption.reason });
    if (signature) embed(root, 'Unterschrift', signature);
    else if ('waivedReason' in payload.signature) root.ele('UnterschriftEntfaellt', { grund: payload.signature.waivedReason });
    root.ele('EId', { eingeschaltet: String(payload.eIdEnabled), pinBrief: String(payload.pinLetter) });
    if (payload.delivery.kind === 'postal') {
      const delivery = root.ele('Zustellung', { art: 'post' });
      delivery.ele('Empfaenger').txt(payload.delivery.recipientName);
      addressElement(delivery, 'Anschrift', payload.delivery.address);
    } else {
      root.ele('Zustellung', { art: 'abholung' });
    }
    return {
      fileName: messageFileName(payload.kind, payload.caseNumber, meta.messageId),
      mediaType: 'application/xml',
      content: new TextEncoder().encode(root.end({ prettyPrint: true, wellFormed: true })),
    };
  });
}

/** The application for a Führungszeugnis (BZRG § 30) to the Bundesamt für Justiz, in our own XML (schemas/fuehrungszeugnisantrag.xsd). */
async function renderBzrApplication(db: Db, payload: BzrApplicationPayload, meta: RenderMeta): Promise<RenderedMessage> {
  const problems: { de: string; en: string }[] = [];
  const { certificate } = payload;
  if (certificate.type === 'O' && !payload.recipientAuthority) {
    problems.push({ de: 'Ein Führungszeugnis zur Vorlage bei einer Behörde (Art O) braucht die Empfängerbehörde und ihr Aktenzeichen.', en: 'A certificate for an authority (type O) needs the receiving authority and its reference.' });
  }
  if (certificate.type === 'N' && payload.recipientAuthority) {
    problems.push({ de: 'Ein privates Führungszeugnis (Art N) geht an die Person, nicht an eine Behörde; entfernen Sie die Empfängerbehörde.', en: 'A private certificate (type N) goes to the person, not to an authority; remove the receiving authority.' });
  }
  if (certificate.type === 'N' && payload.inspectionCourt) {
    problems.push({ de: 'Die Einsicht beim Amtsgericht (§ 30 Abs. 5 BZRG) gibt es nur bei Art O.', en: 'Inspection at the Amtsgericht (§ 30 Abs. 5 BZRG) exists for type O only.' });
  }
  if (certificate.extended && !payload.writtenRequestAttachmentId) {
    problems.push({ de: 'Ein erweitertes Führungszeugnis (§ 30a BZRG) braucht die schriftliche Aufforderung; sie fehlt.', en: 'An extended certificate (§ 30a BZRG) needs the written request; it is missing.' });
  }
  if (!isoDate.test(payload.applicationDate)) {
    problems.push({ de: `applicationDate "${payload.applicationDate}" ist kein Datum JJJJ-MM-TT.`, en: `applicationDate "${payload.applicationDate}" is not a date YYYY-MM-DD.` });
  }
  const { fee } = payload;
  if (fee.municipalityCents + fee.federalCents !== fee.totalCents) {
    problems.push({
      de: `Die Gebührenanteile (${fee.municipalityCents} + ${fee.federalCents} Cent) ergeben nicht die Gebühr von ${fee.totalCents} Cent.`,
      en: `The fee shares (${fee.municipalityCents} + ${fee.federalCents} cents) do not add up to the fee of ${fee.totalCents} cents.`,
    });
  }
  // Nationality may be unknown in the register (stateless, not recorded); the BfJ takes the application all the same.
  checkPerson(payload.person, problems, { nationalityRequired: false });
  checkAddress(payload.address, 'address', problems);
  if (!/^\d{8}$/.test(payload.authority.ags)) {
    problems.push({ de: `authority.ags "${payload.authority.ags}" ist kein 8-stelliger Gemeindeschlüssel.`, en: `authority.ags "${payload.authority.ags}" is not an 8-digit Gemeindeschlüssel.` });
  }
  throwProblems(problems);
  // The scan is not sent (the Meldebehörde confirms it was presented); its hash ties the confirmation to what was seen.
  const writtenRequest = payload.writtenRequestAttachmentId
    ? await attachment(db, meta.municipalityId, payload.writtenRequestAttachmentId, { de: 'Der Scan der schriftlichen Aufforderung', en: 'scan of the written request' })
    : null;

  return buildXml(payload, () => {
    const root = create({ version: '1.0', encoding: 'UTF-8' }).ele(bzrApplicationNamespace, 'Fuehrungszeugnisantrag', { version: '1' });
    header(root, meta, payload.caseNumber);
    root.ele('Meldebehoerde', { ags: payload.authority.ags }).txt(payload.authority.name);
    root.ele('Antragsdatum').txt(payload.applicationDate);
    root.ele('Zeugnis', { art: certificate.type, erweitert: String(certificate.extended), europaeisch: String(certificate.european) });
    if (payload.recipientAuthority) {
      const recipient = root.ele('Empfaengerbehoerde');
      recipient.ele('Name').txt(payload.recipientAuthority.name);
      recipient.ele('Anschrift').txt(payload.recipientAuthority.address);
      recipient.ele('Aktenzeichen').txt(payload.recipientAuthority.reference);
    }
    optional(root, 'Verwendungszweck', payload.purpose);
    personElement(root, payload.person);
    addressElement(root, 'Anschrift', payload.address);
    root.ele('Identitaetsnachweis', { art: payload.identityDocument.kind, nummer: payload.identityDocument.serialNumber });
    if (writtenRequest) {
      const request = root.ele('SchriftlicheAufforderung', { vorgelegt: 'true', sha256: writtenRequest.sha256 });
      optional(request, 'Aussteller', payload.writtenRequest?.issuer);
      optional(request, 'Datum', payload.writtenRequest?.date);
    }
    optional(root, 'EinsichtAmtsgericht', payload.inspectionCourt);
    if (payload.legalRepresentative) {
      const representative = root.ele('GesetzlicheVertretung', { art: payload.legalRepresentative.kind });
      representative.ele('Name').txt(payload.legalRepresentative.name);
      representative.ele('Nachweis').txt(payload.legalRepresentative.evidence);
    }
    root.ele('Gebuehr', {
      waehrung: 'EUR',
      gesamtCent: String(fee.totalCents),
      meldebehoerdeCent: String(fee.municipalityCents),
      bundCent: String(fee.federalCents),
      befreit: String(fee.waived),
    });
    return {
      fileName: messageFileName(payload.kind, payload.caseNumber, meta.messageId),
      mediaType: 'application/xml',
      content: new TextEncoder().encode(root.end({ prettyPrint: true, wellFormed: true })),
    };
  });
}
