import net from 'node:net';
import { type Apdu, ack, nak } from './codec.ts';
import { LinkTimeoutError, ZvtLink } from './link.ts';
import {
  EUR, completion, configBits, decodeEcrCommand, intermediateStatus, printLine, printTextBlock, receiptTypes, statusInformation, terminalAbort,
} from './messages.ts';

/**
 * A ZVT payment terminal on loopback for development and tests: a real TCP server that speaks the
 * terminal (PT) side of PA00P015 — Registration, Authorisation with intermediate statuses,
 * Status-Information, receipt lines and Completion or Abort, waiting for the ECR's ACK after every
 * message like a real terminal. What happens to each payment is scripted: approve, decline,
 * customer abort, wait for a card (so the ECR can abort), drop the connection mid-dialogue, go
 * silent, refuse the command; `stepDelayMs` makes it slow.
 *
 * It charges nothing and knows no card data: the "card" is a brand and a masked PAN.
 */
export type ZvtScript =
  | { outcome: 'approve'; card?: SimulatedCard }
  | { outcome: 'decline'; resultCode?: number; card?: SimulatedCard }
  | { outcome: 'customer-abort' }
  | { outcome: 'wait-for-card' }
  | { outcome: 'drop'; at?: 'before-ack' | 'after-ack' | 'after-pin' | 'after-status-information' }
  | { outcome: 'silent' }
  | { outcome: 'refuse'; code?: number };

export interface SimulatedCard {
  /** ZVT card type (BMP 8A), e.g. 5 girocard, 6 Mastercard, 10 Visa. */
  cardType: number;
  cardName: string;
  /** As the terminal sends it: masked digits as '*'. */
  maskedPan: string;
}

export const girocard: SimulatedCard = { cardType: 5, cardName: 'girocard', maskedPan: '672559**********4711' };

export interface ZvtSimulatorOptions {
  host?: string;
  /** 0 (default): a free port. */
  port?: number;
  password?: string;
  terminalId?: string;
  /** One entry per payment, in order; once used up, `defaultScript`. */
  script?: ZvtScript[];
  defaultScript?: ZvtScript;
  /** Pause between the terminal's steps (card, PIN, host): a slow terminal. */
  stepDelayMs?: number;
  /** How long the terminal waits for the ECR's ACK (T3). */
  ackTimeoutMs?: number;
  /** 'wait-for-card' gives up after this long with 6C, like a real terminal's card timeout. */
  cardTimeoutMs?: number;
  /** Send receipts as Print Text-Block (06 D3) instead of Print Line (06 D1). */
  printTextBlocks?: boolean;
  /** Status byte of the registration's Completion (e.g. 0x01: initialisation necessary). */
  statusByte?: number;
  merchantName?: string;
  now?: () => Date;
  /** Keeps the process alive while the server listens (standalone use); tests and the in-process simulator leave it off. */
  keepProcessAlive?: boolean;
}

export interface SimulatedTransaction {
  amountCents: number;
  outcome: ZvtScript['outcome'];
  traceNumber: string;
  receiptNumber?: string;
  abortedByEcr: boolean;
}

export interface ZvtSimulator {
  readonly host: string;
  readonly port: number;
  /** zvt://host:port, for paymentTerminalFromUrl. */
  readonly url: string;
  /** Every APDU the ECR sent, in order (for byte-level assertions). */
  readonly received: readonly Apdu[];
  readonly transactions: readonly SimulatedTransaction[];
  /** Config byte of the last registration; null before the first. */
  readonly configByte: number | null;
  /** Adds script entries for the next payments. */
  enqueue(...entries: ZvtScript[]): void;
  close(): Promise<void>;
}

class Dropped extends Error {}

