import { describe, expect, it } from 'vitest';
import type { DeviceCheck } from '../../api/devices.ts';
import { countsOf, statusLook, textsIn } from './device-model.ts';

const check = (over: Partial<DeviceCheck>): DeviceCheck => ({
  device: 'printer', driver: 'ipp', status: 'ok', answered: true, detail: 'Drucker bereit', detailEn: 'Printer ready',
  advice: null, adviceEn: null, checkedAt: '2026-12-03T08:00:00.000Z', durationMs: 12, ...over,
});

describe('statusLook', () => {
  it.each([
    ['ok', 'success', 'check'], ['warning', 'warning', 'warning'], ['failed', 'danger', 'danger'],
  ] as const)('%s → %s badge with the %s icon', (status, variant, icon) => {
    expect(statusLook(status)).toEqual({ variant, icon });
  });
});

describe('textsIn', () => {
  const failed = check({ status: 'failed', detail: 'antwortet nicht', detailEn: 'not answering', advice: 'Drucker einschalten', adviceEn: 'Switch on the printer' });
  it.each([
    ['de', 'antwortet nicht', 'Drucker einschalten'],
    ['de-DE', 'antwortet nicht', 'Drucker einschalten'],
    ['de-x-ls', 'antwortet nicht', 'Drucker einschalten'],
    ['en', 'not answering', 'Switch on the printer'],
  ])('%s', (language, detail, advice) => {
    expect(textsIn(failed, language)).toEqual({ detail, advice });
  });
});

describe('countsOf', () => {
  const devices = [
    check({ device: 'camera' }), check({ device: 'scanner', status: 'warning' }), check({ device: 'printer', status: 'failed' }),
    check({ device: 'payment' }), check({ device: 'fingerprints', status: 'failed' }),
  ];
  it('counts per status', () => {
    expect(countsOf(devices)).toEqual({ ok: 2, warning: 1, failed: 2 });
    expect(countsOf([])).toEqual({ ok: 0, warning: 0, failed: 0 });
  });
});
