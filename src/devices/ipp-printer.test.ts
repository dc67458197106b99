import { execFileSync } from 'node:child_process';
import { createServer as createHttpServer } from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../platform/errors.ts';
import { asList, chooseDocumentFormat, createIppPrinter, ippOperation, ippStatusError, parsePrinterUrl, printerFromUrl } from './ipp-printer.ts';
import { startTestCups, type TestCups, type TestQueue } from './testing/cups.ts';
import { makeTestPdf } from './testing/test-pdf.ts';

/** pdftotext and pdfinfo (poppler-utils) on a PDF in memory. */
function poppler(tool: 'pdftotext' | 'pdfinfo', pdf: Uint8Array): string {
  const dir = mkdtempSync(join(tmpdir(), 'bk-print-'));
  try {
    const file = join(dir, 'in.pdf');
    writeFileSync(file, pdf);
    return execFileSync(tool, tool === 'pdftotext' ? [file, '-'] : [file], { encoding: 'utf8' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  if (!(error instanceof AppError)) throw new Error(`expected an AppError, got ${String(error)}`);
  return error;
}

/** A loopback port nobody listens on. */
async function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

describe('printer addresses, formats and IPP status codes', () => {
  it.each([
    { url: 'ipp://127.0.0.1:8631/printers/kit', http: 'http://127.0.0.1:8631/printers/kit', uri: 'ipp://127.0.0.1:8631/printers/kit', queue: 'kit' },
    { url: 'ipp://drucker.koffer/ipp/print', http: 'http://drucker.koffer:631/ipp/print', uri: 'ipp://drucker.koffer:631/ipp/print', queue: 'print' },
    { url: 'ipps://10.0.0.5/printers/buero-2', http: 'https://10.0.0.5:631/printers/buero-2', uri: 'ipps://10.0.0.5:631/printers/buero-2', queue: 'buero-2' },
  ])('$url is posted to $http', ({ url, http, uri, queue }) => {
    const endpoint = parsePrinterUrl(url);
    expect(endpoint.url.href).toBe(http);
    expect(endpoint.printerUri).toBe(uri);
    expect(endpoint.queue).toBe(queue);
  });

  it.each(['http://127.0.0.1:631/printers/kit', 'ipp://127.0.0.1:631/', 'drucker', ''])('refuses %j as a printer address', (url) => {
    expect(() => printerFromUrl(url)).toThrow(expect.objectContaining({ code: 'PRINTER_URL_INVALID' }));
  });

  it('takes "simulator" as the simulated printer', async () => {
    const printer = printerFromUrl('simulator');
    expect(await printer.health()).toMatchObject({ driver: 'simulator', ok: true });
  });

  it.each([
    { supported: ['application/pdf', 'image/urf'], octet: false, chosen: 'application/pdf' },
    { supported: ['application/octet-stream', 'application/vnd.hp-pcl'], octet: false, chosen: undefined },
    { supported: ['application/octet-stream', 'application/vnd.hp-pcl'], octet: true, chosen: 'application/octet-stream' },
    { supported: ['image/pwg-raster'], octet: true, chosen: undefined },
    // A printer that does not list its formats gets the PDF; it answers document-format-not-supported if it must.
    { supported: [], octet: false, chosen: 'application/pdf' },
  ])('sends a PDF to a printer taking $supported (octet-stream fallback $octet) as $chosen', ({ supported, octet, chosen }) => {
    expect(chooseDocumentFormat(supported, { sendPdfAsOctetStream: octet })).toBe(chosen);
  });

  const endpoint = parsePrinterUrl('ipp://127.0.0.1:631/printers/kit');
  it.each([
    { status: 'successful-ok', code: undefined },
    { status: 'successful-ok-ignored-or-substituted-attributes', code: undefined },
    { status: 'client-error-not-found', code: 'PRINTER_QUEUE_NOT_FOUND' },
    { status: 'client-error-document-format-not-supported', code: 'PRINTER_FORMAT_UNSUPPORTED' },
    { status: 'server-error-not-accepting-jobs', code: 'PRINTER_NOT_ACCEPTING' },
    { status: 'client-error-forbidden', code: 'PRINTER_ACCESS_DENIED' },
    { status: 'server-error-busy', code: 'PRINTER_BUSY' },
    { status: 'server-error-internal-error', code: 'PRINTER_ERROR' },
  ])('IPP status $status is $code', ({ status, code }) => {
    const error = ippStatusError(endpoint, status);
    expect(error?.code).toBe(code);
    if (error) {
      expect(error.message).toContain('"kit"');
      expect(error.details?.['de']).toEqual(expect.any(String));
    }
  });

  it('reads one IPP value and a list alike', () => {
    expect(asList('idle')).toEqual(['idle']);
    expect(asList(['a', 'b'])).toEqual(['a', 'b']);
    expect(asList(undefined)).toEqual([]);
  });
});

// One private cupsd for the whole file; CI must have it (the packages are in .ci/run), so only a
// developer machine without CUPS skips, and says why.
const started = await startTestCups().then((cups) => ({ cups, reason: undefined }), (error: unknown) => ({ cups: undefined, reason: error instanceof Error ? error.message : String(error) }));
if (!started.cups && process.env.CI) throw new Error(`CUPS does not start on this CI machine: ${started.reason}`);
const skipReason = started.reason ? ` (skipped: cupsd cannot be started: ${started.reason.split('\n')[0]})` : '';

describe.skipIf(!started.cups)(`IPP printer against Debian's CUPS on loopback${skipReason}`, () => {
  const cups = started.cups as TestCups;
  const queues: Record<string, TestQueue> = {};
  const queue = async (name: string, options?: Parameters<TestCups['addQueue']>[1]) => {
    queues[name] ??= await cups.addQueue(name, options);
    return queues[name];
  };
  const fast = { requestTimeoutMs: 5_000, jobTimeoutMs: 20_000, pollIntervalMs: 50 };

  afterAll(async () => { await cups.stop(); });
  beforeEach(async () => { await Promise.all(Object.values(queues).map((q) => q.clearOutput())); });

  it('reports an idle PDF printer as ready, with its model', async () => {
    const kit = await queue('kit');
    const health = await createIppPrinter({ url: kit.url, ...fast }).health();
    expect(health).toMatchObject({
      device: 'printer', driver: 'ipp', ok: true, state: 'idle', acceptingJobs: true,
      model: 'Buergerkoffer Test PDF Printer', stateReasons: [],
    });
    expect(health.detail).toBe('Buergerkoffer Test PDF Printer: bereit');
    expect(health.detailEn).toBe('Buergerkoffer Test PDF Printer: ready');
    expect(Date.parse(health.checkedAt)).not.toBeNaN();
  });

  it('prints a PDF in two copies and follows the job until it is completed', async () => {
    const kit = await queue('kit');
    const pdf = await makeTestPdf(['Meldebestätigung für Frau Krüger, Seite 1', 'Seite 2 von 2: Anschrift Am Stadtpark 5']);
    const before = Date.now();
    const result = await createIppPrinter({ url: kit.url, ...fast }).print({ document: pdf, mediaType: 'application/pdf', title: 'Meldebestätigung', copies: 2 });
    expect(result.state).toBe('completed');
    expect(result.jobId).toBeGreaterThan(0);
    expect(result.stateReasons.filter((r) => r.endsWith('-error'))).toEqual([]);
    expect(Date.parse(result.submittedAt)).toBeGreaterThanOrEqual(before - 2_000);
    expect(Date.parse(result.finishedAt!)).toBeGreaterThanOrEqual(Date.parse(result.submittedAt));

    // What came out of the device: a PDF with both pages twice, the text as sent.
    const out = await kit.readOutput();
    expect(out.subarray(0, 5).toString()).toBe('%PDF-');
    expect(poppler('pdfinfo', out)).toMatch(/Pages:\s+4\n/);
    const text = poppler('pdftotext', out);
    expect(text.match(/Meldebestätigung für Frau Krüger, Seite 1/g)).toHaveLength(2);
    expect(text.match(/Seite 2 von 2: Anschrift Am Stadtpark 5/g)).toHaveLength(2);

    // And the queue kept the job as the driver described it.
    const job = await ippOperation({
      endpoint: parsePrinterUrl(kit.url), operation: 'Get-Job-Attributes', timeoutMs: 5_000,
      operationAttributes: { 'requesting-user-name': 'test', 'job-id': result.jobId, 'requested-attributes': ['job-name', 'copies', 'sides', 'job-originating-user-name', 'document-format'] },
    });
    expect(job.statusCode).toBe('successful-ok');
    expect(String(job.job['job-name'])).toContain('Meldebestätigung');
    expect(job.job['copies']).toBe(2);
    expect(job.job['sides']).toBe('one-sided');
    expect(String(job.job['job-originating-user-name'])).toContain('buergerkoffer');
  });

  it('asks for duplex where the printer has it', async () => {
    const kit = await queue('kit');
    const printer = createIppPrinter({ url: kit.url, ...fast, userName: 'koffer-1' });
    const result = await printer.print({ document: await makeTestPdf(['Vorderseite', 'Rückseite']), mediaType: 'application/pdf', title: 'Quittung', duplex: true });
    expect(result.state).toBe('completed');
    const job = await ippOperation({
      endpoint: parsePrinterUrl(kit.url), operation: 'Get-Job-Attributes', timeoutMs: 5_000,
      operationAttributes: { 'requesting-user-name': 'test', 'job-id': result.jobId, 'requested-attributes': ['sides', 'job-originating-user-name'] },
    });
    expect(job.job['sides']).toBe('two-sided-long-edge');
    expect(String(job.job['job-originating-user-name'])).toContain('koffer-1');
    expect(poppler('pdftotext', await kit.readOutput())).toContain('Rückseite');
  });

  it('reports a disabled queue as stopped and refuses to print on it until it is enabled', async () => {
    const paused = await queue('paused');
    await cups.disable('paused', 'Papier nachfüllen');
    const printer = createIppPrinter({ url: paused.url, ...fast });
    const health = await printer.health();
    expect(health).toMatchObject({ ok: false, state: 'stopped', stateReasons: expect.arrayContaining(['paused']) as unknown });
    expect(health.detail).toContain('angehalten');
    expect(health.detail).toContain('cupsenable');
    expect(health.detailEn).toContain('stopped');

    const error = await rejection(printer.print({ document: await makeTestPdf(['nicht drucken']), mediaType: 'application/pdf', title: 'Test' }));
    expect(error.code).toBe('PRINTER_NOT_READY');
    expect(error.message).toContain('nothing was sent');
    expect((await paused.readOutput()).length).toBe(0);

    await cups.enable('paused');
    expect(await printer.health()).toMatchObject({ ok: true, state: 'idle' });
    expect((await printer.print({ document: await makeTestPdf(['jetzt']), mediaType: 'application/pdf', title: 'Test' })).state).toBe('completed');
  });

  it('names a queue that does not exist', async () => {
    const url = `ipp://127.0.0.1:${cups.port}/printers/gibt-es-nicht`;
    const printer = createIppPrinter({ url, ...fast });
    const health = await printer.health();
    expect(health.ok).toBe(false);
    expect(health.detail).toContain('"gibt-es-nicht"');
    const error = await rejection(printer.print({ document: await makeTestPdf(['x']), mediaType: 'application/pdf', title: 'Test' }));
    expect(error.code).toBe('PRINTER_QUEUE_NOT_FOUND');
    expect(error.status).toBe(404);
    expect(error.message).toContain('lpstat -p');
  });

  it('says when nothing listens at the address', async () => {
    const port = await closedPort();
    const printer = createIppPrinter({ url: `ipp://127.0.0.1:${port}/printers/kit`, ...fast });
    const error = await rejection(printer.print({ document: await makeTestPdf(['x']), mediaType: 'application/pdf', title: 'Test' }));
    expect(error.code).toBe('PRINTER_UNREACHABLE');
    expect(error.message).toContain(`127.0.0.1:${port} refused the connection`);
    const health = await printer.health();
    expect(health).toMatchObject({ ok: false, driver: 'ipp', stateReasons: [] });
    expect(health.detail).toContain('lehnt die Verbindung ab');
  });

  it('says when what answers is not an IPP printer', async () => {
    const web = createHttpServer((_request, response) => { response.writeHead(200, { 'Content-Type': 'text/html' }).end('<html>Router</html>'); });
    await new Promise<void>((resolve) => web.listen(0, '127.0.0.1', resolve));
    try {
      const port = (web.address() as AddressInfo).port;
      const error = await rejection(createIppPrinter({ url: `ipp://127.0.0.1:${port}/ipp/print`, ...fast }).print({ document: await makeTestPdf(['x']), mediaType: 'application/pdf', title: 'Test' }));
      expect(error.code).toBe('PRINTER_ERROR');
      expect(error.message).toContain('is not an IPP printer');
    } finally {
      await new Promise((resolve) => web.close(resolve));
    }
  });

  it('refuses a PDF for a printer that cannot take PDF, without sending it', async () => {
    const plain = await queue('ohne-pdf', { kind: 'no-pdf' });
    const pdf = await makeTestPdf(['kein PDF-Drucker']);
    const error = await rejection(createIppPrinter({ url: plain.url, ...fast }).print({ document: pdf, mediaType: 'application/pdf', title: 'Test' }));
    expect(error.code).toBe('PRINTER_FORMAT_UNSUPPORTED');
    expect(error.message).toContain('cannot print PDF');
    expect(error.details?.['supported']).toContain('application/vnd.buergerkoffer-test');
    expect((await plain.readOutput()).length).toBe(0);

    // Sent anyway, CUPS answers with the IPP status the driver maps to the same code.
    const response = await ippOperation({
      endpoint: parsePrinterUrl(plain.url), operation: 'Print-Job', timeoutMs: 5_000, data: pdf,
      operationAttributes: { 'requesting-user-name': 'test', 'job-name': 'Test', 'document-format': 'application/pdf' },
    });
    expect(response.statusCode).toBe('client-error-document-format-not-supported');
    expect(ippStatusError(parsePrinterUrl(plain.url), response.statusCode)?.code).toBe('PRINTER_FORMAT_UNSUPPORTED');
  });

  const broken = new TextEncoder().encode('%PDF-1.7\nthis is not a PDF body\n%%EOF\n');

  it('takes a job the printer cannot read out of the queue and reports it canceled, with the printer\'s message', async () => {
    const kit = await queue('kit');
    const printer = createIppPrinter({ url: kit.url, ...fast });
    const result = await printer.print({ document: broken, mediaType: 'application/pdf', title: 'Kaputt' });
    expect(result.state).toBe('canceled');
    expect(result.stateReasons).toContain('job-completed-with-errors');
    expect(result.message).toMatch(/damaged|trailer/);
    expect(result.finishedAt).toEqual(expect.any(String));
    expect((await kit.readOutput()).length).toBe(0);
    // The queue goes on printing.
    expect(await printer.health()).toMatchObject({ ok: true, state: 'idle' });
    expect((await printer.print({ document: await makeTestPdf(['danach']), mediaType: 'application/pdf', title: 'Test' })).state).toBe('completed');
  });

  it('cancels the job and says so when the printer stops before it printed', async () => {
    const held = await queue('haelt-an', { holdJobs: true });
    const printer = createIppPrinter({ url: held.url, ...fast });
    const endpoint = parsePrinterUrl(held.url);
    const printing = printer.print({ document: await makeTestPdf(['angehalten']), mediaType: 'application/pdf', title: 'Test' }).then(() => undefined, (e: unknown) => e);
    // The job waits on hold; the printer is paused (as when paper runs out), then the job is let go.
    let jobId: number | undefined;
    for (let i = 0; i < 100 && jobId === undefined; i += 1) {
      const jobs = await ippOperation({ endpoint, operation: 'Get-Jobs', timeoutMs: 5_000, operationAttributes: { 'requesting-user-name': 'test', 'requested-attributes': ['job-id'] } });
      jobId = asList(jobs.job['job-id'])[0] as number | undefined;
      if (jobId === undefined) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(jobId).toBeGreaterThan(0);
    await cups.disable('haelt-an', 'Kein Papier');
    const released = await ippOperation({ endpoint, operation: 'Release-Job', timeoutMs: 5_000, operationAttributes: { 'requesting-user-name': 'test', 'job-id': jobId } });
    expect(released.statusCode).toBe('successful-ok');
    const error = await printing;
    if (!(error instanceof AppError)) throw new Error(`expected an AppError, got ${String(error)}`);
    expect(error.code, error.message).toBe('PRINTER_STOPPED');
    expect(error.details).toMatchObject({ jobId, printerState: 'stopped', canceled: true });
    expect(error.details?.['de']).toContain('angehalten');
    const job = await ippOperation({
      endpoint, operation: 'Get-Job-Attributes', timeoutMs: 5_000,
      operationAttributes: { 'requesting-user-name': 'test', 'job-id': jobId, 'requested-attributes': ['job-state'] },
    });
    expect(job.job['job-state']).toBe('canceled');
    await cups.enable('haelt-an');
  });

  it('prints over ipps:// when the printer\'s own certificate is configured, and refuses an unknown one', async () => {
    const kit = await queue('kit');
    const url = kit.url.replace('ipp://', 'ipps://');
    const untrusted = createIppPrinter({ url, ...fast });
    const error = await rejection(untrusted.print({ document: await makeTestPdf(['x']), mediaType: 'application/pdf', title: 'Test' }));
    expect(error.code).toBe('PRINTER_TLS_FAILED');
    expect((await untrusted.health()).detail).toContain('Zertifikat');

    const pinned = createIppPrinter({ url, ...fast, ca: await cups.certificate() });
    expect(await pinned.health()).toMatchObject({ ok: true, state: 'idle' });
    const result = await pinned.print({ document: await makeTestPdf(['Verschlüsselt gedruckt']), mediaType: 'application/pdf', title: 'TLS' });
    expect(result.state).toBe('completed');
    expect(poppler('pdftotext', await kit.readOutput())).toContain('Verschlüsselt gedruckt');
  });

  it('cancels a job that does not finish in time, so it does not come out later', async () => {
    const held = await queue('wartet', { holdJobs: true });
    const error = await rejection(createIppPrinter({ url: held.url, ...fast, jobTimeoutMs: 400 }).print({ document: await makeTestPdf(['später']), mediaType: 'application/pdf', title: 'Test' }));
    expect(error.code).toBe('PRINTER_JOB_TIMEOUT');
    expect(error.details).toMatchObject({ state: 'pending-held', canceled: true });
    expect(error.message).toContain('was canceled');
    const job = await ippOperation({
      endpoint: parsePrinterUrl(held.url), operation: 'Get-Job-Attributes', timeoutMs: 5_000,
      operationAttributes: { 'requesting-user-name': 'test', 'job-id': error.details?.['jobId'], 'requested-attributes': ['job-state'] },
    });
    expect(job.job['job-state']).toBe('canceled');
  });
});
