import { randomUUID } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { PDFDocument } from 'pdf-lib';
import {
  parseScanSettings, renderCapabilities, renderStatus, supportsResolution,
  type EsclCapabilities, type EsclDocumentFormat, type EsclInputCaps, type EsclScanSettings,
} from './escl-protocol.ts';
import { createScannerSimulator } from './scanner-simulator.ts';

/**
 * An eSCL scanner on loopback that speaks the real protocol (capabilities, status, scan jobs,
 * NextDocument, DELETE) and hands out the scanner simulator's pages: for the eSCL driver's tests
 * and for running the kit without hardware (`escl://127.0.0.1:<port>`). Faults are switched at
 * run time, as at a real device: busy with another job, paper jam after some pages, empty feeder,
 * open feeder cover, stopped.
 */
export interface EsclServerOptions {
  host?: string;
  /** 0 (the default) picks a free port. */
  port?: number;
  basePath?: string;
  makeAndModel?: string;
  resolutions?: number[];
  colorModes?: string[];
  /** What the device offers; the simulator makes PNG, PDF wraps that PNG. */
  documentFormats?: Exclude<EsclDocumentFormat, 'image/jpeg'>[];
  platen?: boolean;
  adf?: boolean;
  /** Sheets in the feeder at start. */
  feederPages?: number;
  /** Each page becomes ready this long after the previous one; NextDocument answers 503 meanwhile. */
  pageDelayMs?: number;
  /** Serve https with this key and certificate (PEM). */
  tls?: { key: string; cert: string };
}

export interface EsclFaults {
  /** Another job holds the device: POST ScanJobs answers 503 and the status says Processing. */
  busy?: boolean;
  /** The feeder jams after delivering this many pages of a job (0: on the first sheet). */
  jamAfterPages?: number;
  /** How NextDocument answers the jam: 409 (most devices) or 503 (the job looks merely unfinished; only the status tells). */
  jamAnswer?: 409 | 503;
  coverOpen?: boolean;
  /** The device is in an error state (Stopped). */
  stopped?: boolean;
}

interface Job {
  id: string;
  settings: EsclScanSettings;
  delivered: number;
  state: 'Processing' | 'Completed' | 'Canceled' | 'Aborted';
  reasons: string[];
  readyAt: number;
}

export interface EsclServer {
  /** Base URL of the eSCL service, e.g. http://127.0.0.1:40123/eSCL */
  url: string;
  port: number;
  capabilities: EsclCapabilities;
  /** Every request as "METHOD /path", in order, for tests to check what the client did. */
  requests: string[];
  /** The settings of every job created, in order. */
  settings: EsclScanSettings[];
  setFaults(faults: EsclFaults): void;
  /** Puts sheets into the feeder (replacing what is there). */
  loadFeeder(pages: number): void;
  feederPages(): number;
  jobState(id: string): Job['state'] | undefined;
  close(): Promise<void>;
}

