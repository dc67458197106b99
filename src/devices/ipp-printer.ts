import { request as httpRequest, type IncomingMessage } from 'node:http';
import { X509Certificate } from 'node:crypto';
import { request as httpsRequest } from 'node:https';
import { checkServerIdentity, type PeerCertificate } from 'node:tls';
import ipp from 'ipp';
import { AppError } from '../platform/errors.ts';
import { createPrinterSimulator } from './printer-simulator.ts';
import { checkPrintJob, printerHealthFrom, printerNotReady, unreachablePrinterHealth } from './printer-status.ts';
import type { PrintJob, PrintJobResult, PrintJobState, Printer, PrinterHealth } from './types.ts';

/**
 * The kit printer over IPP (RFC 8011), as CUPS and every current network printer speak it:
 * Get-Printer-Attributes for health and what the printer takes, Print-Job with job-name, copies
 * and sides, then Get-Job-Attributes until the job is completed, aborted or canceled.
 *
 * The `ipp` package encodes and decodes the messages; the HTTP exchange is done here with
 * node:http(s), for a timeout on every request, TLS options for ipps:// and errors an officer
 * can act on (its own transport has neither and logs to the console).
 */
export interface IppPrinterOptions {
  /** ipp://host[:port]/printers/<queue> (CUPS) or ipp://host/ipp/print (a printer); ipps:// for TLS. */
  url: string;
  /** requesting-user-name on the queue; 'buergerkoffer' by default. */
  userName?: string;
  /** Milliseconds for one IPP request; 10 s by default. */
  requestTimeoutMs?: number;
  /** Milliseconds from Print-Job until the job must be final; 2 min by default. Past it the job is canceled. */
  jobTimeoutMs?: number;
  /** Milliseconds between two Get-Job-Attributes; 250 by default. */
  pollIntervalMs?: number;
  /**
   * For a printer that does not list application/pdf but auto-detects: send the PDF as
   * application/octet-stream. Off by default, as a printer without PDF support prints the PDF's
   * bytes as pages of garbage.
   */
  sendPdfAsOctetStream?: boolean;
  /**
   * ipps:// only: the printer's own certificate (PEM), for printers with a self-signed one. It is
   * pinned: exactly this certificate is accepted, whatever host name it was made for.
   */
  ca?: string;
  now?: () => Date;
}

export type IppAttributes = Record<string, unknown>;

export interface IppResponse {
  statusCode: string;
  operation: IppAttributes;
  printer: IppAttributes;
  job: IppAttributes;
}

interface Endpoint { url: URL; printerUri: string; where: string; queue: string }

const defaultPort = 631;

/** Splits an ipp(s):// URL into the HTTP endpoint and the printer-uri the messages name. */
export function parsePrinterUrl(value: string): Endpoint {
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    throw invalidUrl(value);
  }
  if (parsed.protocol !== 'ipp:' && parsed.protocol !== 'ipps:') throw invalidUrl(value);
  if (!parsed.hostname || parsed.pathname === '/' || parsed.pathname === '') throw invalidUrl(value);
  const port = parsed.port || String(defaultPort);
  const http = new URL(`${parsed.protocol === 'ipps:' ? 'https' : 'http'}://${parsed.hostname}:${port}${parsed.pathname}`);
  const where = `${parsed.hostname}:${port}`;
  const queue = parsed.pathname.split('/').filter(Boolean).at(-1) ?? parsed.pathname;
  return { url: http, printerUri: `${parsed.protocol}//${parsed.hostname}:${port}${parsed.pathname}`, where, queue };
}

function invalidUrl(value: string): AppError {
  return new AppError('PRINTER_URL_INVALID',
    `"${value}" is not a printer address; use ipp://host:port/printers/<queue> (CUPS), ipp://host/ipp/print (a network printer), ipps://… for TLS, or "simulator".`,
    400, { de: `"${value}" ist keine Druckeradresse; erwartet wird ipp://host:port/printers/<Warteschlange>, ipps://… oder "simulator".` });
}

