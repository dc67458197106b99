import net from 'node:net';
import { AppError } from '../../platform/errors.ts';
import type { DeviceHealth, PaymentRequest, PaymentResult, PaymentStatus, PaymentTerminal } from '../types.ts';
import { type Apdu, ack } from './codec.ts';
import { LinkClosedError, LinkTimeoutError, ZvtLink } from './link.ts';
import {
  EUR, type StatusInformation, authorisation, decodeTerminalMessage, defaultConfigByte, ecrAbort, registration, terminalStatusBits,
} from './messages.ts';
import { cardTypeName, intermediateStatusText, resultCodeText } from './texts.ts';

/**
 * The ECR side of ZVT over TCP (PA00P015/PA00P016): the kit notebook is the cash register, the
 * card terminal is the PT. One TCP connection per payment: Registration 06 00 (password, config
 * byte, EUR), then Authorisation 06 01 with the amount; the terminal then leads the dialogue and
 * the ECR acknowledges every message (80 00 00) until Completion 06 0F or Abort 06 1E.
 *
 * The rule that matters for money: once the terminal may have started charging (the payment
 * command is out), a broken or silent connection is reported as outcome `unknown` — the officer
 * checks the terminal's last receipt — and never as declined. Before that point, errors are
 * AppErrors: nothing can have been charged.
 */
export interface ZvtTerminalOptions {
  host: string;
  port: number;
  /** The terminal's ECR password, six digits ('000000' when not set on the terminal). */
  password?: string;
  configByte?: number;
  currency?: number;
  /** Registers on every connection before paying (so the config byte is in force); on by default. */
  registerBeforePayment?: boolean;
  /** TCP connect timeout. */
  connectTimeoutMs?: number;
  /** T3: how long the terminal may take to acknowledge a command (PA00P016: 5 s). */
  ackTimeoutMs?: number;
  /** Longest silence of the terminal inside a dialogue (card insertion, PIN entry, host answer) before the result counts as unknown. */
  dialogueTimeoutMs?: number;
  now?: () => Date;
}

type Link = ZvtLink;

interface Running {
  /** Null while connecting. */
  link: Link | null;
  /** The payment command is out: from here an abort must go to the terminal. */
  authorising: boolean;
  abortRequested: boolean;
}