export async function startEsclServer(options: EsclServerOptions = {}): Promise<EsclServer> {
  const basePath = (options.basePath ?? '/eSCL').replace(/\/$/, '');
  const inputCaps: EsclInputCaps = {
    minWidth: 16, maxWidth: 2550, minHeight: 16, maxHeight: 3508,
    colorModes: options.colorModes ?? ['RGB24', 'Grayscale8'],
    documentFormats: options.documentFormats ?? ['image/png', 'application/pdf'],
    resolutions: options.resolutions ?? [75, 100, 150, 200, 300, 600],
  };
  const capabilities: EsclCapabilities = {
    version: '2.63',
    makeAndModel: options.makeAndModel ?? 'Bürgerkoffer eSCL Simulator',
    serialNumber: 'SIM-0001',
    uuid: randomUUID(),
    ...(options.platen ?? true ? { platen: inputCaps } : {}),
    ...(options.adf ?? true ? { adf: { ...inputCaps, feederCapacity: 50 } } : {}),
  };
  const simulator = createScannerSimulator();
  let faults: EsclFaults = {};
  let feeder = options.feederPages ?? 10;
  let jammed = false;
  const jobs = new Map<string, Job>();
  const requests: string[] = [];
  const settingsLog: EsclScanSettings[] = [];
  const pageDelayMs = options.pageDelayMs ?? 0;

  const activeJob = () => [...jobs.values()].find((job) => job.state === 'Processing');

  function statusXml(): string {
    return renderStatus({
      state: faults.stopped ? 'Stopped' : faults.busy || activeJob() ? 'Processing' : 'Idle',
      ...(capabilities.adf ? {
        adfState: jammed ? 'ScannerAdfJam' : faults.coverOpen ? 'ScannerAdfDoorOpen' : feeder > 0 ? 'ScannerAdfLoaded' : 'ScannerAdfEmpty',
      } : {}),
      jobs: [...jobs.values()].map((job) => ({ uri: `${basePath}/ScanJobs/${job.id}`, state: job.state, reasons: job.reasons, imagesCompleted: job.delivered })),
    });
  }

  async function renderPage(settings: EsclScanSettings): Promise<{ type: string; body: Uint8Array }> {
    const [page] = await simulator.scan({ pages: 1, dpi: settings.xResolution, colour: settings.colorMode === 'RGB24' });
    if (!page) throw new Error('the simulator gave no page');
    if (settings.documentFormat !== 'application/pdf') return { type: 'image/png', body: page.content };
    const pdf = await PDFDocument.create();
    const image = await pdf.embedPng(page.content);
    const width = (page.widthPx / page.dpi) * 72;
    const height = (page.heightPx / page.dpi) * 72;
    pdf.addPage([width, height]).drawImage(image, { x: 0, y: 0, width, height });
    return { type: 'application/pdf', body: await pdf.save() };
  }

  function validate(settings: EsclScanSettings): string | null {
    const caps = settings.inputSource === 'Feeder' ? capabilities.adf : capabilities.platen;
    if (!caps) return `no ${settings.inputSource}`;
    if (!supportsResolution(caps, settings.xResolution) || settings.xResolution !== settings.yResolution) return `resolution ${settings.xResolution}×${settings.yResolution}`;
    if (!caps.colorModes.includes(settings.colorMode)) return `colour mode ${settings.colorMode}`;
    if (!caps.documentFormats.includes(settings.documentFormat)) return `format ${settings.documentFormat}`;
    return null;
  }

  async function handle(req: http.IncomingMessage, res: http.ServerResponse, body: string): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    requests.push(`${req.method} ${path}`);
    const send = (status: number, type?: string, content?: string | Uint8Array, headers: Record<string, string> = {}) => {
      res.writeHead(status, { ...(type ? { 'content-type': type } : {}), ...headers });
      res.end(content);
    };
    if (req.method === 'GET' && path === `${basePath}/ScannerCapabilities`) return send(200, 'text/xml', renderCapabilities(capabilities));
    if (req.method === 'GET' && path === `${basePath}/ScannerStatus`) return send(200, 'text/xml', statusXml());
    if (req.method === 'POST' && path === `${basePath}/ScanJobs`) {
      let settings: EsclScanSettings;
      try {
        settings = parseScanSettings(body);
      } catch (error) {
        return send(400, 'text/plain', error instanceof Error ? error.message : 'bad settings');
      }
      if (faults.stopped || faults.busy || activeJob()) return send(503, 'text/plain', 'busy');
      const invalid = validate(settings);
      if (invalid) return send(409, 'text/plain', `unsupported ${invalid}`);
      if (settings.inputSource === 'Feeder' && (jammed || faults.coverOpen || feeder === 0)) return send(409, 'text/plain', 'feeder not ready');
      const job: Job = { id: randomUUID(), settings, delivered: 0, state: 'Processing', reasons: ['JobScanning'], readyAt: Date.now() + pageDelayMs };
      jobs.set(job.id, job);
      settingsLog.push(settings);
      const host = req.headers.host ?? `127.0.0.1:${port}`;
      return send(201, undefined, undefined, { location: `${options.tls ? 'https' : 'http'}://${host}${basePath}/ScanJobs/${job.id}` });
    }
    const match = new RegExp(`^${basePath}/ScanJobs/([0-9a-f-]+)(/NextDocument)?$`).exec(path);
    const job = match?.[1] ? jobs.get(match[1]) : undefined;
    if (match && !job) return send(404);
    if (job && req.method === 'DELETE' && !match?.[2]) {
      if (job.state === 'Processing') {
        job.state = 'Canceled';
        job.reasons = ['JobCanceledByUser'];
      }
      return send(200);
    }
    if (job && req.method === 'GET' && match?.[2]) {
      if (job.state !== 'Processing') return send(404);
      if (Date.now() < job.readyAt) return send(503, 'text/plain', 'scanning');
      const feederJob = job.settings.inputSource === 'Feeder';
      if (feederJob && faults.jamAfterPages !== undefined && job.delivered >= faults.jamAfterPages) {
        jammed = true;
        if (faults.jamAnswer === 503) return send(503, 'text/plain', 'jam');
        job.state = 'Aborted';
        job.reasons = ['JobCanceledBySystem', 'media-jam'];
        return send(409, 'text/plain', 'jam');
      }
      if (feederJob ? feeder === 0 : job.delivered >= 1) {
        job.state = 'Completed';
        job.reasons = ['JobCompletedSuccessfully'];
        return send(404);
      }
      const page = await renderPage(job.settings);
      job.delivered += 1;
      job.readyAt = Date.now() + pageDelayMs;
      if (feederJob) feeder -= 1;
      // A flatbed job, or a feeder that just took its last sheet, is done after this page.
      if (!feederJob || feeder === 0) {
        job.state = 'Completed';
        job.reasons = ['JobCompletedSuccessfully'];
      }
      return send(200, page.type, page.body);
    }
    return send(404);
  }

  const listener: http.RequestListener = (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      handle(req, res, Buffer.concat(chunks).toString('utf8')).catch((error: unknown) => {
        res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(error instanceof Error ? error.message : String(error));
      });
    });
  };
  const server = options.tls ? https.createServer({ key: options.tls.key, cert: options.tls.cert }, listener) : http.createServer(listener);
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `${options.tls ? 'https' : 'http'}://${host}:${port}${basePath}`,
    port,
    capabilities,
    requests,
    settings: settingsLog,
    setFaults(next) {
      faults = { ...next };
      if (next.jamAfterPages === undefined) jammed = false;
    },
    loadFeeder(pages) {
      feeder = pages;
      jammed = false;
    },
    feederPages: () => feeder,
    jobState: (id) => jobs.get(id)?.state,
    close: () => new Promise<void>((resolve, reject) => {
      server.closeAllConnections();
      server.close((error) => (error ? reject(error) : resolve()));
    }),
  };
}

/**
 * `node src/devices/escl-server.ts [--port N] [--feeder PAGES]`: an eSCL scanner for running the
 * kit without hardware; configure it as the printed `escl://…` setting. Stops on Ctrl-C.
 */
if (import.meta.main) {
  const arg = (name: string): number | undefined => {
    const at = process.argv.indexOf(`--${name}`);
    const value = at >= 0 ? Number(process.argv[at + 1]) : undefined;
    return value !== undefined && Number.isInteger(value) && value >= 0 ? value : undefined;
  };
  const port = arg('port');
  const feederPages = arg('feeder');
  const server = await startEsclServer({ ...(port !== undefined ? { port } : {}), ...(feederPages !== undefined ? { feederPages } : {}) });
  process.stdout.write(`eSCL scanner simulator on ${server.url}: scanner setting escl://127.0.0.1:${server.port}/eSCL\n`);
  const stop = () => {
    void server.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
