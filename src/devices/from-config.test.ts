import { execFileSync } from 'node:child_process';
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../platform/config.ts';
import { startEsclServer, type EsclServer } from './escl-server.ts';
import { configuredDriverOf, devicePortsFromConfig, driverOf } from './from-config.ts';
import type { DeviceHealth } from './types.ts';
import { startZvtSimulator, type ZvtSimulator } from './zvt/simulator.ts';

const simulators = { devicePrinter: 'simulator', deviceScanner: 'simulator', devicePayment: 'simulator' };

/** A loopback port nothing listens on: a device that is switched off. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return address.port;
}

async function healthOf(port: object): Promise<DeviceHealth> {
  if (!('health' in port) || typeof port.health !== 'function') throw new Error('port has no health()');
  return (port.health as () => Promise<DeviceHealth>).call(port);
}

function configError(run: () => unknown): ConfigError {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('device settings in the configuration', () => {
  it('default to the simulators and take the addresses from DEVICE_*', () => {
    expect(loadConfig({ DATA_DIR: '/tmp/bk-device-config', BK_SECRET: 'x'.repeat(32) })).toMatchObject(simulators);
    expect(loadConfig({ DATA_DIR: '/tmp/bk-device-config', BK_SECRET: 'x'.repeat(32), DEVICE_PRINTER: ' ipps://drucker.kit:631/ipp/print ', DEVICE_SCANNER: 'sane:test', DEVICE_PAYMENT: 'zvt://10.0.0.5' }))
      .toMatchObject({ devicePrinter: 'ipps://drucker.kit:631/ipp/print', deviceScanner: 'sane:test', devicePayment: 'zvt://10.0.0.5' });
  });
});

describe('devicePortsFromConfig', () => {
  let zvt: ZvtSimulator;
  let escl: EsclServer;
  beforeAll(async () => {
    zvt = await startZvtSimulator();
    escl = await startEsclServer();
  });
  afterAll(async () => {
    await zvt?.close();
    await escl?.close();
  });

  it('gives every device a health check; with the defaults all of them are simulators and ready', async () => {
    const ports = devicePortsFromConfig(simulators);
    const answers = await Promise.all(Object.values(ports).map((port: object) => healthOf(port)));
    expect(answers.map((a) => [a.driver, a.ok])).toEqual(Array.from({ length: 7 }, () => ['simulator', true]));
    expect(configuredDriverOf(ports.printer)).toBe('simulator');
  });

  it('speaks ZVT to a terminal at zvt://host:port', async () => {
    const ports = devicePortsFromConfig({ ...simulators, devicePayment: zvt.url });
    expect(await ports.payment.health()).toMatchObject({ device: 'payment', driver: 'zvt', ok: true });
    expect(zvt.configByte).not.toBeNull(); // the client registered at the terminal
    expect(configuredDriverOf(ports.payment)).toBe('zvt');
  });

  it('speaks eSCL to a scanner at escl://host:port/eSCL', async () => {
    const ports = devicePortsFromConfig({ ...simulators, deviceScanner: `escl://127.0.0.1:${escl.port}/eSCL` });
    expect(await healthOf(ports.scanner)).toMatchObject({ device: 'scanner', driver: 'escl', ok: true });
    expect(escl.requests.some((r) => r.startsWith('GET /eSCL/Scanner'))).toBe(true);
  });

  it('speaks IPP at ipp:// and reports a printer that is switched off as not ok', async () => {
    const port = await closedPort();
    const ports = devicePortsFromConfig({ ...simulators, devicePrinter: `ipp://127.0.0.1:${port}/ipp/print` });
    expect(await ports.printer.health()).toMatchObject({ device: 'printer', driver: 'ipp', ok: false });
    expect(configuredDriverOf(ports.printer)).toBe('ipp');
  });

  it('reports a ZVT terminal that is switched off as not ok', async () => {
    const port = await closedPort();
    const ports = devicePortsFromConfig({ ...simulators, devicePayment: `zvt://127.0.0.1:${port}` });
    expect(await ports.payment.health()).toMatchObject({ driver: 'zvt', ok: false });
  });

  const scanimage = (() => {
    try {
      execFileSync('scanimage', ['--version'], { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  })();
  it.runIf(scanimage)('drives a SANE device through scanimage for sane:<device>', async () => {
    const ports = devicePortsFromConfig({ ...simulators, deviceScanner: 'sane:test' });
    expect(await healthOf(ports.scanner)).toMatchObject({ device: 'scanner', driver: 'sane' });
    expect(configuredDriverOf(ports.scanner)).toBe('sane');
  });

  it.each([
    ['DEVICE_PRINTER', { devicePrinter: 'http://drucker.kit/ipp/print' }],
    ['DEVICE_PRINTER', { devicePrinter: 'drucker' }],
    ['DEVICE_SCANNER', { deviceScanner: 'ftp://scanner.kit' }],
    ['DEVICE_SCANNER', { deviceScanner: 'sane:' }],
    ['DEVICE_SCANNER', { deviceScanner: 'escl://' }],
    ['DEVICE_PAYMENT', { devicePayment: 'tcp://10.0.0.5:20007' }],
    ['DEVICE_PAYMENT', { devicePayment: 'zvt://' }],
  ])('refuses at start-up: %s %j', (setting, value) => {
    const error = configError(() => devicePortsFromConfig({ ...simulators, ...value }));
    expect(error.issues).toHaveLength(1);
    const [field, ...message] = (error.issues[0] ?? '').split(': ');
    expect(field).toBe(setting);
    expect(message.join(': ')).toContain(`"${Object.values(value)[0]}"`); // the message quotes what was set
    expect(error.message).toContain(setting);
  });

  it('names every bad setting at once', () => {
    const error = configError(() => devicePortsFromConfig({ devicePrinter: 'lpt1', deviceScanner: 'usb', devicePayment: 'com1' }));
    expect(error.issues.map((issue) => issue.split(':')[0])).toEqual(['DEVICE_PRINTER', 'DEVICE_SCANNER', 'DEVICE_PAYMENT']);
    expect(error.message).toContain('Invalid configuration');
  });
});

describe('driverOf', () => {
  it.each([
    ['simulator', 'simulator'], ['zvt-sim', 'simulator'], ['ipp://p/ipp/print', 'ipp'], ['ipps://p/ipp/print', 'ipp'],
    ['escl://s/eSCL', 'escl'], ['escls://s/eSCL', 'escl'], ['sane:genesys:libusb:001:004', 'sane'], ['zvt://t:20007', 'zvt'], ['???', 'unknown'],
  ])('%s → %s', (value, driver) => {
    expect(driverOf(value)).toBe(driver);
  });
});
