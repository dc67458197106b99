import { AppError } from '../../platform/errors.ts';
import type { ChangeTerminal, DeviceHealth, HealthCheck, TerminalPrompt, TerminalResult } from '../types.ts';
import {
  changePinFailure, eidCardOf, eidInactiveMessage, hasPinPad, readersOf, sdkApiLevel, type FailureOutcome, type SdkReader,
} from './protocol.ts';
import { SdkSession } from './session.ts';

/**
 * The Änderungsterminal port over a headless AusweisApp (its SDK WebSocket, by default
 * ws://127.0.0.1:24727/eID-Kernel) and a card reader with its own PIN pad.
 *
 * What AusweisApp can do here, and what it cannot (Governikus AusweisApp, docs/sdk/commands.rst):
 * - PIN change (RUN_CHANGE_PIN): the holder types the current PIN (or the Transport-PIN) and the
 *   new one on the reader's keypad. Offered as `changePin`.
 * - Address change, PIN Neusetzung, switching the eID function on: not SDK workflows. They need
 *   the authority's certified change-terminal software with its own authorisation certificate;
 *   this adapter refuses them with an AppError that says so.
 *
 * DESIGN §5: nobody but the holder learns the PIN. With a keypad reader the SDK takes SET_PIN /
 * SET_NEW_PIN / SET_CAN / SET_PUK without a value, and the command type cannot carry one. With a
 * basic reader (no keypad) the PIN would have to cross the PC and this socket: the adapter refuses
 * before it starts, and cancels a running workflow that turns to a reader without a keypad.
 */
export interface AusweisAppChangeTerminalOptions {
  /** ws://127.0.0.1:24727/eID-Kernel by default. */
  url?: string;
  connectTimeoutMs?: number;
  /** How long one answer may take (API level, reader list, info). */
  answerTimeoutMs?: number;
  /** The whole PIN change, from RUN_CHANGE_PIN to the result (card insertion, typing); 180 s by default. */
  workflowTimeoutMs?: number;
  /** How long to wait for AusweisApp to confirm a CANCEL. */
  cancelTimeoutMs?: number;
  userAgent?: string;
  now?: () => Date;
}

export interface AusweisAppChangeTerminal extends ChangeTerminal, HealthCheck {
  /** `documentNumber` is accepted and not checked: the SDK's PIN change does not read the card's number. */
  changePin(request?: { documentNumber?: string; onPrompt?: (prompt: TerminalPrompt) => void }): Promise<TerminalResult>;
  /** The officer stops the running PIN change (changePin resolves with CANCELLED_BY_OFFICER); no-op without one. */
  cancel(): Promise<void>;
}

export const defaultAusweisAppUrl = 'ws://127.0.0.1:24727/eID-Kernel';

const certifiedRoute = 'Use the certified Änderungsterminal software of the authority (the BSI-certified change terminal with its own authorisation certificate) for this; Bürgerkoffer records its result.';

const prompts: Record<TerminalPrompt['step'], { text: string; textEn: string }> = {
  'insert-card': { text: 'Bitte den Ausweis auf den Kartenleser legen.', textEn: 'Please place the ID card on the card reader.' },
  'enter-pin': { text: 'Bitte die bisherige PIN (oder Transport-PIN) am PIN-Pad des Lesers eingeben.', textEn: 'Please enter the current PIN (or Transport PIN) on the reader\'s PIN pad.' },
  'enter-new-pin': { text: 'Bitte die neue 6-stellige PIN am PIN-Pad eingeben und wiederholen.', textEn: 'Please enter the new 6-digit PIN on the PIN pad and repeat it.' },
  'enter-can': { text: 'Bitte die Zugangsnummer (CAN, vorn auf dem Ausweis) am PIN-Pad eingeben.', textEn: 'Please enter the card access number (CAN, on the front of the card) on the PIN pad.' },
  'enter-puk': { text: 'Bitte die PUK aus dem PIN-Brief am PIN-Pad eingeben.', textEn: 'Please enter the PUK from the PIN letter on the PIN pad.' },
};

type Pending = FailureOutcome & { retryCounter?: number; refuse?: AppError };

