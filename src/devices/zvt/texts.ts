/**
 * What the ZVT codes mean, for the officer (German first, English second): result codes (BMP 27,
 * Abort 06 1E), intermediate statuses (04 FF) and ZVT card types (BMP 8A). Tables after
 * PA00P015 ch. "Error-Messages", "Intermediate-Status" and "List of ZVT card-type IDs"; only the
 * codes a payment at a home visit can meet, the rest falls back to a generic text with the code.
 */

export interface CodeText {
  de: string;
  en: string;
}

const hex = (code: number) => code.toString(16).toUpperCase().padStart(2, '0');

/** Result codes other than 0x01–0x63 (those come from the card issuer's or network's authorisation system). */
const resultCodes: Record<number, CodeText> = {
  0x00: { de: 'Zahlung erfolgreich', en: 'Payment successful' },
  0x64: { de: 'Karte nicht lesbar', en: 'Card not readable' },
  0x65: { de: 'Keine Kartendaten (weder Magnetstreifen noch Chip gefunden)', en: 'No card data (neither track nor chip found)' },
  0x66: { de: 'Verarbeitungsfehler, auch am Kartenleser', en: 'Processing error (also card reader)' },
  0x67: { de: 'Funktion für girocard/Maestro nicht zulässig', en: 'Function not permitted for girocard/Maestro' },
  0x68: { de: 'Funktion für Kreditkarten nicht zulässig', en: 'Function not permitted for credit cards' },
  0x6a: { de: 'Umsatzspeicher voll – bitte Kassenschnitt am Terminal', en: 'Turnover file full – run end-of-day on the terminal' },
  0x6b: { de: 'Funktion gesperrt (Terminal nicht angemeldet)', en: 'Function deactivated (terminal not registered)' },
  0x6c: { de: 'Abgebrochen (Abbruch-Taste oder Zeit abgelaufen)', en: 'Aborted (abort key or timeout)' },
  0x6e: { de: 'Karte gesperrt', en: 'Card in blocked list' },
  0x6f: { de: 'Falsche Währung', en: 'Wrong currency' },
  0x71: { de: 'Guthaben nicht ausreichend', en: 'Credit not sufficient' },
  0x72: { de: 'Chipfehler', en: 'Chip error' },
  0x73: { de: 'Kartendaten fehlerhaft', en: 'Card data incorrect' },
  0x77: { de: 'Kassenschnitt nicht möglich', en: 'End-of-day batch not possible' },
  0x78: { de: 'Karte abgelaufen', en: 'Card expired' },
  0x79: { de: 'Karte noch nicht gültig', en: 'Card not yet valid' },
  0x7a: { de: 'Karte unbekannt', en: 'Card unknown' },
  0x7d: { de: 'Kommunikationsfehler (Modul antwortet nicht)', en: 'Communication error (module does not answer)' },
  0x83: { de: 'Funktion nicht möglich', en: 'Function not possible' },
  0x85: { de: 'Schlüssel fehlt', en: 'Key missing' },
  0x89: { de: 'PIN-Pad defekt', en: 'PIN pad defective' },
  0x9a: { de: 'ZVT-Protokollfehler', en: 'ZVT protocol error' },
  0x9b: { de: 'Fehler bei der Datenverbindung', en: 'Dial-up/communication fault' },
  0x9c: { de: 'Bitte warten', en: 'Please wait' },
  0xa0: { de: 'Empfänger nicht bereit', en: 'Receiver not ready' },
  0xa1: { de: 'Gegenstelle antwortet nicht', en: 'Remote station does not respond' },
  0xa3: { de: 'Keine Verbindung zum Netzbetreiber', en: 'No connection' },
  0xb1: { de: 'Speicher voll', en: 'Memory full' },
  0xb2: { de: 'Händlerjournal voll', en: 'Merchant journal full' },
  0xc2: { de: 'Diagnose erforderlich', en: 'Diagnosis required' },
  0xc3: { de: 'Höchstbetrag überschritten', en: 'Maximum amount exceeded' },
  0xc5: { de: 'Zahlungsart nicht unterstützt', en: 'Payment method not supported' },
  0xc6: { de: 'Währung nicht anwendbar', en: 'Currency not applicable' },
  0xc8: { de: 'Betrag zu klein', en: 'Amount too small' },
  0xcc: { de: 'Drucker nicht bereit', en: 'Printer not ready' },
  0xdc: { de: 'Karte steckt', en: 'Card inserted' },
  0xe2: { de: 'Kartenleser antwortet nicht oder ist defekt', en: 'Card reader does not answer / defective' },
  0xe4: { de: 'Terminal muss aktiviert werden', en: 'Terminal activation required' },
  0xf0: { de: 'Offener Kassenschnitt vorhanden', en: 'Open end-of-day batch present' },
  0xfc: { de: 'Benötigtes Gerät fehlt oder ist defekt', en: 'Necessary device not present or defective' },
  0xff: { de: 'Systemfehler des Terminals', en: 'Terminal system error' },
};

export function resultCodeText(code: number): CodeText {
  const known = resultCodes[code];
  if (known) return known;
  if (code >= 0x01 && code <= 0x63) {
    return {
      de: `Vom Kartenaussteller bzw. Netzbetreiber abgelehnt (Code ${hex(code)})`,
      en: `Declined by the card issuer or network (code ${hex(code)})`,
    };
  }
  return { de: `Terminal meldet Fehler ${hex(code)}`, en: `Terminal reports error ${hex(code)}` };
}

