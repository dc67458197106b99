import { describe, expect, it } from 'vitest';
import { adviceFor, overallStatus, statusOf, type CheckOutcome, type DeviceStatus } from './device-status.ts';
import type { DeviceHealth } from './types.ts';

const health = (over: Partial<DeviceHealth> & { stateReasons?: string[] } = {}): CheckOutcome => ({
  kind: 'answered',
  health: { device: 'printer', driver: 'ipp', ok: true, detail: 'bereit', checkedAt: '2026-12-03T08:00:00.000Z', ...over },
});

describe('statusOf', () => {
  it.each<[string, CheckOutcome, boolean, DeviceStatus]>([
    ['a device that answers ok', health(), false, 'ok'],
    ['a device that answers not ok', health({ ok: false }), false, 'failed'],
    ['a printer with toner low', health({ stateReasons: ['toner-low-warning'] }), false, 'warning'],
    ['a printer with a mere report', health({ stateReasons: ['none', 'media-needed-report'] }), false, 'ok'],
    ['a printer out of paper', health({ ok: false, stateReasons: ['media-empty-error'] }), false, 'failed'],
    ['a simulator in development', health({ driver: 'simulator' }), false, 'ok'],
    ['a simulator in production', health({ driver: 'simulator' }), true, 'warning'],
    ['a broken simulator in production', health({ driver: 'simulator', ok: false }), true, 'failed'],
    ['a device that did not answer', { kind: 'timeout', timeoutMs: 5000 }, false, 'failed'],
    ['a check that raised an error', { kind: 'error', detail: 'x', detailEn: 'x' }, false, 'failed'],
    ['a driver without a check', { kind: 'unsupported' }, false, 'warning'],
  ])('%s → %s', (_what, outcome, simulatorIsWarning, status) => {
    expect(statusOf(outcome, { simulatorIsWarning })).toBe(status);
  });
});

describe('adviceFor', () => {
  it('has nothing to say about a ready device', () => {
    expect(adviceFor('printer', 'ok', health())).toBeNull();
  });
  it('tells what to do per device class when it fails, and names the setting where there is one', () => {
    expect(adviceFor('printer', 'failed', { kind: 'timeout', timeoutMs: 5000 })?.de).toMatch(/Drucker einschalten.*DEVICE_PRINTER/);
    expect(adviceFor('payment', 'failed', health({ ok: false }))?.de).toMatch(/Barzahlung/);
    expect(adviceFor('fingerprints', 'failed', { kind: 'unsupported' })?.en).toMatch(/fingerprint scanner/);
  });
  it('points a simulator in production to its setting, a warning of the device to supplies, an unchecked driver to a manual try', () => {
    expect(adviceFor('scanner', 'warning', health({ driver: 'simulator' }))?.de).toMatch(/Simulator.*DEVICE_SCANNER/);
    expect(adviceFor('camera', 'warning', health({ driver: 'simulator' }))?.de).toMatch(/zertifizierten Treiber/);
    expect(adviceFor('printer', 'warning', health({ stateReasons: ['toner-low-warning'] }))?.de).toMatch(/Verbrauchsmaterial/);
    expect(adviceFor('camera', 'warning', { kind: 'unsupported' })?.de).toMatch(/von Hand/);
  });
});

describe('overallStatus', () => {
  it.each<[DeviceStatus[], DeviceStatus]>([
    [['ok', 'ok'], 'ok'], [['ok', 'warning'], 'warning'], [['warning', 'failed', 'ok'], 'failed'], [[], 'ok'],
  ])('%j → %s', (statuses, status) => {
    expect(overallStatus(statuses)).toBe(status);
  });
});
