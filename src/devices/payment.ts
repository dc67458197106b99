import { AppError } from '../platform/errors.ts';
import type { DeviceHealth, PaymentRequest, PaymentResult, PaymentTerminal } from './types.ts';
import { type ZvtTerminalOptions, createZvtTerminal } from './zvt/client.ts';
import { type ZvtSimulator, type ZvtSimulatorOptions, startZvtSimulator } from './zvt/simulator.ts';

/**
 * The kit's card terminal from its configured address:
 * - `zvt://host[:port][?password=123456]`: a ZVT terminal over TCP (ECR interface switched on at
 *   the terminal; port 20007 when none is given ⚠ — the usual default, check the terminal's menu);
 * - `simulator` or `zvt-sim`: the ZVT simulator on loopback, spoken to through the same ZVT client,
 *   so the kit exercises the real protocol without a terminal.
 */
export function paymentTerminalFromUrl(url: string, options: Partial<Omit<ZvtTerminalOptions, 'host' | 'port' | 'password'>> = {}): PaymentTerminal {
  const trimmed = url.trim();
  if (trimmed === 'simulator' || trimmed === 'zvt-sim') return createPaymentTerminalSimulator({}, options);
  let parsed: URL;
  try {
    parsed = new URL(trimmed);
  } catch {
    throw invalidUrl(url);
  }
  if (parsed.protocol !== 'zvt:' || parsed.hostname === '') throw invalidUrl(url);
  const port = parsed.port === '' ? 20007 : Number(parsed.port);
  const password = parsed.searchParams.get('password') ?? undefined;
  const host = parsed.hostname.replace(/^\[(.*)\]$/, '$1');
  return createZvtTerminal({ ...options, host, port, ...(password !== undefined ? { password } : {}) });
}

function invalidUrl(url: string): AppError {
  return new AppError('PAYMENT_TERMINAL_URL',
    `Die Adresse des Kartenterminals "${url}" ist ungültig. Erwartet: zvt://HOST:PORT (optional ?password=000000) oder simulator.`);
}

export interface PaymentTerminalSimulator extends PaymentTerminal {
  /** The loopback ZVT terminal behind it (started on first use). */
  simulator(): Promise<ZvtSimulator>;
  close(): Promise<void>;
}

/**
 * A PaymentTerminal for development and tests: the ZVT simulator on a free loopback port, started
 * on first use, with the ZVT client in front. Approves by default; script it through the options.
 */
export function createPaymentTerminalSimulator(
  simulatorOptions: ZvtSimulatorOptions = {},
  clientOptions: Partial<Omit<ZvtTerminalOptions, 'host' | 'port'>> = {},
): PaymentTerminalSimulator {
  let started: Promise<{ simulator: ZvtSimulator; client: PaymentTerminal }> | null = null;
  const start = () => {
    started ??= startZvtSimulator({ ...simulatorOptions, ...(clientOptions.password ? { password: clientOptions.password } : {}) }).then((simulator) => ({
      simulator,
      client: createZvtTerminal({ ...clientOptions, host: simulator.host, port: simulator.port }),
    }));
    started.catch(() => {
      started = null; // try again on the next call
    });
    return started;
  };
  return {
    async pay(request: PaymentRequest): Promise<PaymentResult> {
      return (await start()).client.pay(request);
    },
    async abort(): Promise<void> {
      if (started) await (await started).client.abort();
    },
    async health(): Promise<DeviceHealth> {
      const answer = await (await start()).client.health();
      return { ...answer, driver: 'simulator', detail: `${answer.detail} (Simulator)`, ...(answer.detailEn ? { detailEn: `${answer.detailEn} (simulator)` } : {}) };
    },
    async simulator() {
      return (await start()).simulator;
    },
    async close() {
      if (started) await (await started).simulator.close();
      started = null;
    },
  };
}
