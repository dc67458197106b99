import type { Config } from '../platform/config.ts';
import { ConfigError } from '../platform/config.ts';
import { changeTerminalFromUrl } from './change-terminal-from-url.ts';
import { printerFromUrl } from './ipp-printer.ts';
import { paymentTerminalFromUrl } from './payment.ts';
import { scannerFromUrl } from './scanner-from-url.ts';
import { simulatedCamera, simulatedFingerprints, simulatedPhotoCodes } from './simulator-health.ts';
import type { DevicePorts } from './types.ts';

/** The change terminal's setting may be left out (then the simulator), so callers that only set the three others keep working. */
export type DeviceSettings = Pick<Config, 'devicePrinter' | 'deviceScanner' | 'devicePayment'> & Partial<Pick<Config, 'deviceChangeTerminal'>>;

export interface DevicePortsFromConfigOptions {
  now?: () => Date;
}

/**
 * The device ports a server or kit runs with: printer, scanner and card terminal from their
 * configured addresses (DEVICE_PRINTER, DEVICE_SCANNER, DEVICE_PAYMENT, DEVICE_CHANGE_TERMINAL;
 * `simulator` when not set), the other classes from their simulators until their certified drivers come with the kit.
 * Throws a ConfigError naming the setting when an address cannot be used, so the server refuses
 * to start instead of failing at the citizen's table.
 */
export function devicePortsFromConfig(config: DeviceSettings, options: DevicePortsFromConfigOptions = {}): DevicePorts {
  const now = options.now ?? (() => new Date());
  const issues: string[] = [];
  // Each factory's message quotes the value and says which forms it takes.
  const build = <T>(setting: string, factory: () => T): T | undefined => {
    try {
      return factory();
    } catch (error) {
      issues.push(`${setting}: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    }
  };
  const printer = build('DEVICE_PRINTER', () => printerFromUrl(config.devicePrinter, { now }));
  const scanner = build('DEVICE_SCANNER', () => scannerFromUrl(config.deviceScanner, { now }));
  const payment = build('DEVICE_PAYMENT', () => paymentTerminalFromUrl(config.devicePayment, { now }));
  const changeTerminalSetting = config.deviceChangeTerminal ?? 'simulator';
  const changeTerminal = build('DEVICE_CHANGE_TERMINAL', () => changeTerminalFromUrl(changeTerminalSetting, { now }));
  if (!printer || !scanner || !payment || !changeTerminal) throw new ConfigError(issues);
  configuredDrivers.set(printer, driverOf(config.devicePrinter));
  configuredDrivers.set(scanner, driverOf(config.deviceScanner));
  configuredDrivers.set(payment, driverOf(config.devicePayment));
  configuredDrivers.set(changeTerminal, driverOf(changeTerminalSetting));
  return {
    camera: simulatedCamera(now),
    photoCodes: simulatedPhotoCodes(now),
    fingerprints: simulatedFingerprints(now),
    changeTerminal,
    scanner,
    printer,
    payment,
  };
}

const configuredDrivers = new WeakMap<object, string>();

/** The driver a port was configured with here (for the line of a device that does not answer); undefined for ports built elsewhere. */
export function configuredDriverOf(port: object): string | undefined {
  return configuredDrivers.get(port);
}

/** Which driver a printer, scanner or payment setting selects, for logs: 'ipp', 'escl', 'sane', 'zvt' or 'simulator'. */
export function driverOf(value: string): string {
  const v = value.trim();
  if (v === 'simulator' || v === 'zvt-sim') return 'simulator';
  if (v.startsWith('sane:')) return 'sane';
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(v)?.[1]?.toLowerCase();
  if (scheme === 'ipps') return 'ipp';
  if (scheme === 'escls') return 'escl';
  return scheme ?? 'unknown';
}