/** Intermediate statuses the terminal shows while the customer deals with the card (04 FF). */
const intermediateStatuses: Record<number, CodeText> = {
  0x00: { de: 'Terminal wartet auf Bestätigung des Betrags', en: 'Waiting for amount confirmation' },
  0x01: { de: 'Bitte Anzeigen auf dem PIN-Pad beachten', en: 'Please watch the PIN pad' },
  0x02: { de: 'Bitte Anzeigen auf dem PIN-Pad beachten', en: 'Please watch the PIN pad' },
  0x03: { de: 'Vorgang nicht möglich', en: 'Not accepted' },
  0x04: { de: 'Terminal wartet auf Antwort der Zahlungsverkehrszentrale', en: 'Waiting for response from the host' },
  0x05: { de: 'Terminal sendet Autostorno', en: 'Sending auto-reversal' },
  0x06: { de: 'Terminal sendet Nachbuchungen', en: 'Sending post-bookings' },
  0x07: { de: 'Karte nicht zugelassen', en: 'Card not admitted' },
  0x08: { de: 'Karte unbekannt', en: 'Card unknown' },
  0x09: { de: 'Karte verfallen', en: 'Card expired' },
  0x0a: { de: 'Karte einstecken oder auflegen', en: 'Insert or tap card' },
  0x0b: { de: 'Bitte Karte entnehmen', en: 'Please remove card' },
  0x0c: { de: 'Karte nicht lesbar', en: 'Card not readable' },
  0x0d: { de: 'Vorgang abgebrochen', en: 'Processing aborted' },
  0x0e: { de: 'Vorgang wird bearbeitet, bitte warten', en: 'Processing, please wait' },
  0x10: { de: 'Karte ungültig', en: 'Invalid card' },
  0x12: { de: 'Systemfehler', en: 'System malfunction' },
  0x13: { de: 'Zahlung nicht möglich', en: 'Payment not possible' },
  0x14: { de: 'Guthaben nicht ausreichend', en: 'Credit not sufficient' },
  0x15: { de: 'Geheimzahl falsch', en: 'Incorrect PIN' },
  0x16: { de: 'Limit nicht ausreichend', en: 'Limit not sufficient' },
  0x17: { de: 'Bitte warten', en: 'Please wait' },
  0x18: { de: 'Geheimzahl zu oft falsch', en: 'PIN try limit exceeded' },
  0x19: { de: 'Kartendaten falsch', en: 'Card data incorrect' },
  0x1d: { de: 'Autorisierung nicht möglich', en: 'Authorisation not possible' },
  0x2b: { de: 'Offline-Notbetrieb, bitte warten', en: 'Offline fallback, please wait' },
  0xd2: { de: 'Verbindung zur Zentrale wird aufgebaut', en: 'Connecting dial-up' },
  0xd3: { de: 'Verbindung zur Zentrale besteht', en: 'Dial-up connection made' },
  0xe0: { de: 'Terminal wartet auf Anwendungsauswahl', en: 'Waiting for application selection' },
  0xe1: { de: 'Terminal wartet auf Sprachauswahl', en: 'Waiting for language selection' },
};

export function intermediateStatusText(code: number): CodeText {
  const known = intermediateStatuses[code];
  if (known) return known;
  // 0x41–0x67 are 0x01–0x27 with "please remove card" added.
  const base = code >= 0x41 && code <= 0x67 ? intermediateStatuses[code - 0x40] : undefined;
  if (base) return { de: `${base.de} – Karte entnehmen`, en: `${base.en} – remove card` };
  return { de: `Terminal-Status ${hex(code)}`, en: `Terminal status ${hex(code)}` };
}

/** ZVT card types (BMP 8A) that a citizen is likely to bring. */
const cardTypes: Record<number, string> = {
  5: 'girocard',
  6: 'Mastercard',
  8: 'American Express',
  10: 'Visa',
  11: 'Visa Electron',
  12: 'Diners',
  13: 'V PAY',
  14: 'JCB',
  46: 'Maestro',
  198: 'UnionPay',
  232: 'Discover',
};

export function cardTypeName(id: number): string | undefined {
  return cardTypes[id];
}

/**
 * Code page 437, the ZVT default character set for texts and print lines (upper half; the lower
 * half is ASCII).
 */
const cp437High =
  'ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜ¢£¥₧ƒáíóúñÑªº¿⌐¬½¼¡«»░▒▓│┤╡╢╖╕╣║╗╝╜╛┐└┴┬├─┼╞╟╚╔╩╦╠═╬╧╨╤╥╙╘╒╓╫╪┘┌█▄▌▐▀αßΓπΣσµτΦΘΩδ∞φε∩≡±≥≤⌠⌡÷≈°∙·√ⁿ²■\u00a0';
const cp437Reverse = new Map<string, number>([...cp437High].map((char, index) => [char, 0x80 + index]));

export function decodeCp437(bytes: Uint8Array): string {
  let text = '';
  for (const byte of bytes) text += byte < 0x80 ? String.fromCharCode(byte) : cp437High[byte - 0x80];
  return text;
}

/** Characters outside CP 437 become '?', as a terminal's printer would not know them either. */
export function encodeCp437(text: string): Uint8Array {
  const bytes: number[] = [];
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0x3f;
    bytes.push(code < 0x80 ? code : cp437Reverse.get(char) ?? 0x3f);
  }
  return Uint8Array.from(bytes);
}

export const cp437TableSize = [...cp437High].length;
