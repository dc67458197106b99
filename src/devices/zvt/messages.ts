/**
 * The ZVT messages of a card payment, both directions, as plain data: what the cash register (ECR)
 * sends (Registration 06 00, Authorisation 06 01, Abort 06 B0) and what the payment terminal (PT)
 * answers (Intermediate Status 04 FF, Status-Information 04 0F, Print Line 06 D1, Print Text-Block
 * 06 D3, Completion 06 0F, Abort 06 1E). Pure, on top of codec.ts.
 *
 * Card data: the only card datum decoded is the PAN of BMP 22, and it leaves this module masked
 * (terminals mask with 'E' nibbles; an unmasked PAN is masked here down to its last four digits).
 * Expiry date and track data are skipped, never decoded.
 */
import {
  type Apdu, type Bmp, type Tlv, ZvtCodecError, decodeAmount, decodeBcd, decodeBmps, decodeTlvs, encodeAmount, encodeBcd, encodeBmps, encodeTlvs,
  findTlv,
} from './codec.ts';
import { decodeCp437, encodeCp437 } from './texts.ts';

export const EUR = 978;

/** Config byte of Registration (PA00P015 2.1). */
export const configBits = {
  /** ECR assumes receipt-printout for payment functions. */
  ecrPrintsPaymentReceipts: 0x02,
  /** ECR assumes receipt-printout for administration functions. */
  ecrPrintsAdminReceipts: 0x04,
  /** ECR requires intermediate status-information. */
  intermediateStatus: 0x08,
  /** ECR controls payment function: no amount input on the PT. */
  ecrControlsPayment: 0x10,
  /** ECR controls administration function: no administration started on the PT. */
  ecrControlsAdmin: 0x20,
  /** ECR print-type: receipts come as Print Line commands (06 D1); unset, the ECR compiles them from the status data. */
  printLines: 0x80,
} as const;

/** What Bürgerkoffer registers with: it prints and controls everything, and wants the statuses for the officer. */
export const defaultConfigByte =
  configBits.ecrPrintsPaymentReceipts | configBits.ecrPrintsAdminReceipts | configBits.intermediateStatus |
  configBits.ecrControlsPayment | configBits.ecrControlsAdmin | configBits.printLines;

// ---- ECR → PT -----------------------------------------------------------------------------------

export function passwordBytes(password: string): Uint8Array {
  if (!/^\d{6}$/.test(password)) throw new ZvtCodecError('The ZVT password has six digits.');
  return encodeBcd(password, 3);
}

export function registration(input: { password: string; configByte?: number; currency?: number; serviceByte?: number }): Apdu {
  const bytes = [...passwordBytes(input.password), input.configByte ?? defaultConfigByte, ...encodeBcd(input.currency ?? EUR, 2)];
  if (input.serviceByte !== undefined) bytes.push(0x03, input.serviceByte);
  return { cls: 0x06, instr: 0x00, data: Uint8Array.from(bytes) };
}

export function authorisation(input: { amountCents: number; currency?: number }): Apdu {
  return {
    cls: 0x06, instr: 0x01,
    data: encodeBmps([{ id: 0x04, value: encodeAmount(input.amountCents) }, { id: 0x49, value: encodeBcd(input.currency ?? EUR, 2) }]),
  };
}

export const ecrAbort = (): Apdu => ({ cls: 0x06, instr: 0xb0, data: new Uint8Array(0) });

export type EcrCommand =
  | { kind: 'ack' }
  | { kind: 'nak'; code: number }
  | { kind: 'registration'; password: string; configByte: number; currency?: number; serviceByte?: number }
  | { kind: 'authorisation'; amountCents?: number; currency?: number }
  | { kind: 'abort' }
  | { kind: 'other'; cls: number; instr: number };

/** What the terminal side reads from the ECR. */
export function decodeEcrCommand(apdu: Apdu): EcrCommand {
  if (apdu.cls === 0x80 && apdu.instr === 0x00) return { kind: 'ack' };
  if (apdu.cls === 0x84) return { kind: 'nak', code: apdu.instr };
  if (apdu.cls === 0x06 && apdu.instr === 0x00) {
    if (apdu.data.length < 4) throw new ZvtCodecError('Registration needs password and config byte.');
    const command: EcrCommand = { kind: 'registration', password: decodeBcd(apdu.data.slice(0, 3)), configByte: apdu.data[3] as number };
    let rest = apdu.data.slice(4);
    // The currency code is untagged; it is there when two bytes follow that are not BMP 03/06.
    if (rest.length >= 2 && rest[0] !== 0x03 && rest[0] !== 0x06) {
      command.currency = Number(decodeBcd(rest.slice(0, 2)));
      rest = rest.slice(2);
    }
    const service = decodeBmps(rest).bmps.find((bmp) => bmp.id === 0x03);
    if (service) command.serviceByte = service.value[0] as number;
    return command;
  }
  if (apdu.cls === 0x06 && apdu.instr === 0x01) {
    const { bmps } = decodeBmps(apdu.data);
    const command: EcrCommand = { kind: 'authorisation' };
    for (const bmp of bmps) {
      if (bmp.id === 0x04) command.amountCents = decodeAmount(bmp.value);
      if (bmp.id === 0x49) command.currency = Number(decodeBcd(bmp.value));
    }
    return command;
  }
  if (apdu.cls === 0x06 && apdu.instr === 0xb0) return { kind: 'abort' };
  return { kind: 'other', cls: apdu.cls, instr: apdu.instr };
}

