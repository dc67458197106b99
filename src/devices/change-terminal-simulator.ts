import type { ChangeTerminal, TerminalPrompt, TerminalResult } from './types.ts';

/**
 * An Änderungsterminal for development and tests, behind the ChangeTerminal port.
 *
 * It behaves like the certified device as far as the software can see: it checks that the card on
 * the terminal is the one the case names, keeps the state of the cards it has seen (eID function on
 * or off, blocked), writes the address and answers with the sticker text (PAuswV § 19 Abs. 1:
 * the new address and the Personalausweisnummer). The PIN is typed by the holder on the terminal's
 * own PIN pad: the simulator never asks for one and never returns one, like the real device.
 * The PIN change (the holder knows the current PIN) keeps the card's PIN retry counter: a wrong
 * current PIN (scripted as WRONG_PIN, the simulator cannot know what was typed) costs an attempt,
 * the third blocks the PIN; a Neusetzung gives the card a fresh PIN and all three attempts back.
 *
 * Deterministic: the same calls in the same order give the same answers; failures are scripted
 * through the options, the clock can be fixed, delays are opt-in.
 */
export type TerminalOperation = 'changeAddress' | 'resetPin' | 'activateEid' | 'changePin';

/** Error codes the terminal reports (TerminalResult.errorCode). */
export const terminalErrorCodes = [
  'CARD_NOT_PRESENT',
  'CARD_BLOCKED',
  'CANCELLED_BY_HOLDER',
  'DOCUMENT_MISMATCH',
  'EID_NOT_ACTIVE',
  'CARD_EXPIRED',
  'TERMINAL_TIMEOUT',
  'TERMINAL_OFFLINE',
  'INVALID_REQUEST',
  /** PIN change: the current PIN the holder typed was wrong (an attempt used). */
  'WRONG_PIN',
  /** PIN change: the PIN is blocked after three wrong attempts (PUK or Neusetzung). */
  'PIN_BLOCKED',
] as const;
export type TerminalErrorCode = (typeof terminalErrorCodes)[number];

export interface ScriptedFailure {
  /** The operation the failure is for; absent = the next operation of any kind. */
  operation?: TerminalOperation;
  errorCode: TerminalErrorCode;
  /** Replaces the simulator's own message. */
  message?: string;
}

export interface SimulatedCard {
  /** Whether the eID function is switched on (cards issued under 16 have it off). */
  eidActive?: boolean;
  /** A card reported lost or stolen, or blocked after wrong entries: every operation fails. */
  blocked?: boolean;
  /** Last day of validity, YYYY-MM-DD; expired cards cannot be changed. */
  validUntil?: string;
  /** PIN attempts left (3 = none used, 0 = PIN blocked); 3 by default. */
  retryCounter?: number;
}

export interface ChangeTerminalSimulatorOptions {
  /** Failures handed out one by one to matching operations; once used up, operations succeed. */
  script?: ScriptedFailure[];
  /** Cards the terminal knows by document number (9 characters); unknown cards have the eID function on. */
  cards?: Record<string, SimulatedCard>;
  /** The document number of the card lying on the terminal; absent = whatever card the request names. */
  cardOnTerminal?: string | null;
  /** Clock for completedAt (and the sticker's date); the real clock by default. */
  now?: () => Date;
  /** Milliseconds each operation takes (the holder reading, typing on the PIN pad); 0 by default. */
  delayMs?: number;
}

export interface ChangeTerminalSimulator extends ChangeTerminal {
  changePin(request: { documentNumber?: string; onPrompt?: (prompt: TerminalPrompt) => void }): Promise<TerminalResult>;
  /** What the simulator now knows about a card (for tests). */
  card(documentNumber: string): Readonly<Required<Pick<SimulatedCard, 'eidActive' | 'blocked' | 'retryCounter'>>> & { address: string | null };
  /** Every operation so far with its outcome, in order; carries no PIN, as there is none to carry. */
  readonly log: readonly { operation: TerminalOperation; documentNumber: string; ok: boolean; errorCode?: string }[];
}

const defaultMessages: Record<TerminalErrorCode, string> = {
  CARD_NOT_PRESENT: 'Kein Ausweis auf dem Terminal erkannt.',
  CARD_BLOCKED: 'Der Ausweis ist gesperrt.',
  CANCELLED_BY_HOLDER: 'Der Vorgang wurde am PIN-Pad abgebrochen.',
  DOCUMENT_MISMATCH: 'Der aufgelegte Ausweis ist nicht der im Vorgang genannte.',
  EID_NOT_ACTIVE: 'Die Online-Ausweisfunktion ist ausgeschaltet.',
  CARD_EXPIRED: 'Der Ausweis ist abgelaufen.',
  TERMINAL_TIMEOUT: 'Zeitüberschreitung: keine Eingabe am PIN-Pad.',
  TERMINAL_OFFLINE: 'Keine Verbindung zum Berechtigungszertifikat-Dienst.',
  INVALID_REQUEST: 'Die Anfrage an das Terminal ist unvollständig.',
  WRONG_PIN: 'Die bisherige PIN war falsch; die PIN ist unverändert.',
  PIN_BLOCKED: 'Die PIN ist nach drei Fehlversuchen gesperrt; entsperren mit der PUK aus dem PIN-Brief oder PIN-Neusetzung.',
};

