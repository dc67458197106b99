/**
 * What the three Änderungsterminal services share: the card they work on (a valid Personalausweis
 * of the register), the terminal's answer as the case records it, terminal errors as violations an
 * officer can act on, and the PIN guarantee.
 *
 * The PIN guarantee (DESIGN §5, PAuswG § 10): the holder types the PIN on the terminal's own PIN
 * pad; the software never asks for it, stores it or logs it. So no data schema has a place for it
 * (strict schemas reject unknown keys), device actions take no input at all, and the terminal's
 * answer is copied field by field, so whatever a driver might add never reaches the case.
 */
import { z } from 'zod';
import type { TerminalResult } from '../../../devices/types.ts';
import { AppError } from '../../../platform/errors.ts';
import type { AddressFacts, CaseFacts, PersonFacts, ResidenceFacts, Violation } from '../../workflow.ts';
import { germanDate, violation } from '../text.ts';

/** Register document kinds that carry the eID chip. Reisepass and vorläufiger Ausweis have none. */
export const eidDocumentKinds = ['personalausweis', 'eid_karte'] as const;

export const terminalResultSchema = z.strictObject({
  ok: z.boolean(),
  // nullish: the engine deep-merges device results, so a later answer overwrites earlier fields with null.
  errorCode: z.string().nullish(),
  message: z.string().nullish(),
  completedAt: z.string(),
  /** The 9-character document number the terminal worked on. */
  documentNumber: z.string(),
  /** How many times the officer ran the operation in this case. */
  attempts: z.number().int().min(1),
  /** PIN attempts left on the card (3 = none used), as the terminal reported them; the PIN services record it (null when not reported). */
  retryCounter: z.number().int().min(0).max(3).nullish(),
});
export type RecordedTerminalResult = z.infer<typeof terminalResultSchema>;

/** Keys that would hold a PIN (or PUK, CAN): refused anywhere in the case data. */
const secretKey = /^(pin|puk|can|pin_?code|pin_?number|new_?pin|old_?pin|transport_?pin)$/i;

/** Dot paths of keys that would hold a secret, anywhere in the data. */
export function secretPaths(value: unknown, prefix = ''): string[] {
  if (Array.isArray(value)) return value.flatMap((item, index) => secretPaths(item, `${prefix}${index}.`));
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, inner]) => [
    ...(secretKey.test(key) ? [`${prefix}${key}`] : []),
    ...secretPaths(inner, `${prefix}${key}.`),
  ]);
}

export function secretViolations(data: unknown): Violation[] {
  return secretPaths(data).map((path) => violation('EID_SECRET_NOT_ALLOWED', path,
    `Das Feld „${path}“ darf nicht gespeichert werden: PIN, PUK und Zugangsnummer gibt nur der Ausweisinhaber am PIN-Pad des Terminals ein. Entfernen Sie das Feld.`,
    `The field "${path}" must not be stored: only the holder types PIN, PUK and CAN, on the terminal's PIN pad. Remove the field.`));
}

/** The terminal operations take nothing from the officer: the card and address come from the case. */
export function assertNoInput(input: Record<string, unknown>): void {
  const keys = Object.keys(input);
  if (keys.length === 0) return;
  throw new AppError('EID_TERMINAL_INPUT_NOT_ALLOWED',
    `The terminal operation takes no input (got: ${keys.join(', ')}). The PIN is typed by the holder on the terminal's PIN pad, never sent through the software.`, 400);
}

export function documentNumberOf(serialNumber: string): string {
  // The register keeps the number with its ICAO check digit; the card's printed number is the first 9.
  return serialNumber.trim().toUpperCase().slice(0, 9);
}

/** The register's Hauptwohnung of the person on the application date. */
export function hauptwohnungOf(person: PersonFacts): ResidenceFacts | null {
  return person.residences.find((residence) => residence.kind === 'haupt' && residence.movedOut === null) ?? null;
}

/**
 * Wohnort-ID for the chip (TR-03127 "CommunityID"): country code 0276 (Germany, ISO 3166 numeric
 * with a leading zero), the 8-digit AGS, padded to 7 bytes BCD. ⚠ Padding per DESIGN's unverified
 * facts; the certified terminal checks it.
 */
export function wohnortIdOf(ags: string): string {
  if (!/^\d{8}$/.test(ags)) {
    throw new AppError('EID_AGS_INVALID', `The Amtlicher Gemeindeschlüssel "${ags}" of the address must have 8 digits; correct the address in the register.`, 422);
  }
  return `0276${ags}00`;
}

export function formatAddress(address: AddressFacts): string {
  const addition = address.addition ? `, ${address.addition}` : '';
  return `${address.street} ${address.houseNumber}${addition}, ${address.postcode} ${address.city}`;
}