export function createZvtTerminal(options: ZvtTerminalOptions): PaymentTerminal & { readonly address: string } {
  const password = options.password ?? '000000';
  if (!/^\d{6}$/.test(password)) throw new AppError('PAYMENT_TERMINAL_CONFIG', 'Das ZVT-Passwort des Kartenterminals hat sechs Ziffern (password=000000).');
  const now = options.now ?? (() => new Date());
  const address = `${options.host}:${options.port}`;
  const ackTimeoutMs = options.ackTimeoutMs ?? 5_000;
  const dialogueTimeoutMs = options.dialogueTimeoutMs ?? 180_000;
  let running: Running | null = null;

  function connect(): Promise<Link> {
    const timeoutMs = options.connectTimeoutMs ?? 5_000;
    return new Promise((resolve, reject) => {
      const socket = net.connect({ host: options.host, port: options.port });
      socket.setNoDelay(true);
      const timer = setTimeout(() => {
        socket.destroy();
        reject(unreachable(`keine Antwort nach ${timeoutMs} ms`, `no answer after ${timeoutMs} ms`));
      }, timeoutMs);
      socket.once('connect', () => {
        clearTimeout(timer);
        socket.removeAllListeners('error');
        resolve(new ZvtLink(socket));
      });
      socket.once('error', (error: NodeJS.ErrnoException) => {
        clearTimeout(timer);
        reject(unreachable(error.code ?? error.message, error.code ?? error.message));
      });
    });
  }

  function unreachable(reasonDe: string, reasonEn: string): AppError {
    return new AppError(
      'PAYMENT_TERMINAL_UNREACHABLE',
      `Kartenterminal unter ${address} nicht erreichbar (${reasonDe}). Ist es eingeschaltet, im Kit-Netz und ist ECR über TCP (ZVT) am Terminal eingerichtet? Es wurde nichts abgebucht.`,
      503,
      { address, reasonEn: `Card terminal at ${address} not reachable (${reasonEn}). Nothing was charged.` },
    );
  }

  /** Registration up to its Completion: throws AppErrors (nothing charged), returns what the terminal reported. */
  async function register(link: Link): Promise<{ terminalId?: string; statusByte?: number }> {
    link.send(registration({ password, configByte: options.configByte ?? defaultConfigByte, currency: options.currency ?? EUR }));
    for (;;) {
      let apdu: Apdu;
      try {
        apdu = await link.next(ackTimeoutMs);
      } catch (error) {
        throw linkErrorBeforePayment(error, 'Anmeldung (Registrierung)');
      }
      const message = decodeTerminalMessage(apdu);
      if (message.kind === 'ack') continue;
      if (message.kind === 'nak') {
        throw new AppError('PAYMENT_TERMINAL_REFUSED',
          `Das Kartenterminal lehnt die Anmeldung ab (${resultCodeText(message.code).de}). Stimmt das ZVT-Passwort? Es wurde nichts abgebucht.`, 502,
          { address, code: message.code });
      }
      if (message.kind === 'abort') {
        throw new AppError('PAYMENT_TERMINAL_REFUSED',
          `Das Kartenterminal bricht die Anmeldung ab: ${resultCodeText(message.resultCode).de}. Es wurde nichts abgebucht.`, 502,
          { address, code: message.resultCode });
      }
      link.send(ack());
      if (message.kind === 'completion') {
        const answer: { terminalId?: string; statusByte?: number } = {};
        if (message.terminalId !== undefined) answer.terminalId = message.terminalId;
        if (message.statusByte !== undefined) answer.statusByte = message.statusByte;
        return answer;
      }
    }
  }

  function linkErrorBeforePayment(error: unknown, step: string): AppError {
    if (error instanceof LinkTimeoutError) {
      return new AppError('PAYMENT_TERMINAL_TIMEOUT', `Das Kartenterminal antwortet nicht auf die ${step} (${error.waitedMs} ms). Es wurde nichts abgebucht.`, 504, { address });
    }
    if (error instanceof LinkClosedError) {
      return new AppError('PAYMENT_TERMINAL_DISCONNECTED', `Das Kartenterminal hat die Verbindung bei der ${step} getrennt. Es wurde nichts abgebucht.`, 502, { address });
    }
    return error instanceof AppError ? error : new AppError('PAYMENT_TERMINAL_ERROR', `Fehler bei der ${step}: ${String(error)}`, 502, { address });
  }

  async function pay(request: PaymentRequest): Promise<PaymentResult> {
    if (!Number.isSafeInteger(request.amountCents) || request.amountCents <= 0) {
      throw new AppError('PAYMENT_AMOUNT_INVALID', `Der Betrag muss ein positiver Betrag in Cent sein, nicht ${request.amountCents}.`);
    }
    if (running) throw new AppError('PAYMENT_TERMINAL_BUSY', 'Am Kartenterminal läuft schon eine Zahlung. Bitte deren Ende abwarten oder sie abbrechen.', 409);
    const startedAt = now().toISOString();
    const state: Running = { link: null, authorising: false, abortRequested: false };
    running = state;
    try {
      const link = await connect();
      state.link = link;
      try {
        if (options.registerBeforePayment ?? true) await register(link);
        if (state.abortRequested) {
          // Aborted before the terminal saw an amount: nothing to ask the terminal.
          return {
            outcome: 'aborted', abortedBy: 'officer', amountCents: request.amountCents, reference: request.reference,
            message: 'Zahlung abgebrochen, bevor das Terminal den Betrag erhielt. Es wurde nichts abgebucht.',
            messageEn: 'Payment aborted before the terminal received the amount. Nothing was charged.',
            receiptLines: [], statuses: [], startedAt, completedAt: now().toISOString(),
          };
        }
        link.send(authorisation({ amountCents: request.amountCents, currency: options.currency ?? EUR }));
        state.authorising = true;
        return await dialogue(link, state, request, startedAt);
      } finally {
        link.close();
      }
    } finally {
      running = null;
    }
  }

  async function dialogue(link: Link, state: Running, request: PaymentRequest, startedAt: string): Promise<PaymentResult> {
    const receiptLines: string[] = [];
    const statuses: PaymentStatus[] = [];
    let info: StatusInformation | null = null;
    let accepted = false;
    let waitMs = ackTimeoutMs;

    const result = (outcome: PaymentResult['outcome'], message: { de: string; en: string }, extra: Partial<PaymentResult> = {}): PaymentResult => ({
      ...fromStatusInformation(info, now()),
      outcome, amountCents: request.amountCents, reference: request.reference, message: message.de, messageEn: message.en,
      receiptLines, statuses, startedAt, completedAt: now().toISOString(), ...extra,
    });

    for (;;) {
      let apdu: Apdu;
      try {
        apdu = await link.next(waitMs);
      } catch (error) {
        if (!(error instanceof LinkClosedError || error instanceof LinkTimeoutError)) throw error;
        const what = error instanceof LinkClosedError
          ? { de: 'Verbindung zum Kartenterminal während der Zahlung verloren', en: 'Connection to the card terminal lost during the payment' }
          : { de: `Kartenterminal antwortet seit ${Math.round(error.waitedMs / 1000)} s nicht mehr`, en: `Card terminal silent for ${Math.round(error.waitedMs / 1000)} s` };
        return result('unknown', {
          de: `${what.de}. Ergebnis unbekannt – bitte den letzten Beleg am Terminal prüfen, bevor erneut kassiert wird.`,
          en: `${what.en}. Result unknown – check the terminal's last receipt before charging again.`,
        });
      }
      const message = decodeTerminalMessage(apdu);
      if (message.kind === 'ack') {
        // The terminal took the payment command (or our abort): from here it leads the dialogue.
        accepted = true;
        waitMs = dialogueTimeoutMs;
        continue;
      }
      if (message.kind === 'nak') {
        if (!accepted) {
          throw new AppError('PAYMENT_TERMINAL_REFUSED',
            `Das Kartenterminal nimmt die Zahlung nicht an (${resultCodeText(message.code).de}). Es wurde nichts abgebucht.`, 502, { address, code: message.code });
        }
        continue; // a refused abort: the payment goes on
      }
      accepted = true;
      send(link, ack());
      waitMs = dialogueTimeoutMs;
      switch (message.kind) {
        case 'intermediate-status': {
          const text = intermediateStatusText(message.status);
          const status: PaymentStatus = { code: message.status, text: text.de, textEn: text.en, at: now().toISOString() };
          statuses.push(status);
          request.onStatus?.(status);
          if (message.timeoutSeconds) waitMs = Math.max(dialogueTimeoutMs, message.timeoutSeconds * 1000);
          break;
        }
        case 'status-information':
          info = { ...(info ?? {}), ...message.info };
          break;
        case 'print-line':
          if (message.lineFeeds > 0) receiptLines.push(...Array.from({ length: message.lineFeeds }, () => ''));
          else receiptLines.push(message.text);
          break;
        case 'print-text-block':
          receiptLines.push(...message.lines);
          break;
        case 'completion': {
          if (info === null) {
            return result('unknown', {
              de: 'Das Kartenterminal meldet den Abschluss ohne Zahlungsdaten. Ergebnis unklar – bitte den letzten Beleg am Terminal prüfen.',
              en: 'The card terminal reported completion without transaction data. Check the terminal\'s last receipt.',
            });
          }
          const code = info.resultCode ?? 0;
          if (code === 0) return result('approved', resultCodeText(0));
          return result('declined', resultCodeText(code), { resultCode: code });
        }
        case 'abort': {
          const code = message.resultCode;
          if (code === 0x6c) {
            const abortedBy = state.abortRequested ? 'officer' : 'terminal';
            return result('aborted', abortedBy === 'officer'
              ? { de: 'Zahlung abgebrochen (am Kit abgebrochen). Es wurde nichts abgebucht.', en: 'Payment aborted from the kit. Nothing was charged.' }
              : { de: 'Zahlung am Terminal abgebrochen (Abbruch-Taste oder Zeit abgelaufen). Es wurde nichts abgebucht.', en: 'Payment aborted at the terminal (abort key or timeout). Nothing was charged.' },
            { resultCode: code, abortedBy });
          }
          const text = resultCodeText(code);
          return result('declined', { de: `Zahlung abgelehnt: ${text.de}. Es wurde nichts abgebucht.`, en: `Payment declined: ${text.en}. Nothing was charged.` }, { resultCode: code });
        }
        case 'other':
          break; // acknowledged; display texts and the like are not needed here
      }
    }
  }

  function send(link: Link, apdu: Apdu): void {
    try {
      link.send(apdu);
    } catch {
      // The link is gone; the next read reports it.
    }
  }

  async function abort(): Promise<void> {
    const state = running;
    if (!state) return;
    state.abortRequested = true;
    if (state.authorising && state.link && !state.link.closed) send(state.link, ecrAbort());
  }

  async function health(): Promise<DeviceHealth> {
    const checkedAt = now().toISOString();
    const base = { device: 'payment', driver: 'zvt', checkedAt };
    if (running) return { ...base, ok: true, detail: `Kartenterminal ${address}: Zahlung läuft gerade.`, detailEn: `Card terminal ${address}: a payment is running.` };
    let link: Link | null = null;
    try {
      link = await connect();
      const answer = await register(link);
      const tid = answer.terminalId ? ` (TID ${answer.terminalId})` : '';
      const status = answer.statusByte ?? 0;
      if (status & terminalStatusBits.initialisationNecessary) {
        return { ...base, ok: false, detail: `Kartenterminal ${address}${tid} verlangt eine Initialisierung (Netzbetreiber/Händlermenü).`, detailEn: `Card terminal ${address}${tid} needs initialisation.` };
      }
      if (status & terminalStatusBits.diagnosisNecessary) {
        return { ...base, ok: false, detail: `Kartenterminal ${address}${tid} verlangt eine Diagnose (Händlermenü).`, detailEn: `Card terminal ${address}${tid} needs a diagnosis.` };
      }
      return { ...base, ok: true, detail: `Kartenterminal ${address}${tid} bereit (ZVT-Anmeldung angenommen).`, detailEn: `Card terminal ${address}${tid} ready (ZVT registration accepted).` };
    } catch (error) {
      const detail = error instanceof AppError ? error.message : `Kartenterminal ${address}: ${String(error)}`;
      return { ...base, ok: false, detail, detailEn: `Card terminal ${address} not ready.` };
    } finally {
      link?.close();
    }
  }

  return { address, pay, abort, health };
}