const fullRetryCounter = 3;

const prompts: Record<'insert-card' | 'enter-pin' | 'enter-new-pin', { text: string; textEn: string }> = {
  'insert-card': { text: 'Bitte den Ausweis auf das Terminal legen.', textEn: 'Please place the ID card on the terminal.' },
  'enter-pin': { text: 'Bitte die bisherige PIN am PIN-Pad eingeben.', textEn: 'Please enter the current PIN on the PIN pad.' },
  'enter-new-pin': { text: 'Bitte die neue 6-stellige PIN am PIN-Pad eingeben und wiederholen.', textEn: 'Please enter the new 6-digit PIN on the PIN pad and repeat it.' },
};

const documentNumberPattern = /^[0-9A-Z]{9}$/;
const wohnortIdPattern = /^\d{14}$/;

/** "2026-03-01T10:00:00Z" → "01.03.2026" in Germany. */
function germanDay(date: Date): string {
  return new Intl.DateTimeFormat('de-DE', { timeZone: 'Europe/Berlin', day: '2-digit', month: '2-digit', year: 'numeric' }).format(date);
}

function isoDay(date: Date): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin', year: 'numeric', month: '2-digit', day: '2-digit' }).format(date);
  return parts;
}

/**
 * The text of the address sticker as the terminal prints it: upper case like the card's own
 * print, the new address, the Personalausweisnummer and the day of the change.
 */
export function addressStickerText(input: { documentNumber: string; street: string; houseNumber: string; postcode: string; city: string; changedOn: Date }): string {
  const upper = (value: string) => value.trim().toLocaleUpperCase('de-DE');
  return [
    'ANSCHRIFT / ADDRESS',
    `${upper(input.street)} ${upper(input.houseNumber)}`,
    `${input.postcode.trim()} ${upper(input.city)}`,
    `Ausweisnummer ${input.documentNumber}`,
    `Geändert am ${germanDay(input.changedOn)}`,
  ].join('\n');
}