/**
 * The subject's chip card named by the serial number, or the violations that stand in the way:
 * it must be the subject's Personalausweis in the register, valid and not expired.
 */
export function eidDocumentCheck(facts: CaseFacts, serialNumber: string | undefined, field = 'documentSerialNumber'): Violation[] {
  const subject = facts.subject;
  if (!subject) {
    return [violation('EID_SUBJECT_REQUIRED', undefined,
      'Wählen Sie die Person aus dem Melderegister, deren Ausweis geändert wird.',
      'Choose the person from the register whose card is to be changed.')];
  }
  const wanted = serialNumber?.trim().toUpperCase();
  if (!wanted) {
    return [violation('EID_DOCUMENT_REQUIRED', field,
      'Tragen Sie die Seriennummer des Personalausweises ein, der auf dem Terminal liegt.',
      'Enter the serial number of the identity card on the terminal.')];
  }
  const document = subject.documents.find((candidate) => candidate.serialNumber.toUpperCase() === wanted
    || documentNumberOf(candidate.serialNumber) === wanted);
  if (!document) {
    const known = subject.documents.filter((candidate) => (eidDocumentKinds as readonly string[]).includes(candidate.kind)).map((candidate) => candidate.serialNumber);
    const hint = known.length > 0 ? ` Im Register: ${known.join(', ')}.` : ' Im Register ist kein Personalausweis eingetragen.';
    const hintEn = known.length > 0 ? ` In the register: ${known.join(', ')}.` : ' The register holds no identity card for this person.';
    return [violation('EID_DOCUMENT_UNKNOWN', field,
      `Die Seriennummer ${wanted} gehört zu keinem Ausweis dieser Person.${hint} Prüfen Sie die Nummer auf dem Ausweis.`,
      `Serial number ${wanted} is not a document of this person.${hintEn} Check the number on the card.`)];
  }
  const out: Violation[] = [];
  if (!(eidDocumentKinds as readonly string[]).includes(document.kind)) {
    out.push(violation('EID_DOCUMENT_NO_CHIP', field,
      `Das Dokument ${wanted} ist kein Personalausweis (${document.kind}) und hat keinen Chip mit Online-Ausweisfunktion. Nehmen Sie den Personalausweis.`,
      `Document ${wanted} is not an identity card (${document.kind}) and has no eID chip. Use the identity card.`));
  }
  if (document.status !== 'valid') {
    out.push(violation('EID_DOCUMENT_NOT_VALID', field,
      `Der Ausweis ${wanted} ist im Register als „${document.status}“ eingetragen und kann nicht geändert werden. Der Inhaber braucht einen neuen Ausweis.`,
      `Card ${wanted} is recorded as "${document.status}" and cannot be changed. The holder needs a new card.`));
  }
  if (document.validUntil < facts.today) {
    out.push(violation('EID_DOCUMENT_EXPIRED', field,
      `Der Ausweis ${wanted} ist seit dem ${germanDate(document.validUntil)} abgelaufen. Beantragen Sie einen neuen Personalausweis.`,
      `Card ${wanted} expired on ${document.validUntil}. Apply for a new identity card.`));
  }
  return out;
}

/** Applies to PIN reset and eID activation: the holder himself, at the terminal (ProxyRule in_person_only). */
export function inPersonViolations(facts: CaseFacts, data: { holderPresent?: boolean | undefined; identityChecked?: boolean | undefined }): Violation[] {
  const out: Violation[] = [];
  if (facts.applicant && facts.applicant.kind !== 'self') {
    out.push(violation('EID_IN_PERSON_ONLY', 'applicant',
      'Nur der Ausweisinhaber selbst kann diesen Dienst am Terminal nutzen, keine Vertretung: Er gibt die PIN persönlich am PIN-Pad ein. Stellen Sie den Antragsteller auf „selbst“ um.',
      'Only the holder can use this service at the terminal, nobody on their behalf: they type the PIN on the PIN pad themselves. Set the applicant to "self".'));
  }
  if (data.holderPresent !== true) {
    out.push(violation('EID_HOLDER_NOT_PRESENT', 'holderPresent',
      'Bestätigen Sie, dass der Ausweisinhaber anwesend ist und die PIN selbst eingibt.',
      'Confirm that the holder is present and types the PIN themselves.'));
  }
  if (data.identityChecked !== true) {
    out.push(violation('EID_IDENTITY_NOT_CHECKED', 'identityChecked',
      'Bestätigen Sie, dass Sie den Inhaber mit dem Lichtbild des Ausweises verglichen haben.',
      'Confirm that you compared the holder with the photo on the card.'));
  }
  return out;
}

