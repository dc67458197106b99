import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppError } from '../platform/errors.ts';
import { pngSize } from './png.ts';
import { scannerLimits } from './scanner-simulator.ts';
import type { DeviceHealth, HealthCheck, ScannedPage, Scanner } from './types.ts';

/**
 * A scanner through SANE's command-line frontend `scanimage` (Debian sane-utils): USB scanners
 * and anything else a SANE backend drives. The device's own option list (`scanimage -A`) decides
 * how "colour", "feeder" and the resolution are spelt, as backends name them differently; pages
 * come as PNG, several from the feeder in one batch.
 */
export interface SaneScannerOptions {
  /** The SANE device name as `scanimage -L` lists it, e.g. `test`, `genesys:libusb:001:004`. */
  device: string;
  /** Path of scanimage; `scanimage` from PATH by default. */
  scanimage?: string;
  /** Environment for scanimage, e.g. SANE_CONFIG_DIR for a kit-specific backend list. */
  env?: NodeJS.ProcessEnv;
  /** Backend-specific options appended to every scan, e.g. `['--test-picture', 'Color pattern']`. */
  extraArgs?: string[];
  /** Whole scan; a feeder batch at 600 dpi takes minutes. */
  timeoutMs?: number;
  now?: () => Date;
}

export interface SaneDevice {
  name: string;
  vendor: string;
  model: string;
  type: string;
}

/** What the device offers, read from `scanimage -A`. */
export interface SaneOptionInfo {
  modes: string[];
  sources: string[];
  resolutions: number[];
  resolutionRange?: { min: number; max: number; step: number };
  /** Largest scan area in mm (`-x`, `-y` ranges), when the backend gives one. */
  maxWidthMm?: number;
  maxHeightMm?: number;
}

export type SaneScanRequest = Parameters<Scanner['scan']>[0] & { signal?: AbortSignal };

export interface SaneScanner extends Scanner, HealthCheck {
  scan(options: SaneScanRequest): Promise<ScannedPage[]>;
  options(): Promise<SaneOptionInfo>;
}

const A4_MM = { width: 210, height: 297 } as const;

/** `  --name values [current]` lines of `scanimage -A`; values may contain spaces ("Automatic Document Feeder"). */
const optionLine = /^\s+(-{1,2}[a-zA-Z][\w-]*)(?:\[=\([^)]*\)\])?\s+(.*?)\s*\[([^\]]*)\]\s*$/;

export function parseSaneOptions(output: string): SaneOptionInfo {
  const info: SaneOptionInfo = { modes: [], sources: [], resolutions: [] };
  for (const line of output.split('\n')) {
    const match = optionLine.exec(line);
    if (!match) continue;
    const [, name, values = '', current] = match;
    if (current === 'inactive') continue;
    if (name === '--mode') info.modes = values.split('|').map((v) => v.trim());
    if (name === '--source') info.sources = values.split('|').map((v) => v.trim());
    if (name === '--resolution') {
      const range = /^(\d+)\.\.(\d+)\s*dpi(?:\s*\(in steps of (\d+)\))?/.exec(values);
      if (range) info.resolutionRange = { min: Number(range[1]), max: Number(range[2]), step: Math.max(1, Number(range[3] ?? 1)) };
      else info.resolutions = values.replace(/dpi.*$/, '').split('|').map(Number).filter((n) => Number.isInteger(n) && n > 0);
    }
    if (name === '-x' || name === '-y') {
      const range = /^[\d.]+\.\.([\d.]+)\s*mm/.exec(values);
      if (range) info[name === '-x' ? 'maxWidthMm' : 'maxHeightMm'] = Number(range[1]);
    }
  }
  return info;
}

const listFormat = '%d\t%v\t%m\t%t%n';

export function parseDeviceList(output: string): SaneDevice[] {
  return output.split('\n').filter((line) => line.includes('\t')).map((line) => {
    const [name = '', vendor = '', model = '', type = ''] = line.split('\t');
    return { name, vendor, model, type };
  });
}

interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

