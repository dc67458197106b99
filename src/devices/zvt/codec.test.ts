import { describe, expect, it } from 'vitest';
import {
  type Apdu, ZvtCodecError, decodeBcd, decodeBmps, decodeTlvs, encodeAmount, encodeApdu, encodeTlvs, findTlv, fromHex, readApdu, toHex,
} from './codec.ts';
import {
  authorisation, completion, decodeEcrCommand, decodePan, decodeStatusInformation, decodeTerminalMessage, defaultConfigByte, ecrAbort, encodePan,
  intermediateStatus, printLine, printTextBlock, registration, statusInformation, terminalAbort,
} from './messages.ts';
import { cp437TableSize, decodeCp437, encodeCp437, intermediateStatusText, resultCodeText } from './texts.ts';

const bytes = (apdu: Apdu) => toHex(encodeApdu(apdu));
const parse = (hex: string): Apdu => {
  const read = readApdu(fromHex(hex));
  if (!read) throw new Error(`incomplete: ${hex}`);
  return read.apdu;
};

describe('APDU framing', () => {
  it.each([
    ['ACK', { cls: 0x80, instr: 0x00, data: new Uint8Array(0) }, '80 00 00'],
    ['NAK function not possible', { cls: 0x84, instr: 0x83, data: new Uint8Array(0) }, '84 83 00'],
    ['ECR abort', ecrAbort(), '06 B0 00'],
    ['254 data bytes: one length byte', { cls: 0x06, instr: 0xd3, data: new Uint8Array(254) }, `06 D3 FE ${Array(254).fill('00').join(' ')}`],
    ['255 data bytes: extended length FF, low byte first', { cls: 0x06, instr: 0xd3, data: new Uint8Array(255) }, `06 D3 FF FF 00 ${Array(255).fill('00').join(' ')}`],
    ['300 data bytes: FF 2C 01', { cls: 0x06, instr: 0xd3, data: new Uint8Array(300) }, `06 D3 FF 2C 01 ${Array(300).fill('00').join(' ')}`],
  ])('%s', (_name, apdu, hex) => {
    expect(bytes(apdu)).toBe(hex);
    const read = readApdu(fromHex(hex));
    expect(read?.size).toBe(fromHex(hex).length);
    expect(read?.apdu).toEqual(apdu);
  });

  it('waits for missing bytes and splits frames that arrive together', () => {
    expect(readApdu(fromHex('06 1E'))).toBeNull();
    expect(readApdu(fromHex('06 D3 FF 2C'))).toBeNull();
    expect(readApdu(fromHex('06 1E 01'))).toBeNull();
    const two = fromHex('80 00 00 06 1E 01 6C');
    const first = readApdu(two);
    expect(first).toEqual({ apdu: { cls: 0x80, instr: 0, data: new Uint8Array(0) }, size: 3 });
    expect(readApdu(two.slice(first!.size))?.apdu).toEqual({ cls: 0x06, instr: 0x1e, data: Uint8Array.of(0x6c) });
  });
});

describe('BCD amounts (BMP 04)', () => {
  it.each([
    [1, '00 00 00 00 00 01'],
    [1000, '00 00 00 00 10 00'],
    [5200, '00 00 00 00 52 00'],
    [999_999_999_999, '99 99 99 99 99 99'],
  ])('%i cents → %s', (cents, hex) => {
    expect(toHex(encodeAmount(cents))).toBe(hex);
  });

  it.each([-1, 1.5, 1_000_000_000_000, Number.NaN])('refuses %s', (cents) => {
    expect(() => encodeAmount(cents)).toThrow(ZvtCodecError);
  });

  it('refuses nibbles above 9', () => {
    expect(() => decodeBcd(Uint8Array.of(0x1a))).toThrow(ZvtCodecError);
  });
});