/** What to do about each terminal error. */
function terminalErrorText(result: RecordedTerminalResult): { de: string; en: string } {
  const detail = result.message ? ` (${result.message})` : '';
  switch (result.errorCode) {
    case 'CARD_NOT_PRESENT':
      return { de: 'Das Terminal hat keinen Ausweis erkannt. Legen Sie den Ausweis flach auf das Lesefeld und starten Sie den Vorgang erneut.',
        en: 'The terminal detected no card. Place the card flat on the reader and run the operation again.' };
    case 'CARD_BLOCKED':
      return { de: 'Der Ausweis ist gesperrt (verloren/gestohlen gemeldet oder gesperrte PIN-Funktion). Prüfen Sie den Status im Register; der Inhaber braucht gegebenenfalls einen neuen Ausweis.',
        en: 'The card is blocked (reported lost or stolen, or its PIN function is blocked). Check its status in the register; the holder may need a new card.' };
    case 'CANCELLED_BY_HOLDER':
      return { de: 'Der Inhaber hat am PIN-Pad abgebrochen. Fragen Sie, ob er fortfahren möchte, und starten Sie den Vorgang erneut.',
        en: 'The holder cancelled on the PIN pad. Ask whether they want to go on and run the operation again.' };
    case 'DOCUMENT_MISMATCH':
      return { de: `Auf dem Terminal liegt ein anderer Ausweis als ${result.documentNumber}${detail}. Legen Sie den richtigen Ausweis auf oder korrigieren Sie die Seriennummer.`,
        en: `The card on the terminal is not ${result.documentNumber}${detail}. Place the right card or correct the serial number.` };
    case 'EID_NOT_ACTIVE':
      return { de: 'Die Online-Ausweisfunktion ist ausgeschaltet; eine PIN kann erst danach gesetzt werden. Schalten Sie sie zuerst ein (Dienst „Online-Ausweisfunktion einschalten“).',
        en: 'The eID function is switched off; a PIN can be set only afterwards. Switch it on first (service "Switch on the eID function").' };
    case 'CARD_EXPIRED':
      return { de: 'Der Ausweis ist abgelaufen und kann nicht mehr geändert werden. Beantragen Sie einen neuen Personalausweis.',
        en: 'The card has expired and can no longer be changed. Apply for a new identity card.' };
    case 'TERMINAL_TIMEOUT':
      return { de: 'Am PIN-Pad kam keine Eingabe. Erklären Sie dem Inhaber den Ablauf und starten Sie den Vorgang erneut.',
        en: 'Nothing was typed on the PIN pad. Explain the steps to the holder and run the operation again.' };
    case 'TERMINAL_OFFLINE':
      return { de: 'Das Terminal erreicht den Dienst für das Berechtigungszertifikat nicht. Prüfen Sie die Netzverbindung und versuchen Sie es erneut.',
        en: 'The terminal cannot reach the authorisation certificate service. Check the network connection and try again.' };
    case 'INVALID_REQUEST':
      return { de: `Das Terminal hat die Anfrage abgelehnt${detail}. Prüfen Sie Seriennummer und Anschrift im Register und versuchen Sie es erneut.`,
        en: `The terminal refused the request${detail}. Check the serial number and the address in the register and try again.` };
    // The PIN change (the holder knows the current PIN): AusweisApp's and the simulator's answers.
    case 'WRONG_PIN': {
      const left = typeof result.retryCounter === 'number'
        ? { de: ` (noch ${result.retryCounter} ${result.retryCounter === 1 ? 'Versuch' : 'Versuche'})`, en: ` (${result.retryCounter} ${result.retryCounter === 1 ? 'attempt' : 'attempts'} left)` }
        : { de: '', en: '' };
      return { de: `Die bisherige PIN war falsch${left.de}; die PIN ist unverändert. Nur wenn der Inhaber es möchte, erneut versuchen; kennt er seine PIN nicht, wählen Sie „PIN neu setzen (Neusetzung)“.`,
        en: `The current PIN was wrong${left.en}; the PIN is unchanged. Try again only if the holder wants to; if they do not know the PIN, choose "Set a new PIN".` };
    }
    case 'WRONG_CAN':
      return { de: `Die Zugangsnummer (CAN) war falsch${detail}. Der Inhaber findet sie vorn auf dem Ausweis; dann erneut starten.`,
        en: `The card access number (CAN) was wrong${detail}. The holder finds it on the front of the card; then run again.` };
    case 'PIN_BLOCKED':
      return { de: 'Die PIN ist nach drei Fehlversuchen gesperrt. Wählen Sie „PIN neu setzen (Neusetzung)“; die bisherige PIN braucht der Inhaber dafür nicht.',
        en: 'The PIN is blocked after three wrong attempts. Choose "Set a new PIN"; the holder does not need the current PIN for it.' };
    case 'PUK_INOPERATIVE':
      return { de: 'Die PIN ist gesperrt und die PUK verbraucht. Wählen Sie „PIN neu setzen (Neusetzung)“.',
        en: 'The PIN is blocked and the PUK used up. Choose "Set a new PIN".' };
    case 'NEW_PIN_MISMATCH':
      return { de: 'Die Wiederholung der neuen PIN stimmte nicht überein; die bisherige PIN gilt weiter. Erneut starten.',
        en: 'The repeated new PIN did not match; the current PIN still applies. Run again.' };
    case 'NEW_PIN_INVALID':
      return { de: 'Die neue PIN wurde nicht angenommen (sie hat 6 Ziffern); die bisherige PIN gilt weiter. Erneut starten.',
        en: 'The new PIN was not accepted (it has 6 digits); the current PIN still applies. Run again.' };
    case 'CARD_REMOVED':
      return { de: 'Der Ausweis wurde während des Vorgangs vom Leser genommen; die PIN ist unverändert. Auflegen und erneut starten.',
        en: 'The card was taken off the reader during the operation; the PIN is unchanged. Place it and run again.' };
    case 'CANCELLED_BY_OFFICER':
      return { de: 'Der Vorgang wurde abgebrochen; die PIN ist unverändert. Bei Bedarf erneut starten.', en: 'The operation was cancelled; the PIN is unchanged. Run again if needed.' };
    case 'TERMINAL_CONNECTION_LOST':
      return { de: 'Die Verbindung zum Terminal brach ab; ob die neue PIN gilt, ist unbekannt. Prüfen Sie das Terminal (AusweisApp), bevor Sie erneut starten.',
        en: 'The connection to the terminal broke; whether the new PIN applies is unknown. Check the terminal (AusweisApp) before running again.' };
    default:
      return { de: `Das Terminal meldet den Fehler ${result.errorCode ?? 'unbekannt'}${detail}. Versuchen Sie es erneut; bleibt der Fehler, wenden Sie sich an den IT-Support.`,
        en: `The terminal reports error ${result.errorCode ?? 'unknown'}${detail}. Try again; if it persists, call IT support.` };
  }
}

