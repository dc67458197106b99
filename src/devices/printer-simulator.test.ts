import { describe, expect, it } from 'vitest';
import { createSimulatedDevicePorts } from './simulators.ts';
import { createPrinterSimulator } from './printer-simulator.ts';
import { makeTestPdf } from './testing/test-pdf.ts';

const now = () => new Date('2026-12-03T09:30:00Z');

describe('printer simulator', () => {
  it('keeps the jobs it printed, with copies and duplex', async () => {
    const printer = createPrinterSimulator({ now });
    const pdf = await makeTestPdf(['Meldebestätigung']);
    const first = await printer.print({ document: pdf, mediaType: 'application/pdf', title: 'Meldebestätigung', copies: 2, duplex: true });
    const second = await printer.print({ document: pdf, mediaType: 'application/pdf', title: 'Quittung' });
    expect(first).toEqual({ jobId: 1, state: 'completed', stateReasons: ['job-completed-successfully'], submittedAt: '2026-12-03T09:30:00.000Z', finishedAt: '2026-12-03T09:30:00.000Z' });
    expect(second.jobId).toBe(2);
    expect(printer.jobs.map((j) => [j.title, j.copies, j.duplex])).toEqual([['Meldebestätigung', 2, true], ['Quittung', 1, false]]);
    expect(printer.jobs[0]!.document).toEqual(pdf);
  });

  it('runs out of paper: health says so in German and English, print refuses, refilling helps', async () => {
    const printer = createPrinterSimulator({ now });
    printer.setStateReasons(['media-empty-error']);
    const health = await printer.health();
    expect(health).toMatchObject({ device: 'printer', driver: 'simulator', ok: false, state: 'idle', stateReasons: ['media-empty-error'] });
    expect(health.detail).toContain('Kein Papier: Papier einlegen');
    expect(health.detailEn).toContain('Out of paper: load paper');
    const pdf = await makeTestPdf(['x']);
    await expect(printer.print({ document: pdf, mediaType: 'application/pdf', title: 'Test' })).rejects.toMatchObject({ code: 'PRINTER_NOT_READY', status: 409 });
    expect(printer.jobs).toHaveLength(0);
    printer.setStateReasons([]);
    expect((await printer.print({ document: pdf, mediaType: 'application/pdf', title: 'Test' })).state).toBe('completed');
  });

  it('warns about low toner but prints', async () => {
    const printer = createPrinterSimulator({ now, stateReasons: ['toner-low-warning'] });
    const health = await printer.health();
    expect(health.ok).toBe(true);
    expect(health.detail).toBe('Bürgerkoffer Druckersimulator: bereit – Toner fast leer: Ersatz mitnehmen');
    expect((await printer.print({ document: await makeTestPdf(['x']), mediaType: 'application/pdf', title: 'Test' })).state).toBe('completed');
  });

  it('plays a printer that aborts jobs', async () => {
    const printer = createPrinterSimulator({ now, jobOutcome: 'aborted' });
    expect(await printer.print({ document: await makeTestPdf(['x']), mediaType: 'application/pdf', title: 'Test' })).toMatchObject({ state: 'aborted', stateReasons: ['aborted-by-system'] });
  });

  it.each([
    { name: 'not a PDF', job: { document: new TextEncoder().encode('hello'), title: 'Test' }, message: /not a PDF/ },
    { name: 'no title', job: { title: '  ' }, message: /needs a title/ },
    { name: 'zero copies', job: { copies: 0 }, message: /1 to 99 copies/ },
    { name: '100 copies', job: { copies: 100 }, message: /1 to 99 copies/ },
    { name: 'half a copy', job: { copies: 1.5 }, message: /1 to 99 copies/ },
  ])('refuses a job with $name, as the IPP driver does', async ({ job, message }) => {
    const printer = createPrinterSimulator({ now });
    const base = { document: await makeTestPdf(['x']), mediaType: 'application/pdf' as const, title: 'Test' };
    await expect(printer.print({ ...base, ...job })).rejects.toMatchObject({ code: 'PRINT_JOB_INVALID', message: expect.stringMatching(message) as unknown });
  });

  it('is the printer of the simulated device ports', async () => {
    expect(await createSimulatedDevicePorts().printer.health()).toMatchObject({ device: 'printer', driver: 'simulator', ok: true });
  });
});