describe('ECR → terminal commands', () => {
  it.each([
    // A registration as captured from a real ECR (password 123456, config DE, EUR).
    ['registration, password 123456, config DE, EUR', registration({ password: '123456', configByte: 0xde }), '06 00 06 12 34 56 DE 09 78'],
    ['registration with service byte 03 01', registration({ password: '000000', configByte: 0xbe, serviceByte: 0x01 }), '06 00 08 00 00 00 BE 09 78 03 01'],
    ['authorisation 10,00 EUR', authorisation({ amountCents: 1000 }), '06 01 0A 04 00 00 00 00 10 00 49 09 78'],
    ['authorisation 52,00 EUR', authorisation({ amountCents: 5200 }), '06 01 0A 04 00 00 00 00 52 00 49 09 78'],
  ])('%s', (_name, apdu, hex) => {
    expect(bytes(apdu)).toBe(hex);
  });

  it('defaults to ECR printing with print lines, intermediate statuses and ECR control (BE)', () => {
    expect(defaultConfigByte).toBe(0xbe);
  });

  it.each([
    ['06 00 06 12 34 56 DE 09 78', { kind: 'registration', password: '123456', configByte: 0xde, currency: 978 }],
    ['06 00 04 00 00 00 BE', { kind: 'registration', password: '000000', configByte: 0xbe }],
    ['06 00 08 00 00 00 BE 09 78 03 01', { kind: 'registration', password: '000000', configByte: 0xbe, currency: 978, serviceByte: 1 }],
    ['06 01 0A 04 00 00 00 00 52 00 49 09 78', { kind: 'authorisation', amountCents: 5200, currency: 978 }],
    ['06 01 07 04 00 00 00 01 23 45', { kind: 'authorisation', amountCents: 12345 }],
    ['06 B0 00', { kind: 'abort' }],
    ['80 00 00', { kind: 'ack' }],
    ['84 9C 00', { kind: 'nak', code: 0x9c }],
  ])('the terminal reads %s', (hex, command) => {
    expect(decodeEcrCommand(parse(hex))).toEqual(command);
  });

  it('refuses a password that is not six digits', () => {
    expect(() => registration({ password: '12345' })).toThrow(ZvtCodecError);
  });
});