// ---- PT → ECR -----------------------------------------------------------------------------------

/** The transaction data of Status-Information (04 0F) that Bürgerkoffer keeps. */
export interface StatusInformation {
  resultCode?: number;
  amountCents?: number;
  /** BMP 0B, six digits. */
  traceNumber?: string;
  /** BMP 0C, HHMMSS. */
  time?: string;
  /** BMP 0D, MMDD. */
  date?: string;
  /** BMP 22, masked ('*' for every hidden digit). */
  maskedPan?: string;
  /** BMP 29, eight digits. */
  terminalId?: string;
  /** BMP 2A, the merchant number at the acquirer. */
  vuNumber?: string;
  /** BMP 3B, the authorisation attribute (approval code). */
  aid?: string;
  currency?: number;
  /** BMP 87, four digits. */
  receiptNumber?: string;
  /** BMP 88, six digits. */
  turnoverNumber?: string;
  /** BMP 8A: ZVT card type. */
  cardType?: number;
  /** BMP 8B. */
  cardName?: string;
  /** BMP 3C. */
  additionalText?: string;
}

function ascii(bytes: Uint8Array): string {
  return decodeCp437(bytes).replace(/\0+$/, '').trim();
}

function asciiFixed(text: string, length: number): Uint8Array {
  const out = new Uint8Array(length);
  out.set(encodeCp437(text).slice(0, length));
  return out;
}

/** BMP 22 nibbles: digits, 'E' for a masked digit, 'F' as padding of an odd count. */
export function decodePan(bytes: Uint8Array): string {
  let pan = '';
  for (const byte of bytes) {
    for (const nibble of [byte >> 4, byte & 0x0f]) {
      if (nibble <= 9) pan += String(nibble);
      else if (nibble === 0x0e) pan += '*';
      else if (nibble === 0x0f) continue;
      else throw new ZvtCodecError(`PAN nibble ${nibble.toString(16)} is neither digit, E nor F.`);
    }
  }
  return maskPan(pan);
}

/** Keeps what the terminal masked masked, and masks an unmasked PAN down to its last four digits. */
export function maskPan(pan: string): string {
  if (pan.includes('*')) return pan;
  return pan.length <= 4 ? '*'.repeat(pan.length) : '*'.repeat(pan.length - 4) + pan.slice(-4);
}

export function encodePan(maskedPan: string): Uint8Array {
  if (!/^[\d*]+$/.test(maskedPan)) throw new ZvtCodecError('A PAN has digits and * only.');
  const nibbles = [...maskedPan].map((char) => (char === '*' ? 0x0e : Number(char)));
  if (nibbles.length % 2 === 1) nibbles.push(0x0f);
  const out = new Uint8Array(nibbles.length / 2);
  for (let i = 0; i < out.length; i += 1) out[i] = ((nibbles[2 * i] as number) << 4) | (nibbles[2 * i + 1] as number);
  return out;
}

export function decodeStatusInformation(data: Uint8Array): { info: StatusInformation; tlv: Tlv[]; unparsed: Uint8Array | null } {
  const { bmps, unparsed } = decodeBmps(data);
  const info: StatusInformation = {};
  let tlv: Tlv[] = [];
  for (const { id, value } of bmps) {
    switch (id) {
      case 0x27: info.resultCode = value[0] as number; break;
      case 0x04: info.amountCents = decodeAmount(value); break;
      case 0x0b: info.traceNumber = decodeBcd(value); break;
      case 0x0c: info.time = decodeBcd(value); break;
      case 0x0d: info.date = decodeBcd(value); break;
      case 0x22: info.maskedPan = decodePan(value); break;
      case 0x29: info.terminalId = decodeBcd(value); break;
      case 0x2a: info.vuNumber = ascii(value); break;
      case 0x3b: info.aid = ascii(value); break;
      case 0x3c: info.additionalText = ascii(value); break;
      case 0x49: info.currency = Number(decodeBcd(value)); break;
      case 0x87: info.receiptNumber = decodeBcd(value); break;
      case 0x88: info.turnoverNumber = decodeBcd(value); break;
      case 0x8a: info.cardType = value[0] as number; break;
      case 0x8b: info.cardName = ascii(value); break;
      case 0x06: tlv = decodeTlvs(value); break;
      default: break; // expiry (0E), track data (23, 24, 2D) and the rest: not kept
    }
  }
  return { info, tlv, unparsed };
}

