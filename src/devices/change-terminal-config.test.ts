// DEVICE_CHANGE_TERMINAL: from the environment through devicePortsFromConfig to the port the kit runs with.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../platform/config.ts';
import { startAusweisAppSimulator, type AusweisAppSimulator } from './ausweisapp/simulator.ts';
import { adviceFor } from './device-status.ts';
import { configuredDriverOf, devicePortsFromConfig } from './from-config.ts';

const base = { DATA_DIR: '/tmp/bk-device-config', BK_SECRET: 'x'.repeat(32) };
const others = { devicePrinter: 'simulator', deviceScanner: 'simulator', devicePayment: 'simulator' };

describe('DEVICE_CHANGE_TERMINAL', () => {
  let ausweisApp: AusweisAppSimulator;
  beforeAll(async () => {
    ausweisApp = await startAusweisAppSimulator({ pad: [{ type: 'type', digits: '123456' }, { type: 'type', digits: '654321' }] });
  });
  afterAll(async () => {
    await ausweisApp?.close();
  });

  it('defaults to the simulator and takes the address from the environment', () => {
    expect(loadConfig(base).deviceChangeTerminal).toBe('simulator');
    expect(loadConfig({ ...base, DEVICE_CHANGE_TERMINAL: ' ausweisapp://127.0.0.1:24727 ' }).deviceChangeTerminal).toBe('ausweisapp://127.0.0.1:24727');
  });

  it('gives the kit the change-terminal simulator when not set', async () => {
    const ports = devicePortsFromConfig(others);
    expect(configuredDriverOf(ports.changeTerminal)).toBe('simulator');
    expect(await (ports.changeTerminal as unknown as { health(): Promise<{ driver: string; ok: boolean }> }).health()).toMatchObject({ driver: 'simulator', ok: true });
  });

  it('connects ausweisapp:// to a running AusweisApp (PIN change on its reader)', async () => {
    const ports = devicePortsFromConfig({ ...others, deviceChangeTerminal: `ausweisapp://127.0.0.1:${ausweisApp.port}` });
    expect(configuredDriverOf(ports.changeTerminal)).toBe('ausweisapp');
    expect(await (ports.changeTerminal as unknown as { health(): Promise<{ driver: string; ok: boolean }> }).health()).toMatchObject({ driver: 'ausweisapp', ok: true });
    expect((await ports.changeTerminal.changePin?.({}))?.ok).toBe(true);
  });

  it('refuses an address it cannot use at start-up, naming the setting', () => {
    for (const value of ['usb', 'ausweisapp://10.0.0.7:24727', 'ws://127.0.0.1:24727']) {
      let error: unknown;
      try {
        devicePortsFromConfig({ ...others, deviceChangeTerminal: value });
      } catch (caught) {
        error = caught;
      }
      expect(error, value).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).issues, value).toEqual([expect.stringMatching(/^DEVICE_CHANGE_TERMINAL: .*ausweisapp:\/\/127\.0\.0\.1:24727/)]);
    }
  });

  it('tells the device page to set DEVICE_CHANGE_TERMINAL where the simulator answers in production', () => {
    const simulator = { kind: 'answered' as const, health: { device: 'changeTerminal', driver: 'simulator', ok: true, detail: 'Simulator', checkedAt: '2026-12-03T08:00:00.000Z' } };
    expect(adviceFor('changeTerminal', 'warning', simulator)?.de).toMatch(/Simulator.*DEVICE_CHANGE_TERMINAL/);
    expect(adviceFor('changeTerminal', 'warning', simulator)?.en).toMatch(/DEVICE_CHANGE_TERMINAL/);
  });
});