/** One IPP operation over HTTP POST; resolves with the decoded response whatever its IPP status. */
export async function ippOperation(input: {
  endpoint: Endpoint;
  operation: string;
  operationAttributes: IppAttributes;
  jobAttributes?: IppAttributes;
  data?: Uint8Array;
  timeoutMs: number;
  ca?: string;
}): Promise<IppResponse> {
  const message: Record<string, unknown> = {
    version: '2.0',
    operation: input.operation,
    'operation-attributes-tag': {
      // Order as RFC 8011 §4.1.4 demands: charset, language, then the target.
      'attributes-charset': 'utf-8',
      'attributes-natural-language': 'de',
      'printer-uri': input.endpoint.printerUri,
      ...input.operationAttributes,
    },
  };
  if (input.jobAttributes) message['job-attributes-tag'] = input.jobAttributes;
  if (input.data) message['data'] = Buffer.from(input.data.buffer, input.data.byteOffset, input.data.byteLength);
  const body = ipp.serialize(message);
  const raw = await post(input.endpoint, body, input.timeoutMs, input.ca);
  let parsed: Record<string, unknown>;
  try {
    parsed = ipp.parse(raw) as unknown as Record<string, unknown>;
  } catch {
    parsed = {};
  }
  if (typeof parsed['statusCode'] !== 'string') {
    throw new AppError('PRINTER_ERROR', `What answers at ${input.endpoint.url.href} is not an IPP printer. Check the printer address (port and path).`,
      502, { de: `Unter ${input.endpoint.url.href} antwortet kein IPP-Drucker. Druckeradresse (Port und Pfad) prüfen.` });
  }
  const group = (name: string): IppAttributes => {
    const value = parsed[name];
    if (Array.isArray(value)) return (value[0] ?? {}) as IppAttributes;
    return (value ?? {}) as IppAttributes;
  };
  return {
    statusCode: String(parsed['statusCode']),
    operation: group('operation-attributes-tag'),
    printer: group('printer-attributes-tag'),
    job: group('job-attributes-tag'),
  };
}

function post(endpoint: Endpoint, body: Buffer, timeoutMs: number, ca: string | undefined): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const options = {
      method: 'POST',
      headers: { 'Content-Type': 'application/ipp', 'Content-Length': body.length },
      signal: AbortSignal.timeout(timeoutMs),
      ...(ca ? { ca, checkServerIdentity: pinnedIdentity(ca) } : {}),
    };
    const onResponse = (response: IncomingMessage) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('error', (error) => reject(transportError(endpoint, error)));
      response.on('end', () => {
        if (response.statusCode === 200) resolve(Buffer.concat(chunks));
        else reject(httpStatusError(endpoint, response.statusCode ?? 0));
      });
    };
    const req = endpoint.url.protocol === 'https:' ? httpsRequest(endpoint.url, options, onResponse) : httpRequest(endpoint.url, options, onResponse);
    req.on('error', (error) => reject(transportError(endpoint, error, timeoutMs)));
    req.end(body);
  });
}

/**
 * A printer's self-signed certificate names whatever the printer thought it was called (often
 * not the address the kit uses): the configured certificate itself is the identity.
 */
function pinnedIdentity(ca: string): (host: string, certificate: PeerCertificate) => Error | undefined {
  let pinned: Buffer | undefined;
  try {
    pinned = new X509Certificate(ca).raw;
  } catch {
    pinned = undefined;
  }
  return (host, certificate) => (pinned && certificate.raw.equals(pinned) ? undefined : checkServerIdentity(host, certificate));
}

