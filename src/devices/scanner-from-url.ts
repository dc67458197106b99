import { AppError } from '../platform/errors.ts';
import { createEsclScanner } from './escl-scanner.ts';
import { createSaneScanner } from './sane-scanner.ts';
import { createScannerSimulator } from './scanner-simulator.ts';
import type { HealthCheck, Scanner } from './types.ts';

/**
 * The kit's scanner from one configuration value:
 * - `escl://host[:port][/path]`: a network scanner over eSCL/AirScan, plain HTTP (path /eSCL by default)
 * - `escls://host[:port][/path]`: the same over HTTPS
 * - `sane:<device>`: a SANE device through scanimage, e.g. `sane:test`, `sane:genesys:libusb:001:004`
 * - `simulator`: the scanner simulator, no hardware
 */
export type ConfiguredScanner = Scanner & HealthCheck;

export interface ScannerFromUrlOptions {
  /** escls: the device's certificate or CA (PEM). */
  ca?: string;
  /** escls: accept any certificate (the kit's own isolated network only). */
  insecure?: boolean;
  /** sane: environment for scanimage, e.g. SANE_CONFIG_DIR. */
  saneEnv?: NodeJS.ProcessEnv;
  scanimage?: string;
  now?: () => Date;
}

const forms = 'escl://host:port/eSCL, escls://host:port/eSCL, sane:<device> or simulator';

export function scannerFromUrl(url: string, options: ScannerFromUrlOptions = {}): ConfiguredScanner {
  const value = url.trim();
  const now = options.now ?? (() => new Date());
  if (value === 'simulator') {
    const simulator = createScannerSimulator();
    return {
      scan: (request) => simulator.scan(request),
      health: () => Promise.resolve({
        device: 'scanner', driver: 'simulator', ok: true,
        detail: 'Scanner-Simulator bereit (keine echte Hardware)', detailEn: 'Scanner simulator ready (no real hardware)',
        checkedAt: now().toISOString(),
      }),
    };
  }
  if (value.startsWith('sane:')) {
    const device = value.slice('sane:'.length);
    if (device === '' || device.startsWith('//')) {
      throw new AppError('SCANNER_CONFIG_INVALID', `The scanner setting "${url}" names no SANE device. Write sane:<device> with a name from \`scanimage -L\`, e.g. sane:test.`, 400);
    }
    return createSaneScanner({
      device,
      ...(options.saneEnv ? { env: options.saneEnv } : {}),
      ...(options.scanimage ? { scanimage: options.scanimage } : {}),
      now,
    });
  }
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    throw new AppError('SCANNER_CONFIG_INVALID', `The scanner setting "${url}" is not one of ${forms}.`, 400);
  }
  if (parsed.protocol !== 'escl:' && parsed.protocol !== 'escls:') {
    throw new AppError('SCANNER_CONFIG_INVALID', `The scanner setting "${url}" has an unknown scheme ${parsed.protocol}; use ${forms}.`, 400);
  }
  if (parsed.hostname === '') {
    throw new AppError('SCANNER_CONFIG_INVALID', `The scanner setting "${url}" names no host; write e.g. escl://192.168.8.20:80/eSCL.`, 400);
  }
  return createEsclScanner({
    url: baseOf(parsed),
    ...(options.ca ? { ca: options.ca } : {}),
    ...(options.insecure ? { insecure: true } : {}),
    now,
  });
}

/** The eSCL base URL a scanner setting resolves to, for the device page and logs; null for other drivers. */
export function esclBaseUrl(url: string): string | null {
  try {
    const parsed = new URL(url.trim());
    return parsed.protocol === 'escl:' || parsed.protocol === 'escls:' ? baseOf(parsed) : null;
  } catch {
    return null;
  }
}

function baseOf(parsed: URL): string {
  const path = parsed.pathname === '' || parsed.pathname === '/' ? '/eSCL' : parsed.pathname;
  return `${parsed.protocol === 'escls:' ? 'https' : 'http'}://${parsed.host}${path}`;
}