/**
 * The violations of the recorded terminal answer: missing (not yet run), failed, or run on another
 * card than the case now names.
 */
export function terminalViolations(result: RecordedTerminalResult | undefined, documentSerialNumber: string | undefined, field: string, label: { de: string; en: string }): Violation[] {
  if (!result) {
    return [violation('EID_TERMINAL_NOT_RUN', field,
      `Führen Sie „${label.de}“ am Änderungsterminal aus.`, `Run "${label.en}" at the change terminal.`)];
  }
  if (!result.ok) {
    const text = terminalErrorText(result);
    return [violation(`EID_TERMINAL_${result.errorCode ?? 'FAILED'}`, field, text.de, text.en)];
  }
  if (documentSerialNumber && documentNumberOf(documentSerialNumber) !== result.documentNumber) {
    return [violation('EID_TERMINAL_OTHER_DOCUMENT', field,
      `Das Terminal hat den Ausweis ${result.documentNumber} bearbeitet, der Vorgang nennt jetzt ${documentNumberOf(documentSerialNumber)}. Führen Sie den Vorgang mit dem genannten Ausweis erneut aus.`,
      `The terminal worked on card ${result.documentNumber}, the case now names ${documentNumberOf(documentSerialNumber)}. Run the operation again with that card.`)];
  }
  return [];
}

/** Copies the terminal's answer field by field (never the whole object: nothing else may reach the case). */
export function recordTerminalResult(result: TerminalResult, documentNumber: string, previous: RecordedTerminalResult | undefined): RecordedTerminalResult {
  const ok = result.ok === true;
  return {
    ok,
    errorCode: ok ? null : typeof result.errorCode === 'string' ? result.errorCode : 'FAILED',
    message: typeof result.message === 'string' ? result.message : null,
    completedAt: String(result.completedAt),
    documentNumber,
    attempts: (previous?.attempts ?? 0) + 1,
  };
}

/** Device actions refuse to start while the case itself says the operation cannot succeed. */
export function assertPreconditions(violations: Violation[]): void {
  if (violations.length === 0) return;
  throw new AppError('EID_TERMINAL_PRECONDITION',
    `The terminal operation cannot start: ${violations.map((item) => item.message.en).join(' ')}`, 422, { violations });
}
