/**
 * The ZVT byte layer (PA00P015 "Commands, Bitmaps, Error-Messages", PA00P016 "Transport-Protocol"
 * for TCP/IP): APDUs, BCD numbers, LL/LLL-variables, TLV containers and bitmaps (BMPs). Pure: no
 * sockets, no clocks; the messages on top of it are in messages.ts.
 *
 * APDU = CLASS (CCRC) · INSTR (APRC) · length · data. Over TCP there is no DLE/STX framing and no
 * CRC. The length is one byte; 0xFF announces an extended length in the next two bytes, low byte
 * first. ACK is 80 00 00, NAK 84 xx 00 (xx: the reason as a result code).
 */

export class ZvtCodecError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ZvtCodecError';
  }
}

export interface Apdu {
  cls: number;
  instr: number;
  data: Uint8Array;
}

const MAX_DATA = 0xffff;

export function encodeApdu(apdu: Apdu): Uint8Array {
  const length = apdu.data.length;
  if (length > MAX_DATA) throw new ZvtCodecError(`APDU data of ${length} bytes exceeds ${MAX_DATA}.`);
  const header = length < 0xff ? [apdu.cls, apdu.instr, length] : [apdu.cls, apdu.instr, 0xff, length & 0xff, length >> 8];
  const out = new Uint8Array(header.length + length);
  out.set(header, 0);
  out.set(apdu.data, header.length);
  return out;
}

/** The first complete APDU in a receive buffer and its size in bytes, or null while bytes are missing. */
export function readApdu(buffer: Uint8Array): { apdu: Apdu; size: number } | null {
  if (buffer.length < 3) return null;
  const cls = buffer[0] as number;
  const instr = buffer[1] as number;
  let length = buffer[2] as number;
  let offset = 3;
  if (length === 0xff) {
    if (buffer.length < 5) return null;
    length = (buffer[3] as number) | ((buffer[4] as number) << 8);
    offset = 5;
  }
  if (buffer.length < offset + length) return null;
  return { apdu: { cls, instr, data: buffer.slice(offset, offset + length) }, size: offset + length };
}

export const ack = (): Apdu => ({ cls: 0x80, instr: 0x00, data: new Uint8Array(0) });
export const nak = (code: number): Apdu => ({ cls: 0x84, instr: code, data: new Uint8Array(0) });
export const isAck = (apdu: Apdu) => apdu.cls === 0x80 && apdu.instr === 0x00;
export const isNak = (apdu: Apdu) => apdu.cls === 0x84;

// ---- BCD ----------------------------------------------------------------------------------------

/** Packed BCD of a digit string, left-padded with zeros to `bytes` bytes. */
export function encodeBcd(digits: string | number, bytes: number): Uint8Array {
  const text = typeof digits === 'number' ? String(digits) : digits;
  if (!/^\d*$/.test(text)) throw new ZvtCodecError(`"${text}" is not a decimal number.`);
  if (text.length > bytes * 2) throw new ZvtCodecError(`${text} does not fit into ${bytes} BCD bytes.`);
  const padded = text.padStart(bytes * 2, '0');
  const out = new Uint8Array(bytes);
  for (let i = 0; i < bytes; i += 1) out[i] = (Number(padded[2 * i]) << 4) | Number(padded[2 * i + 1]);
  return out;
}

/** The digits of packed BCD, nibble by nibble; a nibble above 9 is an error. */
export function decodeBcd(bytes: Uint8Array): string {
  let text = '';
  for (const byte of bytes) {
    const high = byte >> 4;
    const low = byte & 0x0f;
    if (high > 9 || low > 9) throw new ZvtCodecError(`Byte ${byte.toString(16).padStart(2, '0')} is not BCD.`);
    text += `${high}${low}`;
  }
  return text;
}

/** Amount in cents, BMP 04: six bytes BCD (12 digits). */
export function encodeAmount(cents: number): Uint8Array {
  if (!Number.isSafeInteger(cents) || cents < 0 || cents > 999_999_999_999) {
    throw new ZvtCodecError(`Amount ${cents} is not a whole number of cents between 0 and 999999999999.`);
  }
  return encodeBcd(cents, 6);
}

export function decodeAmount(bytes: Uint8Array): number {
  return Number(decodeBcd(bytes));
}

// ---- LL-/LLL-variables ---------------------------------------------------------------------------

/** LLVAR/LLLVAR length prefix: each decimal digit of the byte count as F0+digit (FxFy, FxFyFz). */
export function encodeVarLength(length: number, digits: 2 | 3): Uint8Array {
  const max = digits === 2 ? 99 : 999;
  if (!Number.isInteger(length) || length < 0 || length > max) throw new ZvtCodecError(`Length ${length} does not fit a ${digits}-digit variable.`);
  const text = String(length).padStart(digits, '0');
  return Uint8Array.from([...text].map((digit) => 0xf0 | Number(digit)));
}