export function createAusweisAppChangeTerminal(options: AusweisAppChangeTerminalOptions = {}): AusweisAppChangeTerminal {
  const url = options.url ?? defaultAusweisAppUrl;
  const connectTimeoutMs = options.connectTimeoutMs ?? 3000;
  const answerTimeoutMs = options.answerTimeoutMs ?? 5000;
  const workflowTimeoutMs = options.workflowTimeoutMs ?? 180_000;
  const cancelTimeoutMs = options.cancelTimeoutMs ?? 10_000;
  const userAgent = options.userAgent ?? 'Buergerkoffer (Änderungsterminal)';
  const now = options.now ?? (() => new Date());
  let active: { cancelByOfficer: () => void } | null = null;
  let running = false;

  let lastClosedAt = 0;
  const connect = async (): Promise<SdkSession> => {
    try {
      return await SdkSession.open({ url, connectTimeoutMs, userAgent });
    } catch (error) {
      // Right after this adapter's own session closed, AusweisApp may not have let go of it yet.
      if (!(error instanceof AppError) || error.details?.httpStatus !== 429 || Date.now() - lastClosedAt > 1000) throw error;
      await new Promise((resolve) => setTimeout(resolve, 150));
      return SdkSession.open({ url, connectTimeoutMs, userAgent });
    }
  };
  const close = async (session: SdkSession | undefined) => {
    if (!session) return;
    await session.close();
    lastClosedAt = Date.now();
  };

  const open = async (): Promise<SdkSession> => {
    const session = await connect();
    try {
      session.send({ cmd: 'SET_API_LEVEL', level: sdkApiLevel });
      // An AusweisApp older than level 2 answers with an error and stays on its level; the reader
      // list is read in both shapes, so the adapter goes on.
      await session.expect('API_LEVEL', answerTimeoutMs);
      return session;
    } catch (error) {
      await close(session);
      throw error;
    }
  };

  const readerList = async (session: SdkSession): Promise<SdkReader[]> => {
    session.send({ cmd: 'GET_READER_LIST' });
    return readersOf(await session.expect('READER_LIST', answerTimeoutMs));
  };

  const result = (ok: boolean, fields: Partial<Omit<TerminalResult, 'ok' | 'completedAt'>>): TerminalResult => ({
    ok, ...fields, completedAt: now().toISOString(),
  });

  const runChangePin = async (session: SdkSession, onPrompt: ((prompt: TerminalPrompt) => void) | undefined): Promise<TerminalResult> => {
    let deadline = Date.now() + workflowTimeoutMs;
    let started = false;
    let pending: Pending | null = null;
    /** retryCounter of the card when the adapter last let the holder type the PIN; a lower one after it means a wrong PIN. */
    let pinAnsweredAt: number | undefined;
    let canAnswered = false;
    let newPinAnswers = 0;
    let lastRetryCounter: number | undefined;

    const prompt = (step: TerminalPrompt['step']) => onPrompt?.({ step, ...prompts[step], at: now().toISOString() });
    const cancelWith = (outcome: Pending) => {
      if (pending) return;
      pending = outcome;
      session.send({ cmd: 'CANCEL' });
      deadline = Date.now() + cancelTimeoutMs;
    };
    const finish = (outcome: Pending): TerminalResult => {
      if (outcome.refuse) throw outcome.refuse;
      return result(false, { errorCode: outcome.errorCode, message: outcome.message, ...(outcome.retryCounter !== undefined ? { retryCounter: outcome.retryCounter } : {}) });
    };
    active = { cancelByOfficer: () => cancelWith({ errorCode: 'CANCELLED_BY_OFFICER', message: 'Der Vorgang wurde vom Personal abgebrochen; die PIN ist unverändert.' }) };

    session.send({ cmd: 'RUN_CHANGE_PIN' });
    for (;;) {
      const event = await session.next(deadline - Date.now());
      if (event.kind === 'timeout') {
        if (pending) return finish(pending);
        cancelWith({ errorCode: 'TERMINAL_TIMEOUT', message: `Zeitüberschreitung: nach ${Math.round(workflowTimeoutMs / 1000)} s kein Ergebnis (Ausweis nicht aufgelegt oder keine Eingabe am PIN-Pad); abgebrochen, die PIN ist unverändert.` });
        continue;
      }
      if (event.kind === 'closed') {
        if (pending) return finish(pending);
        if (!started) throw new AppError('AUSWEISAPP_CONNECTION_LOST', 'AusweisApp closed the connection before the PIN change started; check that it still runs, then try again.', 502);
        return result(false, {
          errorCode: 'TERMINAL_CONNECTION_LOST',
          message: 'Die Verbindung zur AusweisApp brach während der PIN-Änderung ab; ob die neue PIN gilt, ist unbekannt. AusweisApp prüfen und die PIN-Änderung erst danach wiederholen.',
        });
      }
      const message = event.message;
      switch (message.msg) {
        case 'CHANGE_PIN':
          if (message.success === undefined) {
            started = true;
            break;
          }
          if (message.success) return result(true, { message: 'PIN geändert; der Inhaber hat sie am PIN-Pad gesetzt.', retryCounter: 3 });
          if (pending) return finish(pending);
          return result(false, { ...changePinFailure(message.reason), ...(lastRetryCounter !== undefined ? { retryCounter: lastRetryCounter } : {}) });
        case 'BAD_STATE':
          if (message.error === 'RUN_CHANGE_PIN') {
            throw new AppError('AUSWEISAPP_BUSY', 'AusweisApp is already running a workflow; finish or cancel it there, then try again.', 409);
          }
          // A CANCEL that came after the workflow had ended: the workflow is over.
          if (pending && message.error === 'CANCEL') return finish(pending);
          break;
        case 'INVALID':
        case 'UNKNOWN_COMMAND':
        case 'INTERNAL_ERROR':
          cancelWith({ errorCode: 'TERMINAL_ERROR', message: `Die AusweisApp meldete ${message.msg} (${message.error ?? 'ohne Angabe'}); abgebrochen, die PIN ist unverändert.` });
          break;
        case 'INSERT_CARD':
          prompt('insert-card');
          break;
        case 'READER': {
          const card = eidCardOf(message);
          if (started && card?.deactivated) cancelWith({ errorCode: 'EID_NOT_ACTIVE', message: eidInactiveMessage });
          break;
        }
        case 'ENTER_PIN':
        case 'ENTER_NEW_PIN':
        case 'ENTER_CAN':
        case 'ENTER_PUK': {
          if (pending) break;
          if (!hasPinPad(message.reader)) {
            cancelWith({
              errorCode: 'PIN_PAD_REQUIRED', message: 'Kein PIN-Pad.',
              refuse: new AppError('PIN_PAD_REQUIRED',
                `The card lies on "${message.reader?.name ?? 'a reader'}", which has no PIN pad: the PIN would pass through the PC, and nobody but the holder may learn the PIN. The PIN change was cancelled; put the card on the reader with its own keypad (comfort reader) and start again.`, 409),
            });
            break;
          }
          if (message.error) {
            cancelWith({ errorCode: 'TERMINAL_ERROR', message: `Die AusweisApp lehnte die Eingabe ab (${message.error}); abgebrochen, die PIN ist unverändert.` });
            break;
          }
          const card = eidCardOf(message.reader);
          const retryCounter = card?.retryCounter;
          if (retryCounter !== undefined) lastRetryCounter = retryCounter;
          if (card?.deactivated) {
            cancelWith({ errorCode: 'EID_NOT_ACTIVE', message: eidInactiveMessage });
            break;
          }
          if (message.msg === 'ENTER_PIN') {
            if (pinAnsweredAt !== undefined && retryCounter !== undefined && retryCounter < pinAnsweredAt) {
              cancelWith(wrongPin(retryCounter));
              break;
            }
            pinAnsweredAt = retryCounter ?? pinAnsweredAt;
            prompt('enter-pin');
            session.send({ cmd: 'SET_PIN' });
          } else if (message.msg === 'ENTER_CAN') {
            // Asked for after a PIN attempt in this run: that attempt was wrong (the card is at 1 now).
            if (pinAnsweredAt !== undefined) {
              cancelWith(wrongPin(retryCounter ?? 1));
              break;
            }
            if (canAnswered) {
              cancelWith({ errorCode: 'WRONG_CAN', message: 'Die Zugangsnummer (CAN) war falsch; abgebrochen, die PIN ist unverändert.', retryCounter: retryCounter ?? 1 });
              break;
            }
            canAnswered = true;
            prompt('enter-can');
            session.send({ cmd: 'SET_CAN' });
          } else if (message.msg === 'ENTER_PUK') {
            // The PIN is blocked (retryCounter 0). Unblocking with the PUK is no PIN change; the holder does it on purpose.
            cancelWith({
              errorCode: 'PIN_BLOCKED', retryCounter: 0,
              message: pinAnsweredAt !== undefined
                ? 'Die PIN war zum dritten Mal falsch und ist jetzt gesperrt; entsperren mit der PUK aus dem PIN-Brief, sonst PIN-Neusetzung am Änderungsterminal der Behörde.'
                : 'Die PIN dieses Ausweises ist gesperrt; entsperren mit der PUK aus dem PIN-Brief, sonst PIN-Neusetzung am Änderungsterminal der Behörde.',
            });
          } else {
            newPinAnswers += 1;
            if (newPinAnswers > 3) {
              cancelWith({ errorCode: 'NEW_PIN_INVALID', message: 'Die neue PIN wurde mehrfach nicht angenommen; abgebrochen, die PIN ist unverändert.' });
              break;
            }
            prompt('enter-new-pin');
            session.send({ cmd: 'SET_NEW_PIN' });
          }
          break;
        }
        default:
          break;
      }
    }
  };

  const refuse = (operation: string) => Promise.reject(new AppError('TERMINAL_OPERATION_UNSUPPORTED',
    `${operation} is not a function of AusweisApp: its SDK only changes a PIN the holder knows (RUN_CHANGE_PIN). ${certifiedRoute}`, 501));

  return {
    changeAddress: () => refuse('Writing the new address to the eID chip'),
    resetPin: () => refuse('PIN Neusetzung (a new PIN without the old one)'),
    activateEid: () => refuse('Switching on the online ID function'),

    async changePin(request = {}) {
      if (running) throw new AppError('TERMINAL_BUSY', 'A PIN change is already running on this terminal; wait for it or cancel it first.', 409);
      running = true;
      try {
        const session = await open();
        try {
          const readers = await readerList(session);
          if (!readers.some(hasPinPad)) throw noPinPad(readers);
          return await runChangePin(session, request.onPrompt);
        } finally {
          active = null;
          await close(session);
        }
      } finally {
        running = false;
      }
    },

    cancel() {
      active?.cancelByOfficer();
      return Promise.resolve();
    },

    async health(): Promise<DeviceHealth> {
      const checkedAt = now().toISOString();
      const base = { device: 'changeTerminal', driver: 'ausweisapp', checkedAt };
      if (running) {
        return { ...base, ok: true, detail: 'AusweisApp: eine PIN-Änderung läuft gerade.', detailEn: 'AusweisApp: a PIN change is running.' };
      }
      let session: SdkSession | undefined;
      try {
        session = await open();
        session.send({ cmd: 'GET_INFO' });
        const info = await session.expect('INFO', answerTimeoutMs);
        const readers = await readerList(session);
        const version = info.VersionInfo?.['Implementation-Version'];
        const app = `AusweisApp${version ? ` ${version}` : ''}`;
        const padReaders = readers.filter(hasPinPad);
        if (padReaders.length === 0) {
          const error = noPinPad(readers);
          return { ...base, ok: false, detail: `${app}: kein Kartenleser mit eigenem PIN-Pad (${describeReaders(readers)}); ein Leser ohne PIN-Pad würde die PIN über den PC leiten. Komfortleser anschließen.`, detailEn: `${app}: ${error.message}` };
        }
        const reader = padReaders.find((candidate) => candidate.card) ?? padReaders[0]!;
        return { ...base, ok: true, detail: `${app}: Leser „${reader.name}“ mit PIN-Pad, ${cardText(reader)}.`, detailEn: `${app}: reader "${reader.name}" with PIN pad, ${cardTextEn(reader)}.` };
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        return { ...base, ok: false, detail: `AusweisApp nicht bereit: ${message}`, detailEn: `AusweisApp not ready: ${message}` };
      } finally {
        await close(session);
      }
    },
  };
}

