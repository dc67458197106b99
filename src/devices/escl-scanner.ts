import http from 'node:http';
import https from 'node:https';
import { AppError } from '../platform/errors.ts';
import {
  describeResolutions, EsclFormatError, parseCapabilities, parseStatus, renderScanSettings, supportsResolution,
  type EsclCapabilities, type EsclDocumentFormat, type EsclInputCaps, type EsclStatus,
} from './escl-protocol.ts';
import { imageSize } from './image-size.ts';
import { scannerLimits } from './scanner-simulator.ts';
import type { DeviceHealth, HealthCheck, ScannedPage, Scanner } from './types.ts';

/**
 * A network scanner over eSCL (AirScan, Mopria): capabilities and status as XML, a scan job per
 * scan (POST ScanJobs → Location), its pages through NextDocument until 404, DELETE when the scan
 * is abandoned. Device states (busy, feeder empty, jam, stopped) become AppErrors whose messages
 * tell the officer what to do at the device.
 */
export interface EsclScannerOptions {
  /** Base of the eSCL service, e.g. http://192.168.8.20:80/eSCL (the device announces the path as `rs` in mDNS). */
  url: string;
  /** Per HTTP request; a device that answers nothing for this long counts as unreachable. */
  requestTimeoutMs?: number;
  /** The whole scan, all pages; feeders at 600 dpi colour can take minutes. */
  scanTimeoutMs?: number;
  /** Wait between NextDocument polls while the device answers 503 (still scanning). */
  pollIntervalMs?: number;
  /** https only: the device's certificate or its CA (PEM), since scanners usually sign their own. */
  ca?: string;
  /** https only: accept any certificate. Only for a device on the kit's own isolated network. */
  insecure?: boolean;
  now?: () => Date;
}

export type ScanRequest = Parameters<Scanner['scan']>[0] & { signal?: AbortSignal };

export interface EsclScanner extends Scanner, HealthCheck {
  scan(options: ScanRequest): Promise<ScannedPage[]>;
  capabilities(): Promise<EsclCapabilities>;
  status(): Promise<EsclStatus>;
}

/** A4 in 1/300 inch, the unit of eSCL scan regions. */
const A4_300 = { width: 2480, height: 3508 } as const;
/** In order of preference: lossless first; PDF last, as its pages must be measured from the settings. */
const formatPreference: EsclDocumentFormat[] = ['image/png', 'image/jpeg', 'application/pdf'];