export function statusInformation(info: StatusInformation): Apdu {
  const bmps: Bmp[] = [];
  if (info.resultCode !== undefined) bmps.push({ id: 0x27, value: Uint8Array.of(info.resultCode) });
  if (info.amountCents !== undefined) bmps.push({ id: 0x04, value: encodeAmount(info.amountCents) });
  if (info.traceNumber !== undefined) bmps.push({ id: 0x0b, value: encodeBcd(info.traceNumber, 3) });
  if (info.time !== undefined) bmps.push({ id: 0x0c, value: encodeBcd(info.time, 3) });
  if (info.date !== undefined) bmps.push({ id: 0x0d, value: encodeBcd(info.date, 2) });
  if (info.maskedPan !== undefined) bmps.push({ id: 0x22, value: encodePan(info.maskedPan) });
  if (info.terminalId !== undefined) bmps.push({ id: 0x29, value: encodeBcd(info.terminalId, 4) });
  if (info.vuNumber !== undefined) bmps.push({ id: 0x2a, value: asciiFixed(info.vuNumber.padEnd(15, ' '), 15) });
  if (info.aid !== undefined) bmps.push({ id: 0x3b, value: asciiFixed(info.aid, 8) });
  if (info.currency !== undefined) bmps.push({ id: 0x49, value: encodeBcd(info.currency, 2) });
  if (info.receiptNumber !== undefined) bmps.push({ id: 0x87, value: encodeBcd(info.receiptNumber, 2) });
  if (info.turnoverNumber !== undefined) bmps.push({ id: 0x88, value: encodeBcd(info.turnoverNumber, 3) });
  if (info.cardType !== undefined) bmps.push({ id: 0x8a, value: Uint8Array.of(info.cardType) });
  if (info.cardName !== undefined) bmps.push({ id: 0x8b, value: encodeCp437(info.cardName) });
  if (info.additionalText !== undefined) bmps.push({ id: 0x3c, value: encodeCp437(info.additionalText) });
  return { cls: 0x04, instr: 0x0f, data: encodeBmps(bmps) };
}

export function intermediateStatus(status: number, timeoutSeconds?: number): Apdu {
  const bytes = [status];
  if (timeoutSeconds !== undefined) bytes.push(...encodeBcd(timeoutSeconds, 1));
  return { cls: 0x04, instr: 0xff, data: Uint8Array.from(bytes) };
}

/** Print Line attribute (PA00P015 3.5): 1xxx xxxx other than 80 = last line, FF = line feeds, 01xx centred, 0x1x double width, 0xx1 double height. */
export function printLine(text: string, options: { last?: boolean; attribute?: number } = {}): Apdu {
  const attribute = (options.attribute ?? 0x00) | (options.last ? 0x80 : 0x00);
  const attr = attribute === 0x80 ? 0x81 : attribute;
  return { cls: 0x06, instr: 0xd1, data: Uint8Array.from([attr, ...encodeCp437(text)]) };
}

/** Receipt types of Print Text-Block, TLV 1F07. */
export const receiptTypes = { merchant: 1, customer: 2, administration: 3 } as const;

export function printTextBlock(lines: readonly string[], options: { receiptType?: number; end?: boolean } = {}): Apdu {
  const texts: Tlv[] = lines.map((line) => ({ tag: 0x07, value: encodeCp437(line) }));
  if (options.end ?? true) texts.push({ tag: 0x09, value: Uint8Array.of(0xff) });
  const container: Tlv[] = [];
  if (options.receiptType !== undefined) container.push({ tag: 0x1f07, value: Uint8Array.of(options.receiptType) });
  container.push({ tag: 0x25, value: encodeTlvs(texts) });
  return { cls: 0x06, instr: 0xd3, data: encodeBmps([{ id: 0x06, value: encodeTlvs(container) }]) };
}