function wrongPin(retryCounter: number): Pending {
  const left = retryCounter === 1
    ? 'noch 1 Versuch, vor dem die Zugangsnummer (CAN) verlangt wird'
    : `noch ${retryCounter} Versuche`;
  return { errorCode: 'WRONG_PIN', retryCounter, message: `Die bisherige PIN war falsch (${left}); abgebrochen, die PIN ist unverändert. Erst auf Wunsch des Inhabers neu beginnen.` };
}

function noPinPad(readers: SdkReader[]): AppError {
  return new AppError('PIN_PAD_REQUIRED',
    `No card reader with its own PIN pad is attached (${describeReadersEn(readers)}). A reader without a keypad would send the PIN through the PC, and nobody but the holder may learn the PIN; attach a comfort reader with a keypad.`, 409);
}

function describeReaders(readers: SdkReader[]): string {
  const attached = readers.filter((reader) => reader.attached);
  if (attached.length === 0) return 'gar kein Leser angeschlossen';
  return `angeschlossen: ${attached.map((reader) => `„${reader.name}“ ohne PIN-Pad`).join(', ')}`;
}

function describeReadersEn(readers: SdkReader[]): string {
  const attached = readers.filter((reader) => reader.attached);
  if (attached.length === 0) return 'no reader at all';
  return `attached: ${attached.map((reader) => `"${reader.name}" without keypad`).join(', ')}`;
}

function cardText(reader: SdkReader): string {
  if (!reader.card) return 'kein Ausweis aufgelegt';
  const card = eidCardOf(reader);
  if (!card) return 'eine unbekannte Karte liegt auf';
  if (card.deactivated) return 'Ausweis aufgelegt, Online-Ausweisfunktion ausgeschaltet';
  return `Ausweis aufgelegt (${card.retryCounter} PIN-Versuche)`;
}

function cardTextEn(reader: SdkReader): string {
  if (!reader.card) return 'no ID card on it';
  const card = eidCardOf(reader);
  if (!card) return 'an unknown card on it';
  if (card.deactivated) return 'ID card on it, online ID function switched off';
  return `ID card on it (${card.retryCounter} PIN attempts)`;
}
