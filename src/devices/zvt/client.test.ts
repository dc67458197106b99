import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { cardPaymentInput } from '../../cases/card-payment.ts';
import { AppError } from '../../platform/errors.ts';
import type { PaymentStatus } from '../types.ts';
import { encodeApdu, toHex } from './codec.ts';
import { type ZvtTerminalOptions, createZvtTerminal, terminalTime } from './client.ts';
import { type ZvtSimulator, type ZvtSimulatorOptions, startZvtSimulator } from './simulator.ts';

const running: ZvtSimulator[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((simulator) => simulator.close()));
});

async function setup(simulatorOptions: ZvtSimulatorOptions = {}, clientOptions: Partial<ZvtTerminalOptions> = {}) {
  const simulator = await startZvtSimulator(simulatorOptions);
  running.push(simulator);
  const terminal = createZvtTerminal({ host: simulator.host, port: simulator.port, ...clientOptions });
  return { simulator, terminal };
}

const sentByEcr = (simulator: ZvtSimulator) => simulator.received.map((apdu) => toHex(encodeApdu(apdu)));

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected a rejection');
}

/** The ECR's last ACK reaches the simulator just after pay() resolved. */
async function eventually(check: () => void, timeoutMs = 1000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      check();
      return;
    } catch (error) {
      if (Date.now() > until) throw error;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('ZVT client against the terminal simulator', () => {
  it('takes an approved payment: amount on the wire, receipt lines, terminal ids, reference', async () => {
    const { simulator, terminal } = await setup({ terminalId: '29001234' });
    const shown: PaymentStatus[] = [];
    const result = await terminal.pay({ amountCents: 5200, reference: 'BK-2026-000123', onStatus: (status) => shown.push(status) });

    expect(sentByEcr(simulator).slice(0, 2)).toEqual([
      '06 00 06 00 00 00 BE 09 78', // registration: password 000000, config BE, EUR
      '80 00 00', // ACK of the registration's completion
    ]);
    expect(sentByEcr(simulator)).toContain('06 01 0A 04 00 00 00 00 52 00 49 09 78');
    expect(simulator.configByte).toBe(0xbe);
    expect(result).toMatchObject({
      outcome: 'approved', amountCents: 5200, reference: 'BK-2026-000123', receiptNumber: '0001', traceNumber: '000001', terminalId: '29001234',
      authorisationCode: '123456', cardBrand: 'girocard', maskedPan: '672559**********4711', message: 'Zahlung erfolgreich',
    });
    expect(result.receiptLines).toContain('Betrag EUR 52,00');
    expect(result.receiptLines).toContain('Beleg-Nr. 0001');
    expect(result.receiptLines.at(-1)).toBe('Bitte Beleg aufbewahren');
    expect(result.statuses.map((status) => status.code)).toEqual([0x0a, 0x01, 0x04, 0x0b]);
    expect(shown.map((status) => status.text)).toEqual(result.statuses.map((status) => status.text));
    expect(result.terminalTime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/);
    expect(Date.parse(result.completedAt)).toBeGreaterThanOrEqual(Date.parse(result.startedAt));
    // Every message of the terminal was acknowledged: one ACK per status, status information, print line and completion.
    await eventually(() => {
      const acks = sentByEcr(simulator).filter((hex) => hex === '80 00 00').length;
      expect(acks).toBe(1 + result.statuses.length + 1 + result.receiptLines.length + 1);
    });
    // No card number beyond the masked one.
    expect(JSON.stringify(result)).not.toMatch(/\d{12,}/);
    expect(cardPaymentInput(result)).toEqual({ method: 'card', amountCents: 5200, cardReference: '0001' });
  });

  it('numbers receipts and traces per payment, and reads receipts sent as Print Text-Block', async () => {
    const { terminal } = await setup({ printTextBlocks: true });
    const first = await terminal.pay({ amountCents: 1300, reference: 'A' });
    const second = await terminal.pay({ amountCents: 4600, reference: 'B' });
    expect([first.receiptNumber, second.receiptNumber, second.traceNumber]).toEqual(['0001', '0002', '000002']);
    expect(second.receiptLines).toContain('Betrag EUR 46,00');
  });

  it('reports a decline with the terminal\'s result code and its receipt, and records nothing', async () => {
    const { terminal } = await setup({ script: [{ outcome: 'decline', resultCode: 0x05 }] });
    const result = await terminal.pay({ amountCents: 5200, reference: 'BK-1' });
    expect(result).toMatchObject({ outcome: 'declined', resultCode: 0x05 });
    expect(result.message).toBe('Zahlung abgelehnt: Vom Kartenaussteller bzw. Netzbetreiber abgelehnt (Code 05). Es wurde nichts abgebucht.');
    expect(result.receiptNumber).toBeUndefined();
    expect(result.receiptLines).toContain('Zahlung nicht erfolgt');
    expect(() => cardPaymentInput(result)).toThrow(expect.objectContaining({ code: 'PAYMENT_NOT_APPROVED' }));
  });

  it('reports the customer\'s abort at the terminal as aborted, not declined', async () => {
    const { terminal } = await setup({ script: [{ outcome: 'customer-abort' }] });
    const result = await terminal.pay({ amountCents: 5200, reference: 'BK-1' });
    expect(result).toMatchObject({ outcome: 'aborted', abortedBy: 'terminal', resultCode: 0x6c });
    expect(result.statuses.map((status) => status.code)).toEqual([0x0a, 0x0d]);
  });

  it('aborts from the kit (06 B0) while the terminal waits for the card', async () => {
    const { simulator, terminal } = await setup({ script: [{ outcome: 'wait-for-card' }] });
    let cardPrompt!: () => void;
    const prompted = new Promise<void>((resolve) => { cardPrompt = resolve; });
    const payment = terminal.pay({ amountCents: 5200, reference: 'BK-1', onStatus: (status) => { if (status.code === 0x0a) cardPrompt(); } });
    await prompted;
    await terminal.abort();
    const result = await payment;
    expect(result).toMatchObject({ outcome: 'aborted', abortedBy: 'officer', resultCode: 0x6c });
    expect(sentByEcr(simulator)).toContain('06 B0 00');
    expect(simulator.transactions[0]).toMatchObject({ abortedByEcr: true, outcome: 'wait-for-card' });
  });

  it('aborts without asking the terminal when the officer aborts before the amount went out', async () => {
    const { simulator, terminal } = await setup();
    const payment = terminal.pay({ amountCents: 5200, reference: 'BK-1' });
    await terminal.abort();
    expect(await payment).toMatchObject({ outcome: 'aborted', abortedBy: 'officer' });
    expect(simulator.transactions).toHaveLength(0);
    expect(sentByEcr(simulator).some((hex) => hex.startsWith('06 01') || hex.startsWith('06 B0'))).toBe(false);
  });

  it.each([
    ['before the terminal acknowledged the payment command', 'before-ack' as const],
    ['right after the acknowledgement', 'after-ack' as const],
    ['after the PIN entry', 'after-pin' as const],
    ['after the terminal sent the transaction data', 'after-status-information' as const],
  ])('reports a connection drop %s as result unknown, never as declined', async (_name, at) => {
    const { terminal } = await setup({ script: [{ outcome: 'drop', at }] });
    const result = await terminal.pay({ amountCents: 5200, reference: 'BK-1' });
    expect(result.outcome).toBe('unknown');
    expect(result.message).toBe('Verbindung zum Kartenterminal während der Zahlung verloren. Ergebnis unbekannt – bitte den letzten Beleg am Terminal prüfen, bevor erneut kassiert wird.');
    expect(result.messageEn).toContain('check the terminal\'s last receipt');
    expect(() => cardPaymentInput(result)).toThrow(expect.objectContaining({ code: 'PAYMENT_RESULT_UNKNOWN' }));
  });

  it('reports a terminal that goes silent mid-dialogue as result unknown after the dialogue timeout', async () => {
    const { terminal } = await setup({ script: [{ outcome: 'silent' }] }, { dialogueTimeoutMs: 300 });
    const result = await terminal.pay({ amountCents: 5200, reference: 'BK-1' });
    expect(result.outcome).toBe('unknown');
    expect(result.message).toContain('Ergebnis unbekannt');
  });

  it('waits for a slow terminal: T3 applies to acknowledgements, not to the customer', async () => {
    const { terminal } = await setup({ stepDelayMs: 200 }, { ackTimeoutMs: 100 });
    const started = Date.now();
    const result = await terminal.pay({ amountCents: 990, reference: 'BK-1' });
    expect(result.outcome).toBe('approved');
    expect(Date.now() - started).toBeGreaterThanOrEqual(550);
  });

  it('refuses a second payment while one runs', async () => {
    const { terminal } = await setup({ script: [{ outcome: 'wait-for-card' }] });
    const first = terminal.pay({ amountCents: 100, reference: 'BK-1' });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const busy = await rejection(terminal.pay({ amountCents: 100, reference: 'BK-2' }));
    expect(busy.code).toBe('PAYMENT_TERMINAL_BUSY');
    await terminal.abort();
    expect((await first).outcome).toBe('aborted');
  });

  it('says clearly when the terminal is not reachable, and that nothing was charged', async () => {
    const port = await freePort();
    const terminal = createZvtTerminal({ host: '127.0.0.1', port, connectTimeoutMs: 1000 });
    const error = await rejection(terminal.pay({ amountCents: 5200, reference: 'BK-1' }));
    expect(error.code).toBe('PAYMENT_TERMINAL_UNREACHABLE');
    expect(error.message).toBe(`Kartenterminal unter 127.0.0.1:${port} nicht erreichbar (ECONNREFUSED). Ist es eingeschaltet, im Kit-Netz und ist ECR über TCP (ZVT) am Terminal eingerichtet? Es wurde nichts abgebucht.`);
    const health = await terminal.health();
    expect(health).toMatchObject({ device: 'payment', driver: 'zvt', ok: false });
    expect(health.detail).toContain('nicht erreichbar');
  });

  it('reports a wrong password as refused registration, before any payment command', async () => {
    const { simulator, terminal } = await setup({ password: '123456' }, { password: '000000' });
    const error = await rejection(terminal.pay({ amountCents: 5200, reference: 'BK-1' }));
    expect(error.code).toBe('PAYMENT_TERMINAL_REFUSED');
    expect(error.message).toContain('ZVT-Passwort');
    expect(simulator.transactions).toHaveLength(0);
    expect(sentByEcr(simulator).some((hex) => hex.startsWith('06 01'))).toBe(false);
  });

  it('reports a refused payment command (NAK) as an error: nothing was charged', async () => {
    const { terminal } = await setup({ script: [{ outcome: 'refuse', code: 0x83 }] });
    const error = await rejection(terminal.pay({ amountCents: 5200, reference: 'BK-1' }));
    expect(error.code).toBe('PAYMENT_TERMINAL_REFUSED');
    expect(error.message).toBe('Das Kartenterminal nimmt die Zahlung nicht an (Funktion nicht möglich). Es wurde nichts abgebucht.');
  });

  it('checks health by registering, without charging', async () => {
    const { simulator, terminal } = await setup({ terminalId: '52523535' });
    const health = await terminal.health();
    expect(health).toMatchObject({ device: 'payment', driver: 'zvt', ok: true });
    expect(health.detail).toBe(`Kartenterminal 127.0.0.1:${simulator.port} (TID 52523535) bereit (ZVT-Anmeldung angenommen).`);
    expect(simulator.transactions).toHaveLength(0);
    await eventually(() => expect(sentByEcr(simulator)).toEqual(['06 00 06 00 00 00 BE 09 78', '80 00 00']));
  });

  it('reports a terminal that needs initialisation as not ready', async () => {
    const { terminal } = await setup({ statusByte: 0x01 });
    const health = await terminal.health();
    expect(health.ok).toBe(false);
    expect(health.detail).toContain('Initialisierung');
  });

  it('refuses amounts that are not positive whole cents', async () => {
    const { terminal } = await setup();
    for (const amountCents of [0, -100, 12.5]) {
      expect((await rejection(terminal.pay({ amountCents, reference: 'BK-1' }))).code).toBe('PAYMENT_AMOUNT_INVALID');
    }
  });
});

describe('terminalTime', () => {
  it.each([
    ['1203', '134510', '2026-12-03T14:00:00', '2026-12-03T13:45:10'],
    ['1231', '235959', '2027-01-01T00:00:30', '2026-12-31T23:59:59'],
  ])('%s %s seen at %s → %s', (date, time, clock, expected) => {
    expect(terminalTime(date, time, new Date(clock))).toBe(expected);
  });
});