export function decodeVarLength(bytes: Uint8Array, offset: number, digits: 2 | 3): number {
  let length = 0;
  for (let i = 0; i < digits; i += 1) {
    const byte = bytes[offset + i];
    if (byte === undefined) throw new ZvtCodecError('Variable length cut short.');
    if ((byte & 0xf0) !== 0xf0 || (byte & 0x0f) > 9) throw new ZvtCodecError(`Byte ${byte.toString(16)} is not an LL-variable length digit.`);
    length = length * 10 + (byte & 0x0f);
  }
  return length;
}

// ---- TLV (BER-style, inside BMP 06 and in Print Text-Block) ------------------------------------

export interface Tlv {
  /** The tag bytes as one number, e.g. 0x1F07 for receipt type, 0x25 for print texts. */
  tag: number;
  value: Uint8Array;
}

/** Constructed tags (bit 6 of the first tag byte) contain TLVs themselves. */
export function isConstructed(tag: number): boolean {
  let first = tag;
  while (first > 0xff) first >>= 8;
  return (first & 0x20) !== 0;
}

function encodeTag(tag: number): number[] {
  const bytes: number[] = [];
  let rest = tag;
  do {
    bytes.unshift(rest & 0xff);
    rest = Math.floor(rest / 256);
  } while (rest > 0);
  return bytes;
}

export function encodeTlvLength(length: number): number[] {
  if (length < 0x80) return [length];
  if (length <= 0xff) return [0x81, length];
  if (length <= 0xffff) return [0x82, length >> 8, length & 0xff];
  throw new ZvtCodecError(`TLV length ${length} is too long.`);
}

export function encodeTlvs(items: readonly Tlv[]): Uint8Array {
  const bytes: number[] = [];
  for (const item of items) bytes.push(...encodeTag(item.tag), ...encodeTlvLength(item.value.length), ...item.value);
  return Uint8Array.from(bytes);
}

/** Reads one TLV length at offset: its value and how many bytes the length took. */
export function decodeTlvLength(bytes: Uint8Array, offset: number): { length: number; size: number } {
  const first = bytes[offset];
  if (first === undefined) throw new ZvtCodecError('TLV length missing.');
  if (first < 0x80) return { length: first, size: 1 };
  if (first === 0x81) {
    const value = bytes[offset + 1];
    if (value === undefined) throw new ZvtCodecError('TLV length cut short.');
    return { length: value, size: 2 };
  }
  if (first === 0x82) {
    const high = bytes[offset + 1];
    const low = bytes[offset + 2];
    if (high === undefined || low === undefined) throw new ZvtCodecError('TLV length cut short.');
    return { length: (high << 8) | low, size: 3 };
  }
  throw new ZvtCodecError(`TLV length form ${first.toString(16)} is not supported.`);
}

export function decodeTlvs(bytes: Uint8Array): Tlv[] {
  const items: Tlv[] = [];
  let offset = 0;
  while (offset < bytes.length) {
    let tag = bytes[offset] as number;
    offset += 1;
    // Multi-byte tag: low five bits all set, then bytes while bit 8 is set.
    if ((tag & 0x1f) === 0x1f) {
      let next: number | undefined;
      do {
        next = bytes[offset];
        if (next === undefined) throw new ZvtCodecError('TLV tag cut short.');
        tag = tag * 256 + next;
        offset += 1;
      } while ((next & 0x80) !== 0);
    }
    const { length, size } = decodeTlvLength(bytes, offset);
    offset += size;
    if (offset + length > bytes.length) throw new ZvtCodecError(`TLV ${tag.toString(16)} announces ${length} bytes, ${bytes.length - offset} are left.`);
    items.push({ tag, value: bytes.slice(offset, offset + length) });
    offset += length;
  }
  return items;
}

/** First TLV with the tag, searching constructed containers depth-first. */
export function findTlv(items: readonly Tlv[], tag: number): Tlv | undefined {
  for (const item of items) {
    if (item.tag === tag) return item;
    if (isConstructed(item.tag)) {
      const inner = findTlv(decodeTlvs(item.value), tag);
      if (inner) return inner;
    }
  }
  return undefined;
}

// ---- Bitmaps ----------------------------------------------------------------------------------

/** How long a BMP's value is: fixed bytes, an LL/LLL-variable, or a TLV container (BMP 06). */
export type BmpLength = number | 'LL' | 'LLL' | 'TLV';

