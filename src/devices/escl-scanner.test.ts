import { createServer } from 'node:net';
import { PDFDocument } from 'pdf-lib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../platform/errors.ts';
import { startEsclServer, type EsclServer, type EsclServerOptions } from './escl-server.ts';
import { createEsclScanner, type EsclScanner } from './escl-scanner.ts';
import { a4Pixels } from './scanner-simulator.ts';

/** PNG colour type from IHDR: 0 greyscale, 2 RGB. */
function pngColourType(content: Uint8Array): number | undefined {
  return content[25];
}

function expectPng(content: Uint8Array): void {
  expect(Array.from(content.subarray(0, 8))).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
}

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected the promise to reject');
}

let server: EsclServer;
let scanner: EsclScanner;

async function start(options: EsclServerOptions = {}): Promise<void> {
  server = await startEsclServer(options);
  scanner = createEsclScanner({ url: server.url, pollIntervalMs: 10 });
}

afterEach(async () => {
  await server.close();
});

describe('eSCL scanner against the loopback eSCL server', () => {
  beforeEach(async () => {
    await start({ makeAndModel: 'Koffer Scan 3000', feederPages: 5 });
  });

  it('reads the capabilities: model, both inputs, resolutions, colour modes, formats', async () => {
    const caps = await scanner.capabilities();
    expect(caps.makeAndModel).toBe('Koffer Scan 3000');
    expect(caps.platen?.resolutions).toEqual([75, 100, 150, 200, 300, 600]);
    expect(caps.platen?.colorModes).toEqual(['RGB24', 'Grayscale8']);
    expect(caps.platen?.documentFormats).toEqual(['image/png', 'application/pdf']);
    expect(caps.adf?.feederCapacity).toBe(50);
    const status = await scanner.status();
    expect(status).toMatchObject({ state: 'Idle', adfState: 'ScannerAdfLoaded' });
  });

  it('scans one flatbed page as a real PNG at the requested resolution and in colour', async () => {
    const pages = await scanner.scan({ pages: 1, dpi: 150, colour: true, source: 'flatbed' });
    expect(pages).toHaveLength(1);
    const [page] = pages;
    if (!page) throw new Error('no page');
    expectPng(page.content);
    expect(pngColourType(page.content)).toBe(2);
    expect({ w: page.widthPx, h: page.heightPx }).toEqual({ w: a4Pixels(150).width, h: a4Pixels(150).height });
    expect(page).toMatchObject({ mediaType: 'image/png', dpi: 150 });
    expect(server.settings[0]).toMatchObject({ inputSource: 'Platen', colorMode: 'RGB24', xResolution: 150, yResolution: 150, documentFormat: 'image/png' });
    expect(server.requests).toContain('POST /eSCL/ScanJobs');
    expect(server.requests.some((r) => /^GET \/eSCL\/ScanJobs\/[0-9a-f-]+\/NextDocument$/.test(r))).toBe(true);
  });

  it('honours greyscale and a lower resolution in the image it returns', async () => {
    const [page] = await scanner.scan({ dpi: 75, colour: false });
    if (!page) throw new Error('no page');
    expect(pngColourType(page.content)).toBe(0);
    expect([page.widthPx, page.heightPx]).toEqual([620, 877]);
    // The size comes from the image's own header, not from the request.
    expect(page.content.length).toBeGreaterThan(100);
  });

  it('takes three pages from the feeder, each a different page, and leaves the rest in the tray', async () => {
    const pages = await scanner.scan({ pages: 3, dpi: 100, colour: false, source: 'feeder' });
    expect(pages).toHaveLength(3);
    for (const page of pages) expectPng(page.content);
    expect(new Set(pages.map((p) => Buffer.from(p.content).toString('base64'))).size).toBe(3);
    expect(server.settings[0]?.inputSource).toBe('Feeder');
    expect(server.feederPages()).toBe(2);
    // With sheets left in the tray the job is deleted, so the device does not keep feeding.
    expect(server.requests.filter((r) => r.startsWith('DELETE '))).toHaveLength(1);
  });

  it('returns the pages there were when the feeder runs out before the count', async () => {
    server.loadFeeder(2);
    const pages = await scanner.scan({ pages: 4, dpi: 75, source: 'feeder' });
    expect(pages).toHaveLength(2);
  });

  it('waits while the device answers 503 for a page still being scanned', async () => {
    await server.close();
    await start({ pageDelayMs: 60 });
    const [page] = await scanner.scan({ dpi: 75 });
    expect(page?.widthPx).toBe(620);
    expect(server.requests.filter((r) => r.endsWith('/NextDocument')).length).toBeGreaterThan(1);
  });

  it('delivers PDF pages when the device offers only PDF', async () => {
    await server.close();
    await start({ documentFormats: ['application/pdf'] });
    const [page] = await scanner.scan({ dpi: 100, colour: true });
    if (!page) throw new Error('no page');
    expect(page.mediaType).toBe('application/pdf');
    expect(Buffer.from(page.content.subarray(0, 5)).toString()).toBe('%PDF-');
    const pdf = await PDFDocument.load(page.content);
    expect(pdf.getPageCount()).toBe(1);
    expect([page.widthPx, page.heightPx]).toEqual([827, 1169]);
  });

  it('refuses a resolution the device does not offer, naming the ones it does', async () => {
    const error = await rejection(scanner.scan({ dpi: 250 }));
    expect(error.code).toBe('SCANNER_SETTING_UNSUPPORTED');
    expect(error.message).toContain('75, 100, 150, 200, 300, 600 dpi, not 250');
    expect(server.requests).not.toContain('POST /eSCL/ScanJobs');
  });

  it('refuses several pages on the flatbed', async () => {
    const error = await rejection(scanner.scan({ pages: 2, source: 'flatbed' }));
    expect(error.code).toBe('SCANNER_SETTING_UNSUPPORTED');
    expect(error.message).toMatch(/document feeder/);
  });

  it('reports a busy device', async () => {
    server.setFaults({ busy: true });
    const error = await rejection(scanner.scan({ dpi: 150 }));
    expect(error.code).toBe('SCANNER_BUSY');
    expect(error.message).toMatch(/busy.*Wait until it is idle/);
  });

  it('reports an empty feeder before it starts a job', async () => {
    server.loadFeeder(0);
    const error = await rejection(scanner.scan({ pages: 2, source: 'feeder' }));
    expect(error.code).toBe('SCANNER_FEEDER_EMPTY');
    expect(error.message).toMatch(/Put the pages in the feeder/);
    expect(server.settings).toHaveLength(0);
  });

  it('reports a paper jam in the middle of a feeder job and deletes the job', async () => {
    server.setFaults({ jamAfterPages: 1 });
    const error = await rejection(scanner.scan({ pages: 3, dpi: 75, source: 'feeder' }));
    expect(error.code).toBe('SCANNER_JAMMED');
    expect(error.message).toMatch(/remove the sheet/);
    expect(server.requests.some((r) => r.startsWith('DELETE /eSCL/ScanJobs/'))).toBe(true);
    expect((await scanner.status()).adfState).toBe('ScannerAdfJam');
    const health = await scanner.health();
    expect(health).toMatchObject({ device: 'scanner', driver: 'escl', ok: false });
    expect(health.detail).toMatch(/Papierstau/);
    // Cleared at the device, the next scan works.
    server.loadFeeder(3);
    server.setFaults({});
    expect(await scanner.scan({ pages: 1, dpi: 75, source: 'feeder' })).toHaveLength(1);
  });

  it('reads the status when the device answers a jam with 503 instead of waiting for a page that never comes', async () => {
    server.setFaults({ jamAfterPages: 0, jamAnswer: 503 });
    const started = Date.now();
    const error = await rejection(scanner.scan({ pages: 2, dpi: 75, source: 'feeder' }));
    expect(error.code).toBe('SCANNER_JAMMED');
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(server.settings[0]).toMatchObject({ inputSource: 'Feeder' });
  });

  it('reports an open feeder cover and a stopped device', async () => {
    server.setFaults({ coverOpen: true });
    expect((await rejection(scanner.scan({ pages: 2, source: 'feeder' }))).code).toBe('SCANNER_COVER_OPEN');
    server.setFaults({ stopped: true });
    const stopped = await rejection(scanner.scan({ dpi: 150 }));
    expect(stopped.code).toBe('SCANNER_STOPPED');
    expect(stopped.message).toMatch(/switch it off and on/);
  });

  it('deletes the job when the caller aborts', async () => {
    await server.close();
    await start({ pageDelayMs: 2_000 });
    const controller = new AbortController();
    const scanning = scanner.scan({ dpi: 75, signal: controller.signal });
    setTimeout(() => controller.abort(), 100);
    const error = await rejection(scanning);
    expect(error.code).toBe('SCANNER_CANCELLED');
    const jobId = /ScanJobs\/([0-9a-f-]+)\/NextDocument/.exec(server.requests.find((r) => r.includes('/NextDocument')) ?? '')?.[1];
    expect(jobId && server.jobState(jobId)).toBe('Canceled');
    expect(server.requests.filter((r) => r.startsWith('DELETE '))).toHaveLength(1);
  });

  it('says ready in its health check', async () => {
    const health = await scanner.health();
    expect(health).toMatchObject({ device: 'scanner', driver: 'escl', ok: true });
    expect(health.detail).toContain('Koffer Scan 3000 (Flachbett + Einzug) bereit');
  });
});

describe('eSCL scanner without a device', () => {
  it('turns a refused connection into SCANNER_UNREACHABLE and an unhealthy check', async () => {
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const address = probe.address();
        probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
      });
    });
    const offline = createEsclScanner({ url: `http://127.0.0.1:${port}/eSCL` });
    const error = await rejection(offline.scan({ dpi: 150 }));
    expect(error.code).toBe('SCANNER_UNREACHABLE');
    expect(error.message).toMatch(/ECONNREFUSED.*switched on/);
    const health = await offline.health();
    expect(health.ok).toBe(false);
    expect(health.detail).toMatch(/antwortet nicht/);
    // The suite's afterEach closes a server; give it one.
    server = await startEsclServer();
  });
});