export function completion(input: { statusByte?: number; terminalId?: string; currency?: number } = {}): Apdu {
  const bmps: Bmp[] = [];
  if (input.statusByte !== undefined) bmps.push({ id: 0x19, value: Uint8Array.of(input.statusByte) });
  if (input.terminalId !== undefined) bmps.push({ id: 0x29, value: encodeBcd(input.terminalId, 4) });
  if (input.currency !== undefined) bmps.push({ id: 0x49, value: encodeBcd(input.currency, 2) });
  return { cls: 0x06, instr: 0x0f, data: encodeBmps(bmps) };
}

export const terminalAbort = (resultCode: number): Apdu => ({ cls: 0x06, instr: 0x1e, data: Uint8Array.of(resultCode) });

/** Status byte of the Completion after Registration: what the terminal needs before it can take payments. */
export const terminalStatusBits = { initialisationNecessary: 0x01, diagnosisNecessary: 0x02, optActionNecessary: 0x04 } as const;

export type TerminalMessage =
  | { kind: 'ack' }
  | { kind: 'nak'; code: number }
  | { kind: 'intermediate-status'; status: number; timeoutSeconds?: number }
  | { kind: 'status-information'; info: StatusInformation }
  | { kind: 'print-line'; text: string; last: boolean; lineFeeds: number }
  | { kind: 'print-text-block'; lines: string[]; receiptType?: number; end: boolean }
  | { kind: 'completion'; statusByte?: number; terminalId?: string; currency?: number }
  | { kind: 'abort'; resultCode: number }
  | { kind: 'other'; cls: number; instr: number };

/** After the status byte either a timeout byte or straight the TLV container (BMP 06) may follow. */
function startsTlvContainer(rest: Uint8Array): boolean {
  if (rest[0] !== 0x06 || rest.length < 2) return false;
  try {
    return decodeBmps(rest).bmps.length === 1;
  } catch {
    return false;
  }
}

function bcdOrBinary(byte: number): number {
  return (byte >> 4) <= 9 && (byte & 0x0f) <= 9 ? (byte >> 4) * 10 + (byte & 0x0f) : byte;
}

/** What the ECR side reads from the terminal. */
export function decodeTerminalMessage(apdu: Apdu): TerminalMessage {
  const { cls, instr, data } = apdu;
  if (cls === 0x80 && instr === 0x00) return { kind: 'ack' };
  if (cls === 0x84) return { kind: 'nak', code: instr };
  if (cls === 0x04 && instr === 0xff) {
    if (data.length < 1) throw new ZvtCodecError('Intermediate status without status byte.');
    const message: TerminalMessage = { kind: 'intermediate-status', status: data[0] as number };
    const timeout = data[1];
    if (timeout !== undefined && !startsTlvContainer(data.slice(1))) message.timeoutSeconds = bcdOrBinary(timeout);
    return message;
  }
  if (cls === 0x04 && instr === 0x0f) return { kind: 'status-information', info: decodeStatusInformation(data).info };
  if (cls === 0x06 && instr === 0xd1) {
    const attribute = data[0] ?? 0;
    if (attribute === 0xff) return { kind: 'print-line', text: '', last: false, lineFeeds: data[1] ?? 1 };
    return { kind: 'print-line', text: decodeCp437(data.slice(1)).replace(/\0+$/, ''), last: (attribute & 0x80) !== 0 && attribute !== 0x80, lineFeeds: 0 };
  }
  if (cls === 0x06 && instr === 0xd3) {
    const container = decodeBmps(data).bmps.find((bmp) => bmp.id === 0x06);
    const items = container ? decodeTlvs(container.value) : [];
    const texts = findTlv(items, 0x25);
    const inner = texts ? decodeTlvs(texts.value) : [];
    const type = findTlv(items, 0x1f07);
    const message: TerminalMessage = {
      kind: 'print-text-block',
      lines: inner.filter((item) => item.tag === 0x07).map((item) => decodeCp437(item.value).replace(/\0+$/, '')),
      end: inner.some((item) => item.tag === 0x09),
    };
    if (type) message.receiptType = type.value[0] as number;
    return message;
  }
  if (cls === 0x06 && instr === 0x0f) {
    const message: TerminalMessage = { kind: 'completion' };
    // Completion after Status Enquiry starts with the software version as LLL-variable; not used here.
    if (data.length > 0 && ((data[0] as number) & 0xf0) === 0xf0) return message;
    for (const { id, value } of decodeBmps(data).bmps) {
      if (id === 0x19) message.statusByte = value[0] as number;
      if (id === 0x29) message.terminalId = decodeBcd(value);
      if (id === 0x49) message.currency = Number(decodeBcd(value));
    }
    return message;
  }
  if (cls === 0x06 && instr === 0x1e) return { kind: 'abort', resultCode: data[0] ?? 0xff };
  return { kind: 'other', cls, instr };
}