export function createChangeTerminalSimulator(options: ChangeTerminalSimulatorOptions = {}): ChangeTerminalSimulator {
  const script = [...(options.script ?? [])];
  const now = options.now ?? (() => new Date());
  const cards = new Map<string, { eidActive: boolean; blocked: boolean; validUntil: string | null; address: string | null; retryCounter: number }>();
  for (const [number, card] of Object.entries(options.cards ?? {})) {
    cards.set(number, {
      eidActive: card.eidActive ?? true, blocked: card.blocked ?? false, validUntil: card.validUntil ?? null, address: null,
      retryCounter: card.retryCounter ?? fullRetryCounter,
    });
  }
  const log: { operation: TerminalOperation; documentNumber: string; ok: boolean; errorCode?: string }[] = [];

  const cardState = (number: string) => {
    let card = cards.get(number);
    if (!card) {
      card = { eidActive: true, blocked: false, validUntil: null, address: null, retryCounter: fullRetryCounter };
      cards.set(number, card);
    }
    return card;
  };

  const wait = () => (options.delayMs ? new Promise<void>((resolve) => setTimeout(resolve, options.delayMs)) : Promise.resolve());

  const fail = (operation: TerminalOperation, documentNumber: string, errorCode: TerminalErrorCode, message?: string, retryCounter?: number): TerminalResult => {
    log.push({ operation, documentNumber, ok: false, errorCode });
    return {
      ok: false, errorCode, message: message ?? defaultMessages[errorCode], ...(retryCounter !== undefined ? { retryCounter } : {}), completedAt: now().toISOString(),
    };
  };

  /** A wrong current PIN at the PIN change: one attempt used, the last one blocks the PIN. */
  const wrongPin = (documentNumber: string, message: string | undefined): TerminalResult => {
    const card = cardState(documentNumber);
    card.retryCounter = Math.max(0, card.retryCounter - 1);
    if (card.retryCounter === 0) return fail('changePin', documentNumber, 'PIN_BLOCKED', message, 0);
    const left = card.retryCounter === 1 ? 'noch 1 Versuch' : `noch ${card.retryCounter} Versuche`;
    return fail('changePin', documentNumber, 'WRONG_PIN', message ?? `Die bisherige PIN war falsch (${left}); die PIN ist unverändert.`, card.retryCounter);
  };

  /** The checks every operation goes through before it touches the card; null when it may go on. */
  const precondition = (operation: TerminalOperation, documentNumber: string): TerminalResult | null => {
    if (!documentNumberPattern.test(documentNumber)) {
      return fail(operation, documentNumber, 'INVALID_REQUEST', `Die Ausweisnummer "${documentNumber}" hat nicht 9 Zeichen (Ziffern und Großbuchstaben).`);
    }
    const index = script.findIndex((entry) => entry.operation === undefined || entry.operation === operation);
    if (index >= 0) {
      const [entry] = script.splice(index, 1);
      if (operation === 'changePin' && entry!.errorCode === 'WRONG_PIN') return wrongPin(documentNumber, entry!.message);
      return fail(operation, documentNumber, entry!.errorCode, entry!.message);
    }
    if (options.cardOnTerminal === null) return fail(operation, documentNumber, 'CARD_NOT_PRESENT');
    if (options.cardOnTerminal !== undefined && options.cardOnTerminal !== documentNumber) {
      return fail(operation, documentNumber, 'DOCUMENT_MISMATCH',
        `Auf dem Terminal liegt der Ausweis ${options.cardOnTerminal}, nicht ${documentNumber}.`);
    }
    const card = cardState(documentNumber);
    if (card.blocked) return fail(operation, documentNumber, 'CARD_BLOCKED');
    if (card.validUntil !== null && card.validUntil < isoDay(now())) return fail(operation, documentNumber, 'CARD_EXPIRED');
    return null;
  };

  const succeed = (operation: TerminalOperation, documentNumber: string, message: string): TerminalResult => {
    log.push({ operation, documentNumber, ok: true });
    return { ok: true, message, completedAt: now().toISOString() };
  };

  return {
    log,
    card(documentNumber) {
      const card = cardState(documentNumber);
      return { eidActive: card.eidActive, blocked: card.blocked, retryCounter: card.retryCounter, address: card.address };
    },
    async changeAddress(request) {
      await wait();
      const { documentNumber, address } = request;
      const refused = precondition('changeAddress', documentNumber);
      if (refused) return refused;
      const missing = (['street', 'houseNumber', 'postcode', 'city'] as const).filter((part) => !address[part]?.trim());
      if (missing.length > 0) {
        return fail('changeAddress', documentNumber, 'INVALID_REQUEST', `Der neuen Anschrift fehlt: ${missing.join(', ')}.`);
      }
      if (!wohnortIdPattern.test(address.wohnortId)) {
        return fail('changeAddress', documentNumber, 'INVALID_REQUEST', `Die Wohnort-ID "${address.wohnortId}" hat nicht 14 Ziffern.`);
      }
      const changedOn = now();
      const stickerText = addressStickerText({ documentNumber, ...address, changedOn });
      cardState(documentNumber).address = `${address.street} ${address.houseNumber}, ${address.postcode} ${address.city} (${address.wohnortId})`;
      return { ...succeed('changeAddress', documentNumber, 'Anschrift im Chip geändert.'), stickerText };
    },
    async resetPin(request) {
      await wait();
      const refused = precondition('resetPin', request.documentNumber);
      if (refused) return refused;
      const card = cardState(request.documentNumber);
      if (!card.eidActive) return fail('resetPin', request.documentNumber, 'EID_NOT_ACTIVE');
      // The holder typed the new PIN twice on the PIN pad; it went from the pad to the chip only.
      card.retryCounter = fullRetryCounter;
      return succeed('resetPin', request.documentNumber, 'Neue PIN gesetzt.');
    },
    async activateEid(request) {
      await wait();
      const refused = precondition('activateEid', request.documentNumber);
      if (refused) return refused;
      const card = cardState(request.documentNumber);
      const wasActive = card.eidActive;
      card.eidActive = true;
      return succeed('activateEid', request.documentNumber,
        wasActive ? 'Die Online-Ausweisfunktion war bereits eingeschaltet.' : 'Online-Ausweisfunktion eingeschaltet.');
    },
    async changePin(request) {
      const prompt = (step: keyof typeof prompts) => request.onPrompt?.({ step, ...prompts[step], at: now().toISOString() } satisfies TerminalPrompt);
      prompt('insert-card');
      await wait();
      // Without a number the card is the one lying on the terminal (as with AusweisApp, which cannot read it).
      const documentNumber = request.documentNumber ?? options.cardOnTerminal;
      if (documentNumber === null || documentNumber === undefined) return fail('changePin', '', 'CARD_NOT_PRESENT');
      const refused = precondition('changePin', documentNumber);
      if (refused) return refused;
      const card = cardState(documentNumber);
      if (!card.eidActive) return fail('changePin', documentNumber, 'EID_NOT_ACTIVE');
      if (card.retryCounter === 0) return fail('changePin', documentNumber, 'PIN_BLOCKED', undefined, 0);
      // The holder typed the current PIN, then the new one twice, on the PIN pad; none of it reaches the software.
      prompt('enter-pin');
      prompt('enter-new-pin');
      card.retryCounter = fullRetryCounter;
      log.push({ operation: 'changePin', documentNumber, ok: true });
      return { ok: true, message: 'PIN geändert; der Inhaber hat sie am PIN-Pad gesetzt.', retryCounter: fullRetryCounter, completedAt: now().toISOString() };
    },
  };
}