function run(binary: string, args: string[], options: { env?: NodeJS.ProcessEnv; timeoutMs: number; signal?: AbortSignal }): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    execFile(binary, args, {
      env: { ...process.env, ...options.env },
      timeout: options.timeoutMs,
      maxBuffer: 16 * 1024 * 1024,
      encoding: 'utf8',
      ...(options.signal ? { signal: options.signal } : {}),
    }, (error, stdout, stderr) => {
      if (error && (error.code === 'ENOENT' || error.name === 'AbortError' || error.killed)) {
        reject(error);
        return;
      }
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

/** The scanners SANE sees (`scanimage -L`), as name, vendor, model and type. */
export async function listSaneDevices(options: { scanimage?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Promise<SaneDevice[]> {
  const binary = options.scanimage ?? 'scanimage';
  let result: RunResult;
  try {
    result = await run(binary, ['-f', listFormat], { ...(options.env ? { env: options.env } : {}), timeoutMs: options.timeoutMs ?? 60_000 });
  } catch (error) {
    throw launchError(error, binary, 'the SANE device list');
  }
  if (result.code !== 0) throw new AppError('SCANNER_FAILED', `scanimage could not list the scanners (${lastLine(result.stderr)}).`, 502);
  return parseDeviceList(result.stdout);
}

export function createSaneScanner(options: SaneScannerOptions): SaneScanner {
  const binary = options.scanimage ?? 'scanimage';
  const device = options.device;
  const timeoutMs = options.timeoutMs ?? 300_000;
  const now = options.now ?? (() => new Date());
  const env = options.env ?? {};
  let cachedOptions: Promise<SaneOptionInfo> | undefined;

  async function readOptions(): Promise<SaneOptionInfo> {
    let result: RunResult;
    try {
      result = await run(binary, ['-d', device, '-A'], { env, timeoutMs: 60_000 });
    } catch (error) {
      throw launchError(error, binary, device);
    }
    if (result.code !== 0) throw statusError(device, result, 0);
    return parseSaneOptions(result.stdout);
  }

  function deviceOptions(): Promise<SaneOptionInfo> {
    cachedOptions ??= readOptions().catch((error: unknown) => {
      cachedOptions = undefined;
      throw error;
    });
    return cachedOptions;
  }

  async function scan(request: SaneScanRequest): Promise<ScannedPage[]> {
    const pages = request.pages ?? 1;
    if (!Number.isInteger(pages) || pages < 1 || pages > scannerLimits.maxPages) {
      throw new AppError('SCANNER_SETTING_UNSUPPORTED', `The scanner takes 1 to ${scannerLimits.maxPages} pages at a time, not ${pages}.`, 400);
    }
    const source = request.source ?? (pages > 1 ? 'feeder' : 'flatbed');
    const info = await deviceOptions();
    const sourceValue = pickSource(info, source);
    if (sourceValue === null) {
      throw new AppError('SCANNER_SETTING_UNSUPPORTED', source === 'feeder'
        ? `The scanner ${device} has no document feeder (it offers ${info.sources.join(', ')}). Scan the pages one by one on the glass (source flatbed).`
        : `The scanner ${device} has no flatbed (it offers ${info.sources.join(', ')}). Put the pages in the document feeder (source feeder).`, 400);
    }
    if (source === 'flatbed' && pages > 1) {
      throw new AppError('SCANNER_SETTING_UNSUPPORTED', `The flatbed of ${device} scans one page at a time, not ${pages}. Put the pages in the document feeder (source feeder) or scan them one by one.`, 400);
    }
    const dpi = request.dpi ?? defaultResolution(info);
    if (!supportsResolution(info, dpi)) {
      throw new AppError('SCANNER_SETTING_UNSUPPORTED', `The scanner ${device} scans at ${describeResolutions(info)} dpi, not ${dpi}. Choose one of these resolutions.`, 400);
    }
    const colour = request.colour ?? false;
    const mode = pickMode(info, colour);
    if (mode === null) {
      throw new AppError('SCANNER_SETTING_UNSUPPORTED', `The scanner ${device} does not scan in ${colour ? 'colour' : 'greyscale'} (it offers ${info.modes.join(', ')}). Choose the other colour setting.`, 400);
    }

    const dir = await mkdtemp(join(tmpdir(), 'bk-sane-'));
    try {
      const args = ['-d', device, '--format=png', '--resolution', String(dpi)];
      if (mode !== undefined) args.push('--mode', mode);
      if (sourceValue !== undefined) args.push('--source', sourceValue);
      // A4, or the whole glass when it is smaller; without -x/-y backends scan their default area.
      if (info.maxWidthMm !== undefined) args.push('-x', String(Math.min(A4_MM.width, info.maxWidthMm)));
      if (info.maxHeightMm !== undefined) args.push('-y', String(Math.min(A4_MM.height, info.maxHeightMm)));
      args.push(...(options.extraArgs ?? []));
      if (source === 'feeder') args.push(`--batch=${join(dir, 'page-%04d.png')}`, `--batch-count=${pages}`);
      else args.push('-o', join(dir, 'page-0001.png'));
      let result: RunResult;
      try {
        result = await run(binary, args, { env, timeoutMs, ...(request.signal ? { signal: request.signal } : {}) });
      } catch (error) {
        if (request.signal?.aborted) throw new AppError('SCANNER_CANCELLED', `The scan on ${device} was cancelled.`, 409);
        if (error instanceof Error && (error as { killed?: boolean }).killed) {
          throw new AppError('SCANNER_TIMEOUT', `The scanner ${device} did not finish within ${Math.round(timeoutMs / 1000)} s. Check the device, then scan again.`, 504);
        }
        throw launchError(error, binary, device);
      }
      const files = (await readdir(dir)).filter((name) => /^page-\d+\.png$/.test(name)).sort();
      // A feeder that runs out ends the batch with "out of documents": the pages before it are good.
      const ranOut = source === 'feeder' && /out of documents/i.test(result.stderr) && files.length > 0;
      if (result.code !== 0 && !ranOut) throw statusError(device, result, files.length);
      const scanned: ScannedPage[] = [];
      for (const file of files) {
        const content = new Uint8Array(await readFile(join(dir, file)));
        const size = pngSize(content);
        if (!size) throw new AppError('SCANNER_FAILED', `The scanner ${device} delivered a page that is not a PNG image. Scan again; if it persists, check the SANE backend.`, 502);
        scanned.push({ content, mediaType: 'image/png', widthPx: size.width, heightPx: size.height, dpi });
      }
      if (scanned.length === 0) {
        throw new AppError('SCANNER_FAILED', `The scanner ${device} finished without a page (${lastLine(result.stderr) || 'no message'}). Check the paper, then scan again.`, 502);
      }
      return scanned;
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  async function health(): Promise<DeviceHealth> {
    const checkedAt = now().toISOString();
    try {
      const info = await readOptions();
      cachedOptions = Promise.resolve(info);
      const listed = (await listSaneDevices({ scanimage: binary, env }).catch(() => [])).find((d) => d.name === device);
      const name = listed ? `${listed.vendor} ${listed.model}` : device;
      const feeder = pickSource(info, 'feeder') !== null;
      const flatbed = pickSource(info, 'flatbed') !== null;
      const de = [flatbed ? 'Flachbett' : null, feeder ? 'Einzug' : null].filter(Boolean).join(' + ');
      const en = [flatbed ? 'flatbed' : null, feeder ? 'feeder' : null].filter(Boolean).join(' + ');
      return {
        device: 'scanner', driver: 'sane', ok: true,
        detail: `${name} (${de}, ${describeResolutions(info)} dpi) bereit`,
        detailEn: `${name} (${en}, ${describeResolutions(info)} dpi) ready`,
        checkedAt,
      };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const code = error instanceof AppError ? error.code : 'SCANNER_FAILED';
      return { device: 'scanner', driver: 'sane', ok: false, detail: `Scanner ${device}: ${germanProblem(code)}`, detailEn: message, checkedAt };
    }
  }

  return { scan, health, options: deviceOptions };
}

/**
 * The backend's value for the source, undefined when the device has no --source option (a plain
 * flatbed), null when it has no such input. Feeders are "ADF", "Automatic Document Feeder",
 * "ADF Front"; a duplex or back-side value is taken only when nothing else fits.
 */
function pickSource(info: SaneOptionInfo, source: 'flatbed' | 'feeder'): string | undefined | null {
  if (info.sources.length === 0) return source === 'flatbed' ? undefined : null;
  if (source === 'flatbed') return info.sources.find((s) => /flatbed|platen|normal/i.test(s)) ?? null;
  const feeders = info.sources.filter((s) => /adf|feeder|automatic/i.test(s));
  return feeders.find((s) => !/duplex|back/i.test(s)) ?? feeders[0] ?? null;
}

/** The backend's name for colour or greyscale ("Color", "Colour", "24bit Color"; "Gray", "Grey", "Grayscale"). */
function pickMode(info: SaneOptionInfo, colour: boolean): string | undefined | null {
  if (info.modes.length === 0) return undefined;
  const pattern = colour ? /colou?r/i : /gr[ae]y/i;
  return info.modes.find((m) => pattern.test(m) && !/lineart|halftone/i.test(m)) ?? null;
}

function supportsResolution(info: SaneOptionInfo, dpi: number): boolean {
  if (!Number.isInteger(dpi)) return false;
  if (info.resolutions.includes(dpi)) return true;
  const range = info.resolutionRange;
  if (range) return dpi >= range.min && dpi <= range.max && (dpi - range.min) % range.step === 0;
  return info.resolutions.length === 0;
}

function describeResolutions(info: SaneOptionInfo): string {
  if (info.resolutionRange) return `${info.resolutionRange.min}–${info.resolutionRange.max}`;
  return info.resolutions.join(', ') || 'its default';
}

function defaultResolution(info: SaneOptionInfo): number {
  if (supportsResolution(info, 300)) return 300;
  return info.resolutions.reduce((best, dpi) => (Math.abs(dpi - 300) < Math.abs(best - 300) ? dpi : best), info.resolutions[0] ?? 300);
}

function lastLine(text: string): string {
  const lines = text.split('\n').map((l) => l.trim()).filter((l) => l !== '' && !/^Output format is not set/.test(l));
  return (lines.at(-1) ?? '').replace(/^scanimage:\s*/, '');
}

/** scanimage's message (sane_strstatus) and exit status (the SANE_Status) as the officer's error. */
function statusError(device: string, result: RunResult, pagesDone: number): AppError {
  const text = result.stderr;
  const detail = lastLine(text);
  const progress = pagesDone > 0 ? ` after ${pagesDone} page${pagesDone === 1 ? '' : 's'}` : '';
  if (/Document feeder jammed/i.test(text) || result.code === 6) {
    return new AppError('SCANNER_JAMMED', `Paper is jammed in the feeder of ${device}${progress}. Open the feeder, remove the sheet, put the unscanned pages back and scan again.`, 409);
  }
  if (/out of documents/i.test(text) || result.code === 7) {
    return new AppError('SCANNER_FEEDER_EMPTY', `The document feeder of ${device} is empty. Put the pages in the feeder, then scan again.`, 409);
  }
  if (/cover is open/i.test(text) || result.code === 8) {
    return new AppError('SCANNER_COVER_OPEN', `The cover of ${device} is open. Close it, then scan again.`, 409);
  }
  if (/Device busy/i.test(text) || result.code === 3) {
    return new AppError('SCANNER_BUSY', `The scanner ${device} is busy (another program is using it). Wait a moment or close the other program, then scan again.`, 503);
  }
  if (/Access to resource has been denied/i.test(text) || result.code === 11) {
    return new AppError('SCANNER_ACCESS_DENIED', `The kit may not use the scanner ${device} (access denied). Add the kit's user to the "scanner" group, then try again.`, 502);
  }
  if (/open of device .* failed/i.test(text)) {
    return new AppError('SCANNER_UNREACHABLE', `The scanner ${device} cannot be opened (${detail.replace(/^open of device .* failed:\s*/, '')}). Check that it is connected and switched on; \`scanimage -L\` lists the scanners the kit sees.`, 502);
  }
  if (/setting of option .* failed/i.test(text)) {
    return new AppError('SCANNER_SETTING_UNSUPPORTED', `The scanner ${device} refused a setting (${detail}). Choose another resolution or colour setting.`, 400);
  }
  if (/Error during device I\/O/i.test(text) || result.code === 9) {
    return new AppError('SCANNER_FAILED', `The connection to the scanner ${device} failed while scanning${progress}. Check the cable and that it is switched on, then scan again.`, 502);
  }
  return new AppError('SCANNER_FAILED', `The scanner ${device} reported a problem${progress}: ${detail || `scanimage exit status ${result.code}`}. Check the device, then scan again.`, 502);
}

function launchError(error: unknown, binary: string, what: string): AppError {
  if (error instanceof Error && (error as NodeJS.ErrnoException).code === 'ENOENT') {
    return new AppError('SCANNER_DRIVER_MISSING', `SANE's scanimage (${binary}) is not installed on this machine, so ${what} cannot be used. Install the Debian package sane-utils.`, 502);
  }
  return new AppError('SCANNER_FAILED', `scanimage could not be run for ${what} (${error instanceof Error ? error.message : String(error)}).`, 502);
}

function germanProblem(code: string): string {
  switch (code) {
    case 'SCANNER_DRIVER_MISSING': return 'SANE (scanimage) ist nicht installiert – Paket sane-utils installieren';
    case 'SCANNER_UNREACHABLE': return 'nicht gefunden – Kabel und Einschalter prüfen';
    case 'SCANNER_ACCESS_DENIED': return 'kein Zugriff – Benutzer des Koffers zur Gruppe „scanner“ hinzufügen';
    case 'SCANNER_BUSY': return 'von einem anderen Programm belegt – kurz warten';
    case 'SCANNER_JAMMED': return 'Papierstau – Papier entfernen';
    case 'SCANNER_COVER_OPEN': return 'Abdeckung offen – schließen';
    default: return 'meldet einen Fehler – Gerät aus- und einschalten';
  }
}