/** What a PaymentResult takes from the Status-Information: ids, brand, masked PAN, terminal time. */
function fromStatusInformation(info: StatusInformation | null, clock: Date): Partial<PaymentResult> {
  if (!info) return {};
  const out: Partial<PaymentResult> = {};
  if (info.receiptNumber) out.receiptNumber = info.receiptNumber;
  if (info.traceNumber) out.traceNumber = info.traceNumber;
  if (info.terminalId) out.terminalId = info.terminalId;
  if (info.aid) out.authorisationCode = info.aid;
  const brand = info.cardName || (info.cardType !== undefined ? cardTypeName(info.cardType) : undefined);
  if (brand) out.cardBrand = brand;
  if (info.maskedPan) out.maskedPan = info.maskedPan;
  const time = terminalTime(info.date, info.time, clock);
  if (time) out.terminalTime = time;
  return out;
}

/** MMDD + HHMMSS without a year: the year of the local clock, or the one before when that would lie ahead (a payment at New Year). */
export function terminalTime(date: string | undefined, time: string | undefined, clock: Date): string | undefined {
  if (!date || !time || date.length !== 4 || time.length !== 6) return undefined;
  let year = clock.getFullYear();
  const stamp = (y: number) => `${y}-${date.slice(0, 2)}-${date.slice(2)}T${time.slice(0, 2)}:${time.slice(2, 4)}:${time.slice(4)}`;
  if (new Date(stamp(year)).getTime() - clock.getTime() > 2 * 86_400_000) year -= 1;
  return stamp(year);
}