function errorCode(error: unknown): string | undefined {
  if (typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string') return error.code;
  return undefined;
}

/** A connection that failed before the printer answered: refused, no such host, timeout, TLS. */
export function transportError(endpoint: Endpoint, error: unknown, timeoutMs?: number): AppError {
  const code = errorCode(error);
  const name = error instanceof Error ? error.name : '';
  const at = endpoint.where;
  const unreachable = (en: string, de: string) => new AppError('PRINTER_UNREACHABLE', en, 503, { de, cause: code ?? name });
  if (code === 'ECONNREFUSED') {
    return unreachable(`The printer at ${at} refused the connection: it is off, still starting, or this is the wrong address or port. Switch it on, check the kit network and the printer address, then try again.`,
      `Der Drucker unter ${at} lehnt die Verbindung ab: ausgeschaltet, startet noch, oder Adresse/Port falsch. Einschalten, Koffer-Netz und Druckeradresse prüfen, dann erneut versuchen.`);
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return unreachable(`The printer name in ${at} is unknown on this network. Check the printer address in the kit settings.`,
      `Der Druckername in ${at} ist im Netz unbekannt. Druckeradresse in den Koffer-Einstellungen prüfen.`);
  }
  if (name === 'TimeoutError' || name === 'AbortError' || code === 'ETIMEDOUT' || code === 'ABORT_ERR') {
    return unreachable(`The printer at ${at} did not answer within ${timeoutMs ?? '?'} ms. Check that it is on and in the kit network.`,
      `Der Drucker unter ${at} hat nicht innerhalb von ${timeoutMs ?? '?'} ms geantwortet. Prüfen, ob er eingeschaltet und im Koffer-Netz ist.`);
  }
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH' || code === 'ECONNRESET' || code === 'EPIPE') {
    return unreachable(`The printer at ${at} cannot be reached (${code}). Check the kit network (cable, Wi-Fi) and that the printer is on.`,
      `Der Drucker unter ${at} ist nicht erreichbar (${code}). Koffer-Netz (Kabel, WLAN) und Drucker prüfen.`);
  }
  if (code?.startsWith('ERR_TLS') || code?.includes('CERT') || code === 'DEPTH_ZERO_SELF_SIGNED_CERT' || code === 'SELF_SIGNED_CERT_IN_CHAIN') {
    return new AppError('PRINTER_TLS_FAILED', `The printer at ${at} presented a certificate this kit does not trust (${code}). Configure the printer's certificate for ipps://, or ask IT.`,
      502, { de: `Das Zertifikat des Druckers unter ${at} wird nicht anerkannt (${code}). Zertifikat des Druckers hinterlegen oder die IT fragen.`, cause: code });
  }
  const text = error instanceof Error ? error.message : String(error);
  return unreachable(`The printer at ${at} cannot be reached: ${text}.`, `Der Drucker unter ${at} ist nicht erreichbar: ${text}.`);
}

function httpStatusError(endpoint: Endpoint, status: number): AppError {
  if (status === 404) return queueNotFound(endpoint);
  if (status === 401 || status === 403) return accessDenied(endpoint);
  if (status === 426) {
    return new AppError('PRINTER_TLS_REQUIRED', `The printer at ${endpoint.where} only accepts encrypted connections: use ipps:// instead of ipp:// in the printer address.`,
      502, { de: `Der Drucker unter ${endpoint.where} verlangt eine verschlüsselte Verbindung: in der Druckeradresse ipps:// statt ipp:// eintragen.` });
  }
  return new AppError('PRINTER_ERROR', `The printer at ${endpoint.where} answered with HTTP ${status}. Check the printer address (path ${endpoint.url.pathname}).`,
    502, { de: `Der Drucker unter ${endpoint.where} antwortet mit HTTP ${status}. Druckeradresse (Pfad ${endpoint.url.pathname}) prüfen.` });
}

function queueNotFound(endpoint: Endpoint): AppError {
  return new AppError('PRINTER_QUEUE_NOT_FOUND',
    `There is no printer "${endpoint.queue}" at ${endpoint.where}. Check the queue name in the printer address (e.g. ipp://${endpoint.where}/printers/<name>; lpstat -p lists the queues).`,
    404, { de: `Unter ${endpoint.where} gibt es keinen Drucker "${endpoint.queue}". Namen der Warteschlange in der Druckeradresse prüfen (lpstat -p zeigt die vorhandenen).` });
}

function accessDenied(endpoint: Endpoint): AppError {
  return new AppError('PRINTER_ACCESS_DENIED', `The printer "${endpoint.queue}" at ${endpoint.where} does not let this kit print. Allow the kit on the print server (CUPS policy) or ask IT.`,
    403, { de: `Der Drucker "${endpoint.queue}" unter ${endpoint.where} lässt den Koffer nicht drucken. Koffer am Druckserver freigeben oder die IT fragen.` });
}