interface Response {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

export function createEsclScanner(options: EsclScannerOptions): EsclScanner {
  const base = new URL(options.url.endsWith('/') ? options.url : `${options.url}/`);
  if (base.protocol !== 'http:' && base.protocol !== 'https:') {
    throw new AppError('SCANNER_CONFIG_INVALID', `The eSCL scanner address ${options.url} must start with http:// or https://.`, 400);
  }
  const where = base.host;
  const requestTimeoutMs = options.requestTimeoutMs ?? 30_000;
  const scanTimeoutMs = options.scanTimeoutMs ?? 300_000;
  const pollIntervalMs = options.pollIntervalMs ?? 500;
  const now = options.now ?? (() => new Date());
  let cachedCapabilities: EsclCapabilities | undefined;

  function request(method: string, target: URL, body?: string, signal?: AbortSignal): Promise<Response> {
    return new Promise((resolve, reject) => {
      const headers: http.OutgoingHttpHeaders = { accept: '*/*' };
      if (body !== undefined) {
        headers['content-type'] = 'text/xml';
        headers['content-length'] = Buffer.byteLength(body);
      }
      const common = { method, headers, timeout: requestTimeoutMs, ...(signal ? { signal } : {}) };
      const req = target.protocol === 'https:'
        ? https.request(target, { ...common, ...(options.ca ? { ca: options.ca } : {}), rejectUnauthorized: !options.insecure })
        : http.request(target, common);
      req.on('timeout', () => req.destroy(Object.assign(new Error(`no answer within ${requestTimeoutMs} ms`), { code: 'ETIMEDOUT' })));
      req.on('error', (error) => reject(transportError(error, where)));
      req.on('response', (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', (error) => reject(transportError(error, where)));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      });
      req.end(body);
    });
  }

  async function getXml<T>(path: string, parse: (xml: string) => T): Promise<T> {
    const response = await request('GET', new URL(path, base));
    if (response.status !== 200) {
      if (response.status === 503) throw busy(where);
      throw protocolError(where, `${path} answered HTTP ${response.status}`);
    }
    try {
      return parse(response.body.toString('utf8'));
    } catch (error) {
      if (error instanceof EsclFormatError) throw protocolError(where, `${path}: ${error.message}`);
      throw error;
    }
  }

  async function capabilities(): Promise<EsclCapabilities> {
    cachedCapabilities ??= await getXml('ScannerCapabilities', parseCapabilities);
    return cachedCapabilities;
  }

  function status(): Promise<EsclStatus> {
    return getXml('ScannerStatus', parseStatus);
  }

  /** The status read after a refusal or failure, to say what is wrong at the device; null when it cannot be read either. */
  async function stateError(model: string, source: 'flatbed' | 'feeder', jobUrl?: URL): Promise<AppError | null> {
    let current: EsclStatus;
    try {
      current = await status();
    } catch {
      return null;
    }
    const job = jobUrl ? current.jobs.find((j) => j.uri !== '' && new URL(j.uri, base).pathname === jobUrl.pathname) : undefined;
    // Kyocera reports an emptied feeder as ScannerAdfProcessing once a job has failed on it.
    if (source === 'feeder' && jobUrl && current.adfState === 'ScannerAdfProcessing' && job?.state !== 'Processing') return feederEmpty(model);
    return deviceStateError(model, current, source, job?.reasons ?? []);
  }

  async function deleteJob(jobUrl: URL): Promise<void> {
    try {
      await request('DELETE', jobUrl);
    } catch {
      // Best effort: a device that is gone has no job left to cancel.
    }
  }

  async function scan(scanOptions: ScanRequest): Promise<ScannedPage[]> {
    const pages = scanOptions.pages ?? 1;
    if (!Number.isInteger(pages) || pages < 1 || pages > scannerLimits.maxPages) {
      throw new AppError('SCANNER_SETTING_UNSUPPORTED', `The scanner takes 1 to ${scannerLimits.maxPages} pages at a time, not ${pages}.`, 400);
    }
    const source = scanOptions.source ?? (pages > 1 ? 'feeder' : 'flatbed');
    const caps = await capabilities();
    const model = caps.makeAndModel;
    const input = source === 'feeder' ? caps.adf : caps.platen;
    if (!input) {
      throw new AppError('SCANNER_SETTING_UNSUPPORTED', source === 'feeder'
        ? `${model} has no document feeder. Scan the pages one by one on the glass (source flatbed).`
        : `${model} has no flatbed. Put the pages in the document feeder (source feeder).`, 400);
    }
    if (source === 'flatbed' && pages > 1) {
      throw new AppError('SCANNER_SETTING_UNSUPPORTED', `The flatbed of ${model} scans one page at a time, not ${pages}. Put the pages in the document feeder (source feeder) or scan them one by one.`, 400);
    }
    const dpi = scanOptions.dpi ?? defaultResolution(input);
    if (!supportsResolution(input, dpi)) {
      throw new AppError('SCANNER_SETTING_UNSUPPORTED', `${model} scans at ${describeResolutions(input)} dpi, not ${dpi}. Choose one of these resolutions.`, 400);
    }
    const colorMode = scanOptions.colour ?? false ? 'RGB24' : 'Grayscale8';
    if (!input.colorModes.includes(colorMode)) {
      throw new AppError('SCANNER_SETTING_UNSUPPORTED', `${model} does not scan in ${colorMode === 'RGB24' ? 'colour' : 'greyscale'} (it offers ${input.colorModes.join(', ')}). Choose the other colour setting.`, 400);
    }
    const format = formatPreference.find((f) => input.documentFormats.includes(f));
    if (!format) {
      throw new AppError('SCANNER_SETTING_UNSUPPORTED', `${model} delivers only ${input.documentFormats.join(', ')}, none of PNG, JPEG or PDF. Use the scanner through SANE instead.`, 400);
    }
    const region = { width: Math.min(A4_300.width, input.maxWidth || A4_300.width), height: Math.min(A4_300.height, input.maxHeight || A4_300.height), xOffset: 0, yOffset: 0 };

    // Ask first: a feeder without paper or a stopped device is told apart from "busy" only here.
    const before = await status();
    const refused = deviceStateError(model, before, source, []);
    if (refused && refused.code !== 'SCANNER_BUSY') throw refused;

    const settings = renderScanSettings({
      version: caps.version.startsWith('1.') ? caps.version : '2.0',
      intent: 'Document',
      inputSource: source === 'feeder' ? 'Feeder' : 'Platen',
      colorMode,
      xResolution: dpi,
      yResolution: dpi,
      documentFormat: format,
      region,
    });
    const created = await request('POST', new URL('ScanJobs', base), settings, scanOptions.signal);
    if (created.status !== 201 && created.status !== 200) {
      if (created.status === 409 || created.status === 503) throw (await stateError(model, source)) ?? busy(where, model);
      throw protocolError(where, `ScanJobs answered HTTP ${created.status}${created.body.length > 0 ? `: ${created.body.toString('utf8').slice(0, 200)}` : ''}`);
    }
    const location = created.headers.location;
    if (!location) throw protocolError(where, 'the scan job was created without a Location');
    const jobUrl = new URL(location, base);
    const nextDocument = new URL(`${jobUrl.pathname.replace(/\/$/, '')}/NextDocument`, jobUrl);

    const deadline = Date.now() + scanTimeoutMs;
    const result: ScannedPage[] = [];
    try {
      while (result.length < pages) {
        if (scanOptions.signal?.aborted) throw cancelled(model);
        if (Date.now() > deadline) {
          throw new AppError('SCANNER_TIMEOUT', `${model} did not deliver page ${result.length + 1} within ${Math.round(scanTimeoutMs / 1000)} s. Check the device's display, then scan again.`, 504);
        }
        const response = await request('GET', nextDocument, undefined, scanOptions.signal);
        if (response.status === 200) {
          result.push(toPage(response, format, dpi, region, where));
          continue;
        }
        if (response.status === 503) {
          // Warming up or scanning the next sheet, unless the status shows a jam or a stop.
          const problem = await stateError(model, source, jobUrl);
          if (problem && problem.code !== 'SCANNER_BUSY') throw problem;
          await delay(pollIntervalMs, scanOptions.signal);
          continue;
        }
        if (response.status === 404) {
          if (result.length > 0) return result;
          throw (await stateError(model, source, jobUrl)) ?? (source === 'feeder' ? feederEmpty(model) : protocolError(where, 'the scan job ended without a page'));
        }
        throw (await stateError(model, source, jobUrl)) ?? protocolError(where, `NextDocument answered HTTP ${response.status}`);
      }
      // Enough pages: a feeder with more sheets in it would keep scanning them.
      if (source === 'feeder') await deleteJob(jobUrl);
      return result;
    } catch (error) {
      await deleteJob(jobUrl);
      if (scanOptions.signal?.aborted) throw cancelled(model);
      throw error;
    }
  }

  async function health(): Promise<DeviceHealth> {
    const checkedAt = now().toISOString();
    try {
      const caps = await capabilities();
      const current = await status();
      const problem = deviceStateError(caps.makeAndModel, current, caps.adf ? 'feeder' : 'flatbed', []);
      const sources = [caps.platen ? 'Flachbett' : null, caps.adf ? 'Einzug' : null].filter(Boolean).join(' + ');
      const sourcesEn = [caps.platen ? 'flatbed' : null, caps.adf ? 'feeder' : null].filter(Boolean).join(' + ');
      if (problem && problem.code !== 'SCANNER_FEEDER_EMPTY') {
        return { device: 'scanner', driver: 'escl', ok: false, detail: `${caps.makeAndModel}: ${germanState(problem.code)}`, detailEn: problem.message, checkedAt };
      }
      const busyNow = current.state === 'Processing';
      return {
        device: 'scanner', driver: 'escl', ok: true,
        detail: `${caps.makeAndModel} (${sources}) ${busyNow ? 'scannt gerade' : 'bereit'}${current.adfState === 'ScannerAdfEmpty' ? ', Einzug leer' : ''}`,
        detailEn: `${caps.makeAndModel} (${sourcesEn}) ${busyNow ? 'is scanning' : 'ready'}${current.adfState === 'ScannerAdfEmpty' ? ', feeder empty' : ''}`,
        checkedAt,
      };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const code = error instanceof AppError ? error.code : 'SCANNER_FAILED';
      return { device: 'scanner', driver: 'escl', ok: false, detail: `Scanner ${where}: ${germanState(code)}`, detailEn: message, checkedAt };
    }
  }

  return { scan, capabilities, status, health };
}

/** 300 dpi (legible stamps) when offered, else the nearest offered resolution. */
function defaultResolution(input: EsclInputCaps): number {
  if (supportsResolution(input, 300)) return 300;
  const offered = [...input.resolutions, ...(input.resolutionRange ? [input.resolutionRange.min, input.resolutionRange.max] : [])];
  return offered.reduce((best, dpi) => (Math.abs(dpi - 300) < Math.abs(best - 300) ? dpi : best), offered[0] ?? 300);
}

/**
 * What the device's status says is wrong for a scan from this source, as the officer's error;
 * null when it is ready. Job state reasons (PWG 5100.7) are read first, as they name the cause.
 */
export function deviceStateError(model: string, current: EsclStatus, source: 'flatbed' | 'feeder', jobReasons: string[]): AppError | null {
  const adf = current.adfState ?? '';
  const reasons = jobReasons.join(' ');
  if (source === 'feeder' || /Jam|media-jam/i.test(reasons)) {
    if (/Jam/i.test(adf) || /jam/i.test(reasons)) return jammed(model);
    if (/DoorOpen|HatchOpen|CoverOpen/i.test(adf) || /door-open|cover-open/i.test(reasons)) {
      return new AppError('SCANNER_COVER_OPEN', `The feeder cover of ${model} is open. Close it, then scan again.`, 409);
    }
    if (source === 'feeder' && (/Empty|NoMedia/i.test(adf) || /media-empty|input-tray-missing/i.test(reasons))) return feederEmpty(model);
  }
  if (current.state === 'Stopped' || current.state === 'Down') {
    return new AppError('SCANNER_STOPPED', `${model} has stopped (${current.state}${adf ? `, ${adf}` : ''}). Look at the device's display, clear the problem or switch it off and on, then scan again.`, 409);
  }
  if (current.state === 'Processing' || current.state === 'Testing') return busy(model, model);
  return null;
}

function germanState(code: string): string {
  switch (code) {
    case 'SCANNER_UNREACHABLE': return 'antwortet nicht – einschalten und Netzwerk des Koffers prüfen';
    case 'SCANNER_TLS': return 'Zertifikat nicht vertrauenswürdig – Zertifikat in der Konfiguration hinterlegen';
    case 'SCANNER_JAMMED': return 'Papierstau im Einzug – Papier entfernen';
    case 'SCANNER_COVER_OPEN': return 'Abdeckung des Einzugs offen – schließen';
    case 'SCANNER_STOPPED': return 'angehalten – Anzeige am Gerät prüfen, ggf. aus- und einschalten';
    case 'SCANNER_BUSY': return 'beschäftigt – kurz warten';
    case 'SCANNER_FEEDER_EMPTY': return 'Einzug leer – Seiten einlegen';
    default: return 'antwortet fehlerhaft – Gerät aus- und einschalten';
  }
}

function toPage(response: Response, format: EsclDocumentFormat, dpi: number, region: { width: number; height: number }, where: string): ScannedPage {
  const declared = String(response.headers['content-type'] ?? '').split(';')[0]?.trim();
  const mediaType = formatPreference.find((f) => f === declared) ?? format;
  const content = new Uint8Array(response.body);
  if (mediaType === 'application/pdf') {
    if (!response.body.subarray(0, 5).equals(Buffer.from('%PDF-'))) throw protocolError(where, 'a page announced as PDF is not a PDF');
    return { content, mediaType, widthPx: Math.round((region.width / 300) * dpi), heightPx: Math.round((region.height / 300) * dpi), dpi };
  }
  const size = imageSize(content);
  if (!size || size.mediaType !== mediaType) throw protocolError(where, `a page announced as ${mediaType} is not a readable ${mediaType} image`);
  return { content, mediaType, widthPx: size.width, heightPx: size.height, dpi };
}

function busy(where: string, model?: string): AppError {
  return new AppError('SCANNER_BUSY', `${model ?? `The scanner at ${where}`} is busy with another job. Wait until it is idle (its display), then scan again.`, 503);
}

function feederEmpty(model: string): AppError {
  return new AppError('SCANNER_FEEDER_EMPTY', `The document feeder of ${model} is empty. Put the pages in the feeder, face as shown on the tray, then scan again.`, 409);
}

function jammed(model: string): AppError {
  return new AppError('SCANNER_JAMMED', `Paper is jammed in the feeder of ${model}. Open the feeder cover, remove the sheet, put the unscanned pages back and scan again.`, 409);
}

function cancelled(model: string): AppError {
  return new AppError('SCANNER_CANCELLED', `The scan on ${model} was cancelled; the job on the device was deleted.`, 409);
}

function protocolError(where: string, what: string): AppError {
  return new AppError('SCANNER_PROTOCOL', `The scanner at ${where} answered in a way the kit does not understand (${what}). Switch it off and on; if it persists, use it through SANE.`, 502);
}

const unreachableCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EPIPE']);

function transportError(error: Error, where: string): Error {
  const code = (error as NodeJS.ErrnoException).code ?? '';
  if (error.name === 'AbortError') return error;
  if (unreachableCodes.has(code)) {
    return new AppError('SCANNER_UNREACHABLE', `The scanner at ${where} does not answer (${code}). Check that it is switched on and connected to the kit's network, then try again.`, 502);
  }
  if (/CERT|SELF_SIGNED|UNABLE_TO_VERIFY/.test(code)) {
    return new AppError('SCANNER_TLS', `The scanner at ${where} presented a certificate the kit does not trust (${code}). Add the device's certificate to the scanner configuration.`, 502);
  }
  return new AppError('SCANNER_UNREACHABLE', `The connection to the scanner at ${where} failed (${code || error.message}). Check the device and the network, then try again.`, 502);
}

function delay(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    }, { once: true });
  });
}