describe('terminal → ECR messages', () => {
  it.each([
    ['intermediate status 17 with timeout 00', '04 FF 02 17 00', { kind: 'intermediate-status', status: 0x17, timeoutSeconds: 0 }],
    ['intermediate status 0A without timeout', '04 FF 01 0A', { kind: 'intermediate-status', status: 0x0a }],
    ['intermediate status with TLV container, no timeout', '04 FF 04 0E 06 01 00', { kind: 'intermediate-status', status: 0x0e }],
    ['completion with status byte, TID and currency', '06 0F 0A 19 10 29 52 52 35 35 49 09 78', { kind: 'completion', statusByte: 0x10, terminalId: '52523535', currency: 978 }],
    ['empty completion', '06 0F 00', { kind: 'completion' }],
    ['abort 6C (abort key or timeout)', '06 1E 01 6C', { kind: 'abort', resultCode: 0x6c }],
    ['abort 05 (declined by the host)', '06 1E 01 05', { kind: 'abort', resultCode: 0x05 }],
    ['print line, normal', `06 D1 10 00 ${toHex(encodeCp437('Zahlung erfolgt'))}`, { kind: 'print-line', text: 'Zahlung erfolgt', last: false, lineFeeds: 0 }],
    ['print line in CP 437 (ü = 81)', '06 D1 07 00 42 81 72 67 65 72', { kind: 'print-line', text: 'Bürger', last: false, lineFeeds: 0 }],
    ['last print line', '06 D1 03 81 4F 4B', { kind: 'print-line', text: 'OK', last: true, lineFeeds: 0 }],
    ['line feeds', '06 D1 02 FF 03', { kind: 'print-line', text: '', last: false, lineFeeds: 3 }],
    ['NAK', '84 83 00', { kind: 'nak', code: 0x83 }],
  ])('%s', (_name, hex, message) => {
    expect(decodeTerminalMessage(parse(hex))).toEqual(message);
  });

  it('builds the same bytes it reads', () => {
    expect(bytes(intermediateStatus(0x17, 0))).toBe('04 FF 02 17 00');
    expect(bytes(completion({ statusByte: 0x10, terminalId: '52523535', currency: 978 }))).toBe('06 0F 0A 19 10 29 52 52 35 35 49 09 78');
    expect(bytes(terminalAbort(0x6c))).toBe('06 1E 01 6C');
    expect(bytes(printLine('OK', { last: true }))).toBe('06 D1 03 81 4F 4B');
  });

  // The data of a Mastercard payment as a terminal reports it (values of a published capture),
  // laid out by PA00P015 3.1.1: result, amount, trace, time, date, expiry, PAN (LL), TID, AID,
  // currency, receipt number, card type, card name (LL), card type id, VU number.
  const approvedStatus = [
    '04 0F 57',
    '27 00',
    '04 00 00 00 00 25 00',
    '0B 00 09 75',
    '0C 22 55 58',
    '0D 04 05',
    '0E 24 05',
    '22 F0 F8 55 98 84 55 55 54 80 74',
    '29 52 52 35 35',
    '3B 37 35 30 30 37 31 00 00',
    '49 09 78',
    '87 02 31',
    '8A 06',
    `8B F1 F0 ${toHex(encodeCp437('MasterCard'))}`,
    '8C 01',
    `2A ${toHex(encodeCp437('804011926      '))}`,
  ].join(' ');

  it('reads a Status-Information after an approved payment, masking the PAN and skipping the expiry date', () => {
    const message = decodeTerminalMessage(parse(approvedStatus));
    expect(message).toEqual({
      kind: 'status-information',
      info: {
        resultCode: 0, amountCents: 2500, traceNumber: '000975', time: '225558', date: '0405', maskedPan: '************8074',
        terminalId: '52523535', aid: '750071', currency: 978, receiptNumber: '0231', cardType: 6, cardName: 'MasterCard', vuNumber: '804011926',
      },
    });
    expect(JSON.stringify(message)).not.toContain('2405');
    expect(JSON.stringify(message)).not.toContain('5598845555548074');
  });

  it('keeps a PAN the terminal masked with E nibbles, and odd lengths padded with F', () => {
    expect(decodePan(fromHex('67 25 59 EE EE EE 47 11'))).toBe('672559******4711');
    expect(toHex(encodePan('672559*********4711'))).toBe('67 25 59 EE EE EE EE E4 71 1F');
    expect(decodePan(encodePan('672559*********4711'))).toBe('672559*********4711');
    expect(toHex(encodePan('12*4567'))).toBe('12 E4 56 7F');
  });

  it('round-trips the Status-Information it builds', () => {
    const info = {
      resultCode: 0, amountCents: 5200, traceNumber: '000001', time: '134510', date: '1203', maskedPan: '672559**********4711',
      terminalId: '29001234', aid: '123456', currency: 978, receiptNumber: '0001', cardType: 5, cardName: 'girocard', additionalText: 'AS-Proc-Code 00',
    };
    expect(decodeTerminalMessage(statusInformation(info))).toEqual({ kind: 'status-information', info });
  });

  it('reads a Status-Information with a TLV container (captured from a contactless card read)', () => {
    // 04 0F 22: result 00, TLV container (1E bytes): 4C UID, 1F4C card type, 1F4D sub type, 1F4F ATQA, 1F50 SAK.
    const hex = '04 0F 22 27 00 06 1E 4C 0A 00 00 00 04 63 C8 B2 AE 4F 80 1F 4C 01 01 1F 4D 02 00 03 1F 4F 02 44 00 1F 50 01 00';
    const apdu = parse(hex);
    const { info, tlv } = decodeStatusInformation(apdu.data);
    expect(info).toEqual({ resultCode: 0 });
    expect(tlv.map((item) => item.tag.toString(16))).toEqual(['4c', '1f4c', '1f4d', '1f4f', '1f50']);
    expect(toHex(encodeTlvs(tlv))).toBe(hex.slice('04 0F 22 27 00 06 1E '.length));
  });

  it('finds TLVs inside constructed ones (60: application, 43: AID)', () => {
    const items = decodeTlvs(fromHex('60 0B 43 09 A0 00 00 00 59 45 43 01 00 60 09 43 07 A0 00 00 00 04 10 10'));
    expect(items.map((item) => item.tag)).toEqual([0x60, 0x60]);
    expect(toHex(findTlv(items, 0x43)!.value)).toBe('A0 00 00 00 59 45 43 01 00');
  });

  it('reads long TLV lengths (81 xx, 82 xx xx)', () => {
    const long = encodeTlvs([{ tag: 0x07, value: new Uint8Array(200) }, { tag: 0x1f07, value: new Uint8Array(300) }]);
    expect(toHex(long.slice(0, 3))).toBe('07 81 C8');
    expect(toHex(long.slice(203, 208))).toBe('1F 07 82 01 2C');
    expect(decodeTlvs(long).map((item) => item.value.length)).toEqual([200, 300]);
  });

  it('reads a Print Text-Block: receipt type, lines, end of receipt — also beyond 254 bytes', () => {
    const lines = Array.from({ length: 30 }, (_, i) => `Zeile ${String(i + 1).padStart(2, '0')} Bürgerbüro`);
    const apdu = printTextBlock(lines, { receiptType: 2 });
    const encoded = encodeApdu(apdu);
    expect(toHex(encoded.slice(0, 3))).toBe('06 D3 FF');
    expect(decodeTerminalMessage(readApdu(encoded)!.apdu)).toEqual({ kind: 'print-text-block', lines, receiptType: 2, end: true });
    expect(toHex(encodeApdu(printTextBlock(['A'], { receiptType: 1 })))).toBe('06 D3 0E 06 0C 1F 07 01 01 25 06 07 01 41 09 01 FF');
  });

  it('keeps the BMPs before an unknown one', () => {
    const { bmps, unparsed } = decodeBmps(fromHex('27 00 87 00 12 7F 01 02'));
    expect(bmps.map((bmp) => bmp.id)).toEqual([0x27, 0x87]);
    expect(toHex(unparsed!)).toBe('7F 01 02');
    expect(decodeStatusInformation(fromHex('27 00 87 00 12 7F 01 02')).info).toEqual({ resultCode: 0, receiptNumber: '0012' });
  });

  it('refuses a BMP that announces more bytes than there are', () => {
    expect(() => decodeBmps(fromHex('22 F0 F8 55 98'))).toThrow(ZvtCodecError);
    expect(() => decodeBmps(fromHex('3C F0 F0'))).toThrow(ZvtCodecError);
  });
});

describe('texts', () => {
  it('has all 128 upper characters of code page 437', () => {
    expect(cp437TableSize).toBe(128);
    expect(decodeCp437(encodeCp437('Größe Ä Ö Ü ä ö ü ß €'))).toBe('Größe Ä Ö Ü ä ö ü ß ?');
  });

  it.each([
    [0x00, 'Zahlung erfolgreich'],
    [0x05, 'Vom Kartenaussteller bzw. Netzbetreiber abgelehnt (Code 05)'],
    [0x6c, 'Abgebrochen (Abbruch-Taste oder Zeit abgelaufen)'],
    [0x78, 'Karte abgelaufen'],
    [0xee, 'Terminal meldet Fehler EE'],
  ])('result code %i', (code, text) => {
    expect(resultCodeText(code).de).toBe(text);
  });

  it('names intermediate statuses, also with "remove card" (+40)', () => {
    expect(intermediateStatusText(0x0a).de).toBe('Karte einstecken oder auflegen');
    expect(intermediateStatusText(0x55).de).toBe('Geheimzahl falsch – Karte entnehmen');
  });
});
