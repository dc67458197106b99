import { describe, expect, it } from 'vitest';
import { blockingReasons, printerHealthFrom, reasonText, splitReason } from './printer-status.ts';

describe('printer state reasons', () => {
  it.each([
    { keyword: 'media-empty-error', base: 'media-empty', severity: 'error' },
    { keyword: 'toner-low-warning', base: 'toner-low', severity: 'warning' },
    { keyword: 'paused', base: 'paused', severity: undefined },
  ])('$keyword is $base with severity $severity', ({ keyword, base, severity }) => {
    expect(splitReason(keyword)).toEqual({ base, severity });
  });

  it.each([
    { reasons: ['none'], blocking: [] },
    { reasons: ['toner-low-warning', 'media-low-report'], blocking: [] },
    { reasons: ['media-empty-error'], blocking: ['media-empty-error'] },
    { reasons: ['media-empty'], blocking: ['media-empty'] },
    { reasons: ['paused'], blocking: ['paused'] },
    { reasons: ['toner-low'], blocking: [] },
    { reasons: ['media-jam-warning'], blocking: [] },
    { reasons: ['some-vendor-thing-error'], blocking: ['some-vendor-thing-error'] },
    { reasons: ['cups-waiting-for-job-completed'], blocking: [] },
  ])('$reasons block printing: $blocking', ({ reasons, blocking }) => {
    expect(blockingReasons(reasons)).toEqual(blocking);
  });

  it('reads known reasons in German and English and shows unknown ones as they are', () => {
    expect(reasonText('media-jam-error')).toEqual({ de: 'Papierstau: Klappe öffnen und das Papier entfernen', en: 'Paper jam: open the cover and remove the paper' });
    expect(reasonText('vendor-xyz')).toEqual({ de: 'vendor-xyz', en: 'vendor-xyz' });
  });

  it.each([
    { state: 'idle' as const, reasons: ['none'], accepting: true, ok: true, detail: 'HP LaserJet: bereit' },
    { state: 'processing' as const, reasons: ['toner-low-warning'], accepting: true, ok: true, detail: 'HP LaserJet: druckt – Toner fast leer: Ersatz mitnehmen' },
    { state: 'stopped' as const, reasons: ['media-empty-error', 'door-open-error'], accepting: true, ok: false, detail: 'HP LaserJet: angehalten – Kein Papier: Papier einlegen; Klappe offen: Klappe schließen' },
    { state: 'idle' as const, reasons: [], accepting: false, ok: false, detail: 'HP LaserJet: bereit – nimmt keine Aufträge an (cupsaccept)' },
  ])('a printer $state with $reasons (accepting $accepting) is ok=$ok', ({ state, reasons, accepting, ok, detail }) => {
    const health = printerHealthFrom({ driver: 'ipp', where: 'ipp://x/ipp/print', model: 'HP LaserJet', state, stateReasons: reasons, acceptingJobs: accepting, checkedAt: '2026-12-03T09:30:00.000Z' });
    expect(health.ok).toBe(ok);
    expect(health.detail).toBe(detail);
    expect(health.stateReasons).toEqual(reasons.filter((r) => r !== 'none'));
  });
});
