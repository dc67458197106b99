import { describe, expect, it } from 'vitest';
import { AppError } from '../platform/errors.ts';
import { checkDeviceHealth } from './check-device-health.ts';
import { createPrinterSimulator } from './printer-simulator.ts';
import { createSimulatedDevicePorts } from './simulators.ts';
import type { DeviceHealth, DevicePorts, PrinterHealth } from './types.ts';

const now = () => new Date('2026-12-03T08:00:00.000Z');
const options = { timeoutMs: 200, now, simulatorIsWarning: false };

function byDevice(report: Awaited<ReturnType<typeof checkDeviceHealth>>) {
  return Object.fromEntries(report.devices.map((d) => [d.device, d]));
}

describe('checkDeviceHealth', () => {
  it('reports every device class of the simulators as ready', async () => {
    const report = await checkDeviceHealth(createSimulatedDevicePorts(), options);
    expect(report.devices.map((d) => d.device)).toEqual(['camera', 'photoCodes', 'fingerprints', 'changeTerminal', 'scanner', 'printer', 'payment']);
    expect(report.devices.map((d) => [d.status, d.driver, d.advice])).toEqual(Array.from({ length: 7 }, () => ['ok', 'simulator', null]));
    expect(report.status).toBe('ok');
  });

  it('reports a device that does not answer in time as not answering, without waiting for it, and checks the others in parallel', async () => {
    const never = new Promise<PrinterHealth>(() => undefined);
    const slowScanner: DevicePorts['scanner'] & { health(): Promise<DeviceHealth> } = {
      scan: () => Promise.resolve([]),
      health: () => new Promise((resolve) => setTimeout(() => resolve({ device: 'scanner', driver: 'escl', ok: true, detail: 'zu spät', checkedAt: now().toISOString() }), 150)),
    };
    const ports: DevicePorts = {
      ...createSimulatedDevicePorts(),
      printer: { print: () => Promise.reject(new Error('unused')), health: () => never },
      scanner: slowScanner,
    };
    const started = performance.now();
    const report = await checkDeviceHealth(ports, { ...options, drivers: { printer: 'ipp' } });
    const elapsed = performance.now() - started;
    expect(elapsed).toBeLessThan(400); // 200 ms limit, not 200 + 150 one after the other, and not forever
    const devices = byDevice(report);
    expect(devices['printer']).toMatchObject({ status: 'failed', answered: false, driver: 'ipp', detail: 'Antwortet nicht (keine Antwort innerhalb von 0,2 s).' });
    expect(devices['printer']?.advice).toMatch(/DEVICE_PRINTER/);
    expect(devices['scanner']).toMatchObject({ status: 'ok', answered: true, driver: 'escl', detail: 'zu spät' });
    expect(report.status).toBe('failed');
  });

  it('reports a check that throws, a printer low on toner and a port without a check', async () => {
    const { camera: _camera, ...rest } = createSimulatedDevicePorts();
    const ports: DevicePorts = {
      ...rest,
      camera: { capturePhoto: () => Promise.reject(new Error('unused')) },
      printer: createPrinterSimulator({ stateReasons: ['toner-low-warning'] }),
      payment: {
        pay: () => Promise.reject(new Error('unused')),
        abort: () => Promise.resolve(),
        health: () => { throw new AppError('ZVT_UNREACHABLE', 'Card terminal 10.0.0.5:20007 is not reachable.', 503, { de: 'Kartenterminal 10.0.0.5:20007 nicht erreichbar.' }); },
      },
    };
    const devices = byDevice(await checkDeviceHealth(ports, options));
    expect(devices['camera']).toMatchObject({ status: 'warning', answered: true, detail: 'Der Treiber bietet keine Zustandsabfrage.' });
    expect(devices['printer']).toMatchObject({ status: 'warning', driver: 'simulator' });
    expect(devices['printer']?.advice).toMatch(/Verbrauchsmaterial/);
    expect(devices['payment']).toMatchObject({ status: 'failed', answered: false, driver: 'unknown', detail: 'Kartenterminal 10.0.0.5:20007 nicht erreichbar.', detailEn: 'Card terminal 10.0.0.5:20007 is not reachable.' });
  });

  it('warns about simulators in production', async () => {
    const report = await checkDeviceHealth(createSimulatedDevicePorts(), { ...options, simulatorIsWarning: true });
    expect(new Set(report.devices.map((d) => d.status))).toEqual(new Set(['warning']));
    expect(report.status).toBe('warning');
  });
});