/** The bitmaps of PA00P015 ch. 9 that a payment dialogue can carry, with their lengths. */
export const bmpLengths: ReadonlyMap<number, BmpLength> = new Map<number, BmpLength>([
  [0x01, 1], [0x02, 1], [0x03, 1], [0x04, 6], [0x05, 1], [0x06, 'TLV'],
  [0x0b, 3], [0x0c, 3], [0x0d, 2], [0x0e, 2], [0x17, 2], [0x19, 1],
  [0x22, 'LL'], [0x23, 'LL'], [0x24, 'LLL'], [0x27, 1], [0x29, 4], [0x2a, 15],
  [0x2d, 'LL'], [0x2e, 'LLL'], [0x37, 3], [0x3a, 2], [0x3b, 8], [0x3c, 'LLL'], [0x3d, 3],
  [0x49, 2], [0x60, 'LLL'], [0x87, 2], [0x88, 3], [0x8a, 1], [0x8b, 'LL'], [0x8c, 1],
  [0x92, 'LLL'], [0x9a, 'LLL'], [0xa0, 1], [0xa7, 'LL'], [0xaa, 3], [0xaf, 'LLL'], [0xba, 5],
  [0xd0, 1], [0xd1, 'LL'], [0xd2, 1], [0xd3, 1], [0xe0, 1],
  [0xe1, 'LL'], [0xe2, 'LL'], [0xe3, 'LL'], [0xe4, 'LL'], [0xe5, 'LL'], [0xe6, 'LL'], [0xe7, 'LL'], [0xe8, 'LL'],
  [0xe9, 1], [0xea, 1], [0xeb, 8], [0xf0, 1],
  [0xf1, 'LL'], [0xf2, 'LL'], [0xf3, 'LL'], [0xf4, 'LL'], [0xf5, 'LL'], [0xf6, 'LL'], [0xf7, 'LL'], [0xf8, 'LL'],
  [0xf9, 1], [0xfa, 1], [0xfb, 1], [0xfc, 1], [0xfd, 1],
]);

export interface Bmp {
  id: number;
  value: Uint8Array;
}

export function encodeBmps(items: readonly Bmp[]): Uint8Array {
  const bytes: number[] = [];
  for (const item of items) {
    const kind = bmpLengths.get(item.id);
    if (kind === undefined) throw new ZvtCodecError(`BMP ${item.id.toString(16)} is unknown.`);
    bytes.push(item.id);
    if (kind === 'LL') bytes.push(...encodeVarLength(item.value.length, 2));
    else if (kind === 'LLL') bytes.push(...encodeVarLength(item.value.length, 3));
    else if (kind === 'TLV') bytes.push(...encodeTlvLength(item.value.length));
    else if (item.value.length !== kind) throw new ZvtCodecError(`BMP ${item.id.toString(16)} takes ${kind} bytes, not ${item.value.length}.`);
    bytes.push(...item.value);
  }
  return Uint8Array.from(bytes);
}

/**
 * The BMPs of a message's data. An unknown BMP ends the parse (its length cannot be known): what
 * came before is returned, the rest as `unparsed`, so one vendor extension does not lose a receipt
 * number that came before it.
 */
export function decodeBmps(bytes: Uint8Array): { bmps: Bmp[]; unparsed: Uint8Array | null } {
  const bmps: Bmp[] = [];
  let offset = 0;
  while (offset < bytes.length) {
    const id = bytes[offset] as number;
    const kind = bmpLengths.get(id);
    if (kind === undefined) return { bmps, unparsed: bytes.slice(offset) };
    let start = offset + 1;
    let length: number;
    if (kind === 'LL' || kind === 'LLL') {
      const digits = kind === 'LL' ? 2 : 3;
      length = decodeVarLength(bytes, start, digits);
      start += digits;
    } else if (kind === 'TLV') {
      const tlvLength = decodeTlvLength(bytes, start);
      length = tlvLength.length;
      start += tlvLength.size;
    } else {
      length = kind;
    }
    if (start + length > bytes.length) throw new ZvtCodecError(`BMP ${id.toString(16)} announces ${length} bytes, ${bytes.length - start} are left.`);
    bmps.push({ id, value: bytes.slice(start, start + length) });
    offset = start + length;
  }
  return { bmps, unparsed: null };
}

export function toHex(bytes: Uint8Array): string {
  return [...bytes].map((byte) => byte.toString(16).toUpperCase().padStart(2, '0')).join(' ');
}

export function fromHex(text: string): Uint8Array {
  const clean = text.replace(/\s+/g, '');
  if (!/^([0-9a-fA-F]{2})*$/.test(clean)) throw new ZvtCodecError(`"${text}" is not hex.`);
  return Uint8Array.from(clean.match(/../g) ?? [], (pair) => parseInt(pair, 16));
}