/** IPP status codes of a response, as errors; successful-ok and its variants pass. */
export function ippStatusError(endpoint: Endpoint, statusCode: string, statusMessage?: string): AppError | undefined {
  if (statusCode.startsWith('successful-ok')) return undefined;
  const said = statusMessage ? ` (${statusMessage})` : '';
  switch (statusCode) {
    case 'client-error-not-found':
      return queueNotFound(endpoint);
    case 'client-error-not-authorized':
    case 'client-error-not-authenticated':
    case 'client-error-forbidden':
      return accessDenied(endpoint);
    case 'client-error-document-format-not-supported':
      return new AppError('PRINTER_FORMAT_UNSUPPORTED', `The printer "${endpoint.queue}" at ${endpoint.where} cannot print PDF documents${said}. Use a PDF-capable printer or set up the queue with a PDF driver.`,
        415, { de: `Der Drucker "${endpoint.queue}" unter ${endpoint.where} kann keine PDF-Dokumente drucken${said}. Einen PDF-fähigen Drucker nehmen oder die Warteschlange mit PDF-Treiber einrichten.` });
    case 'server-error-not-accepting-jobs':
      return new AppError('PRINTER_NOT_ACCEPTING', `The printer "${endpoint.queue}" at ${endpoint.where} does not accept jobs now${said}. Let it accept jobs again (cupsaccept ${endpoint.queue}, or the printer's panel) and print again.`,
        409, { de: `Der Drucker "${endpoint.queue}" unter ${endpoint.where} nimmt gerade keine Aufträge an${said}. Wieder freigeben (cupsaccept ${endpoint.queue} oder am Drucker) und erneut drucken.` });
    case 'server-error-busy':
    case 'server-error-service-unavailable':
    case 'server-error-temporary-error':
      return new AppError('PRINTER_BUSY', `The printer "${endpoint.queue}" at ${endpoint.where} is busy${said}. Wait a moment and print again.`,
        503, { de: `Der Drucker "${endpoint.queue}" unter ${endpoint.where} ist beschäftigt${said}. Kurz warten und erneut drucken.` });
    default:
      return new AppError('PRINTER_ERROR', `The printer "${endpoint.queue}" at ${endpoint.where} refused the request: ${statusCode}${said}.`,
        502, { de: `Der Drucker "${endpoint.queue}" unter ${endpoint.where} lehnt die Anfrage ab: ${statusCode}${said}.`, ippStatus: statusCode });
  }
}