export async function startZvtSimulator(options: ZvtSimulatorOptions = {}): Promise<ZvtSimulator> {
  const host = options.host ?? '127.0.0.1';
  const password = options.password ?? '000000';
  const terminalId = options.terminalId ?? '29001234';
  const now = options.now ?? (() => new Date());
  const stepDelayMs = options.stepDelayMs ?? 0;
  const ackTimeoutMs = options.ackTimeoutMs ?? 5_000;
  const script = [...(options.script ?? [])];
  const received: Apdu[] = [];
  const transactions: SimulatedTransaction[] = [];
  const sockets = new Set<net.Socket>();
  let configByte: number | null = null;
  let trace = 0;
  let receipt = 0;

  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.setNoDelay(true);
    const link = new ZvtLink(socket);
    session(link).catch(() => link.drop());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  if (!options.keepProcessAlive) server.unref();
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('ZVT simulator: no TCP address');

  async function session(link: ZvtLink): Promise<void> {
    for (;;) {
      const apdu = await link.next();
      received.push(apdu);
      const command = decodeEcrCommand(apdu);
      switch (command.kind) {
        case 'registration': {
          if (command.password !== password) {
            link.send(nak(0x83));
            break;
          }
          configByte = command.configByte;
          link.send(ack());
          await sendAndAwaitAck(link, completion({ statusByte: options.statusByte ?? 0x00, terminalId, currency: EUR }), null);
          break;
        }
        case 'authorisation':
          await payment(link, command.amountCents ?? 0, command.currency ?? EUR);
          break;
        case 'abort':
          link.send(nak(0x83)); // nothing running
          break;
        case 'ack':
        case 'nak':
          break;
        case 'other':
          link.send(nak(0x83));
          break;
      }
    }
  }

  interface Dialogue {
    abortable: boolean;
    abortRequested: boolean;
  }

  /** Handles what the ECR sends while the terminal leads: only its abort matters. */
  function handleDuringDialogue(link: ZvtLink, apdu: Apdu, dialogue: Dialogue | null): 'ack' | 'other' {
    received.push(apdu);
    const command = decodeEcrCommand(apdu);
    if (command.kind === 'ack' || command.kind === 'nak') return 'ack';
    if (command.kind === 'abort' && dialogue?.abortable) {
      dialogue.abortRequested = true;
      link.send(ack());
    } else {
      link.send(nak(0x83));
    }
    return 'other';
  }

  async function sendAndAwaitAck(link: ZvtLink, apdu: Apdu, dialogue: Dialogue | null): Promise<void> {
    link.send(apdu);
    for (;;) {
      const answer = await link.next(ackTimeoutMs);
      if (handleDuringDialogue(link, answer, dialogue) === 'ack') return;
    }
  }

  /** Waits ms, answering the ECR meanwhile; returns early when the ECR asks to abort. */
  async function pause(link: ZvtLink, ms: number, dialogue: Dialogue): Promise<void> {
    const until = Date.now() + ms;
    while (!dialogue.abortRequested) {
      const left = until - Date.now();
      if (left <= 0) return;
      try {
        handleDuringDialogue(link, await link.next(left), dialogue);
      } catch (error) {
        if (error instanceof LinkTimeoutError) return;
        throw error;
      }
    }
  }

  async function payment(link: ZvtLink, amountCents: number, currency: number): Promise<void> {
    const step = script.shift() ?? options.defaultScript ?? { outcome: 'approve' };
    if (step.outcome === 'refuse') {
      link.send(nak(step.code ?? 0x83));
      return;
    }
    const config = configByte ?? 0;
    const withStatus = (config & configBits.intermediateStatus) !== 0;
    const withReceipt = (config & configBits.ecrPrintsPaymentReceipts) !== 0 && (options.printTextBlocks || (config & configBits.printLines) !== 0);
    const dialogue: Dialogue = { abortable: true, abortRequested: false };
    trace += 1;
    const transaction: SimulatedTransaction = { amountCents, outcome: step.outcome, traceNumber: String(trace).padStart(6, '0'), abortedByEcr: false };
    transactions.push(transaction);

    const send = (apdu: Apdu) => sendAndAwaitAck(link, apdu, dialogue);
    const status = async (code: number) => {
      if (withStatus) await send(intermediateStatus(code));
    };
    const drop = () => {
      link.drop();
      throw new Dropped();
    };
    const abortedByEcr = async () => {
      if (!dialogue.abortRequested) return false;
      transaction.abortedByEcr = true;
      await send(terminalAbort(0x6c));
      return true;
    };

    if (step.outcome === 'drop' && step.at === 'before-ack') drop();
    link.send(ack());
    if (step.outcome === 'silent') {
      await pause(link, 24 * 3600_000, { abortable: false, abortRequested: false });
      return;
    }
    if (step.outcome === 'drop' && (step.at ?? 'after-ack') === 'after-ack') drop();
    await status(0x0a); // insert card
    if (step.outcome === 'wait-for-card') {
      await pause(link, options.cardTimeoutMs ?? 60_000, dialogue);
      if (await abortedByEcr()) return;
      await send(terminalAbort(0x6c));
      return;
    }
    await pause(link, stepDelayMs, dialogue);
    if (await abortedByEcr()) return;
    if (step.outcome === 'customer-abort') {
      await status(0x0d); // aborted
      await send(terminalAbort(0x6c));
      return;
    }
    await status(0x01); // watch the PIN pad
    await pause(link, stepDelayMs, dialogue);
    if (await abortedByEcr()) return;
    if (step.outcome === 'drop' && step.at === 'after-pin') drop();
    dialogue.abortable = false; // online with the host: too late to abort
    await status(0x04);
    await pause(link, stepDelayMs, dialogue);

    const card = ('card' in step ? step.card : undefined) ?? girocard;
    const at = now();
    const pad = (n: number) => String(n).padStart(2, '0');
    const common = {
      amountCents, currency, traceNumber: transaction.traceNumber, terminalId,
      time: `${pad(at.getHours())}${pad(at.getMinutes())}${pad(at.getSeconds())}`, date: `${pad(at.getMonth() + 1)}${pad(at.getDate())}`,
      cardType: card.cardType, cardName: card.cardName, maskedPan: card.maskedPan,
    };
    const euro = `${Math.floor(amountCents / 100)},${pad(amountCents % 100)}`;
    const header = [
      options.merchantName ?? 'Bürgerkoffer Simulator',
      'Kartenzahlung',
      card.cardName,
      '',
      `Terminal-ID ${terminalId}`,
      `TA-Nr. ${transaction.traceNumber}`,
      `Datum ${pad(at.getDate())}.${pad(at.getMonth() + 1)}.${at.getFullYear()} ${pad(at.getHours())}:${pad(at.getMinutes())}`,
      `Karte ${card.maskedPan}`,
      `Betrag EUR ${euro}`,
      '',
    ];
    const printReceipt = async (lines: string[]) => {
      if (!withReceipt) return;
      if (options.printTextBlocks) {
        await send(printTextBlock(lines, { receiptType: receiptTypes.customer }));
        return;
      }
      for (const [index, line] of lines.entries()) await send(printLine(line, { last: index === lines.length - 1 }));
    };

    if (step.outcome === 'decline') {
      const code = step.resultCode ?? 0x05;
      await send(statusInformation({ resultCode: code, ...common }));
      await printReceipt([...header, 'Zahlung nicht erfolgt', `Abbruch ${code.toString(16).toUpperCase().padStart(2, '0')}`]);
      await send(terminalAbort(code));
      return;
    }

    receipt += 1;
    transaction.receiptNumber = String(receipt).padStart(4, '0');
    await send(statusInformation({ resultCode: 0x00, ...common, receiptNumber: transaction.receiptNumber, aid: '123456', vuNumber: '4711000001' }));
    if (step.outcome === 'drop' && step.at === 'after-status-information') drop();
    await status(0x0b); // remove card
    await printReceipt([...header, `Beleg-Nr. ${transaction.receiptNumber}`, 'Autorisierungs-Nr. 123456', '', 'Zahlung erfolgt', 'Bitte Beleg aufbewahren']);
    await send(completion());
  }

  return {
    host,
    port: address.port,
    url: `zvt://${host}:${address.port}`,
    received,
    transactions,
    get configByte() {
      return configByte;
    },
    enqueue(...entries) {
      script.push(...entries);
    },
    close() {
      for (const socket of sockets) socket.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * `node src/devices/zvt/simulator.ts [--port N] [--delay MS] [--password NNNNNN]`: a ZVT terminal
 * for running the kit without hardware; configure the printed `zvt://…` setting. Approves every
 * payment. Stops on Ctrl-C.
 */
if (import.meta.main) {
  const arg = (name: string): string | undefined => {
    const at = process.argv.indexOf(`--${name}`);
    return at >= 0 ? process.argv[at + 1] : undefined;
  };
  const port = Number(arg('port') ?? 20007);
  const stepDelayMs = Number(arg('delay') ?? 1500);
  const password = arg('password') ?? '000000';
  const simulator = await startZvtSimulator({ port, stepDelayMs, password, keepProcessAlive: true });
  process.stdout.write(`ZVT terminal simulator on ${simulator.url}: payment terminal setting ${simulator.url}?password=${password}\n`);
  const stop = () => {
    void simulator.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
