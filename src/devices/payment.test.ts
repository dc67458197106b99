import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../platform/errors.ts';
import { createPaymentTerminalSimulator, paymentTerminalFromUrl } from './payment.ts';
import { createSimulatedDevicePorts } from './simulators.ts';
import { type ZvtSimulator, startZvtSimulator } from './zvt/simulator.ts';

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(cleanup.splice(0).map((close) => close()));
});

describe('paymentTerminalFromUrl', () => {
  it('speaks ZVT to zvt://host:port with the password from the query', async () => {
    const simulator: ZvtSimulator = await startZvtSimulator({ password: '123456' });
    cleanup.push(() => simulator.close());
    const terminal = paymentTerminalFromUrl(`${simulator.url}?password=123456`);
    const result = await terminal.pay({ amountCents: 2760, reference: 'BK-7' });
    expect(result).toMatchObject({ outcome: 'approved', amountCents: 2760, receiptNumber: '0001' });
    expect(simulator.transactions).toEqual([expect.objectContaining({ amountCents: 2760, outcome: 'approve' })]);
  });

  it.each(['simulator', 'zvt-sim'])('%s: the loopback ZVT simulator behind the ZVT client', async (url) => {
    const terminal = paymentTerminalFromUrl(url);
    expect(await terminal.health()).toMatchObject({ device: 'payment', driver: 'simulator', ok: true });
    expect((await terminal.pay({ amountCents: 600, reference: 'BK-8' })).outcome).toBe('approved');
  });

  it.each(['http://terminal:20007', 'zvt://', 'terminal:20007', 'zvt://host:20007?password=12'])('refuses %s with a message that names the expected form', (url) => {
    let error: unknown;
    try {
      paymentTerminalFromUrl(url);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).message).toMatch(/zvt:\/\/HOST:PORT|sechs Ziffern/);
  });
});

describe('simulated device ports', () => {
  it('carry a payment terminal that pays through the ZVT simulator and can be scripted', async () => {
    const terminal = createPaymentTerminalSimulator({ script: [{ outcome: 'decline', resultCode: 0x78 }] });
    cleanup.push(() => terminal.close());
    const declined = await terminal.pay({ amountCents: 4600, reference: 'BK-9' });
    expect(declined).toMatchObject({ outcome: 'declined', resultCode: 0x78, message: 'Zahlung abgelehnt: Karte abgelaufen. Es wurde nichts abgebucht.' });
    expect((await terminal.pay({ amountCents: 4600, reference: 'BK-9' })).outcome).toBe('approved');
    expect((await terminal.simulator()).transactions.map((t) => t.outcome)).toEqual(['decline', 'approve']);
  });

  it('include the payment terminal', async () => {
    const ports = createSimulatedDevicePorts();
    expect((await ports.payment.health()).ok).toBe(true);
  });
});