/** IPP values come as one value or a list, depending on how many the printer sent. */
export function asList(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

function asStrings(value: unknown): string[] {
  return asList(value).map((v) => String(v));
}

/** text/name WithLanguage values arrive as "lang\u001evalue" from the decoder. */
function asText(value: unknown): string | undefined {
  const first = asList(value)[0];
  if (first === undefined) return undefined;
  const text = String(first);
  const separator = text.indexOf('\u001e');
  return separator >= 0 ? text.slice(separator + 1) : text;
}

function asNumber(value: unknown): number | undefined {
  const first = asList(value)[0];
  return typeof first === 'number' ? first : undefined;
}

const printerStates = new Set(['idle', 'processing', 'stopped']);
const jobStates = new Set<PrintJobState>(['pending', 'pending-held', 'processing', 'processing-stopped', 'canceled', 'aborted', 'completed']);
const finalStates = new Set<PrintJobState>(['canceled', 'aborted', 'completed']);

/** IPP sends enums by name through the decoder; a number (unknown enum) is taken as its RFC 8011 value. */
function printerState(value: unknown): 'idle' | 'processing' | 'stopped' {
  const first = asList(value)[0];
  if (typeof first === 'string' && printerStates.has(first)) return first as 'idle' | 'processing' | 'stopped';
  if (first === 3) return 'idle';
  if (first === 4) return 'processing';
  return 'stopped';
}

const jobStateByNumber: Record<number, PrintJobState> = { 3: 'pending', 4: 'pending-held', 5: 'processing', 6: 'processing-stopped', 7: 'canceled', 8: 'aborted', 9: 'completed' };

function jobState(value: unknown): PrintJobState | undefined {
  const first = asList(value)[0];
  if (typeof first === 'string' && jobStates.has(first as PrintJobState)) return first as PrintJobState;
  if (typeof first === 'number') return jobStateByNumber[first];
  return undefined;
}

/** What the printer takes for a PDF: the format to send, or the refusal. */
export function chooseDocumentFormat(supported: readonly string[], options: { sendPdfAsOctetStream?: boolean }): 'application/pdf' | 'application/octet-stream' | undefined {
  if (supported.length === 0 || supported.includes('application/pdf')) return 'application/pdf';
  if (options.sendPdfAsOctetStream && supported.includes('application/octet-stream')) return 'application/octet-stream';
  return undefined;
}

/** The rangeOfInteger copies-supported arrives as [min, max]; a printer without it takes 1 copy per job. */
function maxCopies(value: unknown): number {
  const list = asList(value).filter((v): v is number => typeof v === 'number');
  if (list.length === 0) return 1;
  return Math.max(...list);
}

const printerAttributes = [
  'printer-make-and-model', 'printer-state', 'printer-state-reasons', 'printer-state-message', 'printer-is-accepting-jobs',
  'document-format-supported', 'sides-supported', 'copies-supported',
];
const jobAttributes = ['job-id', 'job-state', 'job-state-reasons', 'job-state-message', 'job-printer-state-message'];

export function createIppPrinter(options: IppPrinterOptions): Printer {
  const endpoint = parsePrinterUrl(options.url);
  const now = options.now ?? (() => new Date());
  const userName = options.userName ?? 'buergerkoffer';
  const requestTimeoutMs = options.requestTimeoutMs ?? 10_000;
  const jobTimeoutMs = options.jobTimeoutMs ?? 120_000;
  const pollIntervalMs = options.pollIntervalMs ?? 250;

  const call = async (operation: string, operationAttributes: IppAttributes, extra: { jobAttributes?: IppAttributes; data?: Uint8Array } = {}) => {
    const response = await ippOperation({
      endpoint, operation, timeoutMs: requestTimeoutMs,
      operationAttributes: { 'requesting-user-name': userName, ...operationAttributes },
      ...(options.ca ? { ca: options.ca } : {}),
      ...extra,
    });
    const error = ippStatusError(endpoint, response.statusCode, asText(response.operation['status-message']));
    if (error) throw error;
    return response;
  };

  const describe = async (): Promise<{ health: PrinterHealth; attributes: IppAttributes }> => {
    const response = await call('Get-Printer-Attributes', { 'requested-attributes': printerAttributes });
    const attributes = response.printer;
    const model = asText(attributes['printer-make-and-model']);
    const health = printerHealthFrom({
      driver: 'ipp',
      where: options.url,
      ...(model ? { model } : {}),
      state: printerState(attributes['printer-state']),
      stateReasons: asStrings(attributes['printer-state-reasons']),
      acceptingJobs: asList(attributes['printer-is-accepting-jobs'])[0] !== false,
      checkedAt: now().toISOString(),
    });
    return { health, attributes };
  };

  /** time-at-* are seconds on the printer's clock (printer-up-time); placed on ours by their distance to it. */
  const timeOf = (job: IppAttributes, name: string): string | undefined => {
    const at = asNumber(job[name]);
    const upTime = asNumber(job['job-printer-up-time']);
    if (at === undefined || at <= 0) return undefined;
    if (upTime === undefined) return now().toISOString();
    return new Date(now().getTime() - (upTime - at) * 1000).toISOString();
  };

  const cancel = (jobId: number): Promise<boolean> => call('Cancel-Job', { 'job-id': jobId }).then(() => true, () => false);

  const stoppedUnderJob = async (jobId: number, reasons: string[], printerNow: PrinterHealth): Promise<AppError> => {
    const canceled = await cancel(jobId);
    return new AppError('PRINTER_STOPPED',
      `The printer stopped with job ${jobId} not yet printed (${printerNow.detailEn ?? printerNow.detail}). ` +
      (canceled ? 'The job was canceled so it does not come out later; fix the printer, resume it, and print again.' : 'Cancelling it failed: check the printer\'s queue before printing again, or it may come out twice.'),
      409, {
        de: `Der Drucker hat angehalten, bevor Auftrag ${jobId} fertig gedruckt war (${printerNow.detail}). ` +
          (canceled ? 'Der Auftrag wurde abgebrochen und kommt nicht später heraus; Drucker in Ordnung bringen, fortsetzen und erneut drucken.' : 'Abbrechen ging nicht: vor dem erneuten Drucken die Warteschlange prüfen, sonst kommt er doppelt.'),
        jobId, state: 'processing-stopped', stateReasons: reasons, printerState: printerNow.state, printerStateReasons: printerNow.stateReasons, canceled,
      });
  };

  const follow = async (jobId: number, submittedAt: string): Promise<PrintJobResult> => {
    const deadline = Date.now() + jobTimeoutMs;
    let last: { state: PrintJobState; reasons: string[] };
    let nextPrinterCheck = Date.now() + 1_000;
    const finished = async (state: PrintJobState, reasons: string[], message: string | undefined): Promise<PrintJobResult> => {
      // Asked for once at the end: while a job runs, time-at-completed has no value.
      const times = await call('Get-Job-Attributes', { 'job-id': jobId, 'requested-attributes': ['time-at-creation', 'time-at-completed', 'job-printer-up-time'] })
        .then((r) => r.job, () => ({}));
      const result: PrintJobResult = { jobId, state, stateReasons: reasons, submittedAt: timeOf(times, 'time-at-creation') ?? submittedAt, finishedAt: timeOf(times, 'time-at-completed') ?? now().toISOString() };
      if (message) result.message = message;
      return result;
    };
    for (;;) {
      const response = await call('Get-Job-Attributes', { 'job-id': jobId, 'requested-attributes': jobAttributes });
      const state = jobState(response.job['job-state']) ?? 'pending';
      const reasons = asStrings(response.job['job-state-reasons']).filter((r) => r !== 'none');
      const message = asText(response.job['job-printer-state-message']) || asText(response.job['job-state-message']) || undefined;
      last = { state, reasons };
      if (finalStates.has(state)) return finished(state, reasons, message);
      const stuck = state === 'processing-stopped' || reasons.includes('printer-stopped');
      if (stuck || Date.now() >= nextPrinterCheck) {
        // The printer stopped under the job or before it (paper out, jam, paused): say so now
        // rather than at the timeout, unless the printer already reports itself fine again.
        // Looked at once a second while the job waits (CUPS does not mark a waiting job).
        nextPrinterCheck = Date.now() + 1_000;
        const printerNow = await describe().then((d) => d.health, () => undefined);
        if (printerNow && !printerNow.ok) throw await stoppedUnderJob(jobId, reasons, printerNow);
        // CUPS stops a job whose filter failed (a document it cannot read) and leaves it in the
        // queue for good: take it out, and report it as the canceled job it now is.
        if (state === 'processing-stopped' && reasons.some((r) => r === 'job-completed-with-errors' || r.endsWith('-error'))) {
          await cancel(jobId);
          const after = await call('Get-Job-Attributes', { 'job-id': jobId, 'requested-attributes': ['job-state', 'job-state-reasons'] }).then((r) => r.job, () => ({} as IppAttributes));
          const finalReasons = [...new Set([...reasons, ...asStrings(after['job-state-reasons'])])].filter((r) => r !== 'none');
          return finished(jobState(after['job-state']) ?? 'canceled', finalReasons, message);
        }
      }
      if (Date.now() + pollIntervalMs > deadline) break;
      await new Promise((resolve) => setTimeout(resolve, pollIntervalMs));
    }
    // A job left in the queue would come out later, perhaps after the officer printed it again.
    const canceled = await cancel(jobId);
    const printerNow = await describe().then((d) => d.health, () => undefined);
    const why = printerNow && !printerNow.ok ? printerNow : undefined;
    throw new AppError('PRINTER_JOB_TIMEOUT',
      `Job ${jobId} on "${endpoint.queue}" did not finish within ${Math.round(jobTimeoutMs / 1000)} s (state ${last.state}${last.reasons.length ? `: ${last.reasons.join(', ')}` : ''})${why ? `; the printer reports: ${why.detailEn ?? why.detail}` : ''}. ` +
      (canceled ? 'The job was canceled so it does not come out later; fix the printer and print again.' : 'Cancelling it failed: check the printer\'s queue before printing again, or it may come out twice.'),
      504, {
        de: `Auftrag ${jobId} auf "${endpoint.queue}" wurde nicht innerhalb von ${Math.round(jobTimeoutMs / 1000)} s fertig${why ? `; der Drucker meldet: ${why.detail}` : ''}. ` +
          (canceled ? 'Der Auftrag wurde abgebrochen und kommt nicht später heraus; Drucker prüfen und erneut drucken.' : 'Abbrechen ging nicht: vor dem erneuten Drucken die Warteschlange prüfen, sonst kommt er doppelt.'),
        jobId, state: last.state, stateReasons: last.reasons, canceled,
      });
  };

  return {
    async health() {
      try {
        return (await describe()).health;
      } catch (error) {
        return unreachablePrinterHealth({ driver: 'ipp', error, checkedAt: now().toISOString() });
      }
    },

    async print(job: PrintJob) {
      checkPrintJob(job);
      const { health, attributes } = await describe();
      if (!health.ok) throw printerNotReady(health);
      const supported = asStrings(attributes['document-format-supported']);
      const format = chooseDocumentFormat(supported, options);
      if (!format) {
        throw new AppError('PRINTER_FORMAT_UNSUPPORTED',
          `The printer "${endpoint.queue}" at ${endpoint.where} cannot print PDF documents (it takes ${supported.join(', ')}). Use a PDF-capable printer or set up the queue with a PDF driver; nothing was sent.`,
          415, { de: `Der Drucker "${endpoint.queue}" unter ${endpoint.where} kann keine PDF-Dokumente drucken (er nimmt ${supported.join(', ')}). Einen PDF-fähigen Drucker nehmen oder die Warteschlange mit PDF-Treiber einrichten; es wurde nichts gesendet.`, supported });
      }
      const copies = job.copies ?? 1;
      const copiesLimit = maxCopies(attributes['copies-supported']);
      if (copies > copiesLimit) {
        throw new AppError('PRINT_JOB_INVALID', `The printer "${endpoint.queue}" prints at most ${copiesLimit} ${copiesLimit === 1 ? 'copy' : 'copies'} per job, not ${copies}.`,
          400, { de: `Der Drucker "${endpoint.queue}" druckt höchstens ${copiesLimit} Exemplar(e) je Auftrag, nicht ${copies}.` });
      }
      const sides = asStrings(attributes['sides-supported']);
      const jobAttributesTag: IppAttributes = {};
      if (copies !== 1) jobAttributesTag['copies'] = copies;
      // Duplex where the printer can; a one-sided printout is still a valid document.
      if (job.duplex && sides.includes('two-sided-long-edge')) jobAttributesTag['sides'] = 'two-sided-long-edge';
      else if (sides.includes('one-sided')) jobAttributesTag['sides'] = 'one-sided';
      const submittedAt = now().toISOString();
      const response = await call('Print-Job', { 'job-name': job.title.slice(0, 255), 'document-format': format }, {
        ...(Object.keys(jobAttributesTag).length ? { jobAttributes: jobAttributesTag } : {}),
        data: job.document,
      });
      const jobId = asNumber(response.job['job-id']);
      if (jobId === undefined) {
        throw new AppError('PRINTER_ERROR', `The printer "${endpoint.queue}" accepted the job but gave no job id; check its queue before printing again.`,
          502, { de: `Der Drucker "${endpoint.queue}" hat den Auftrag ohne Auftragsnummer angenommen; vor erneutem Drucken die Warteschlange prüfen.` });
      }
      return follow(jobId, submittedAt);
    },
  };
}

/**
 * The kit's printer from configuration: "simulator", or an ipp:// / ipps:// address (see
 * IppPrinterOptions.url); further options (timeouts, certificate) go in the second argument.
 */
export function printerFromUrl(url: string, options: Omit<IppPrinterOptions, 'url'> = {}): Printer {
  if (url.trim() === 'simulator') return createPrinterSimulator(options.now ? { now: options.now } : {});
  return createIppPrinter({ ...options, url: url.trim() });
}
