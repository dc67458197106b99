import { AppError } from '../platform/errors.ts';
import type { PrinterHealth, PrintJob } from './types.ts';

/**
 * What a printer's state means for the officers, without I/O: the IPP printer-state-reasons in
 * German and English with what to do, when a printer cannot print, and the checks a job passes
 * before it goes to any printer. The IPP driver and the simulator both answer through these, so
 * the device page and the errors read the same whichever printer is plugged in.
 */

interface ReasonText { de: string; en: string; blocks: boolean }

/** RFC 8011 §5.4.12 and PWG 5100.9 keywords the kit's printers report, plus CUPS' 'paused'. */
const reasonTexts: Record<string, ReasonText> = {
  'media-empty': { de: 'Kein Papier: Papier einlegen', en: 'Out of paper: load paper', blocks: true },
  'media-needed': { de: 'Papier fehlt: Papier einlegen', en: 'Paper needed: load paper', blocks: true },
  'media-jam': { de: 'Papierstau: Klappe öffnen und das Papier entfernen', en: 'Paper jam: open the cover and remove the paper', blocks: true },
  'media-low': { de: 'Papier wird knapp', en: 'Paper is running low', blocks: false },
  'input-tray-missing': { de: 'Papierfach fehlt: Fach einsetzen', en: 'Paper tray missing: insert the tray', blocks: true },
  'output-area-full': { de: 'Ablage voll: Ausdrucke entnehmen', en: 'Output tray full: take out the printouts', blocks: true },
  'toner-low': { de: 'Toner fast leer: Ersatz mitnehmen', en: 'Toner low: take a spare cartridge', blocks: false },
  'toner-empty': { de: 'Toner leer: Kartusche wechseln', en: 'Toner empty: replace the cartridge', blocks: true },
  'marker-supply-low': { de: 'Tinte oder Toner fast leer: Ersatz mitnehmen', en: 'Ink or toner low: take a spare', blocks: false },
  'marker-supply-empty': { de: 'Tinte oder Toner leer: Patrone wechseln', en: 'Ink or toner empty: replace the cartridge', blocks: true },
  'door-open': { de: 'Klappe offen: Klappe schließen', en: 'Door open: close it', blocks: true },
  'cover-open': { de: 'Abdeckung offen: Abdeckung schließen', en: 'Cover open: close it', blocks: true },
  paused: { de: 'Drucker angehalten: in der Druckerverwaltung fortsetzen (cupsenable)', en: 'Printer paused: resume it in the printer settings (cupsenable)', blocks: true },
  offline: { de: 'Drucker offline: einschalten und Kabel prüfen', en: 'Printer offline: switch it on and check the cable', blocks: true },
  shutdown: { de: 'Drucker fährt herunter', en: 'Printer is shutting down', blocks: true },
  'connecting-to-device': { de: 'Verbindung zum Drucker wird aufgebaut', en: 'Connecting to the printer', blocks: false },
  'timed-out': { de: 'Drucker antwortet nicht: einschalten und Kabel prüfen', en: 'Printer does not answer: switch it on and check the cable', blocks: false },
  'spool-area-full': { de: 'Druckspeicher voll: Aufträge abwarten oder löschen', en: 'Spool area full: wait for or delete jobs', blocks: true },
  'cups-missing-filter': { de: 'Druckertreiber fehlt für dieses Format', en: 'Printer driver missing for this format', blocks: true },
};

/** 'media-empty-error' → { base: 'media-empty', severity: 'error' }; IPP appends -error, -warning or -report. */
export function splitReason(keyword: string): { base: string; severity: 'error' | 'warning' | 'report' | undefined } {
  const match = /^(.*)-(error|warning|report)$/.exec(keyword);
  if (!match) return { base: keyword, severity: undefined };
  return { base: match[1]!, severity: match[2] as 'error' | 'warning' | 'report' };
}

/** German and English for one printer-state-reasons keyword; unknown ones are shown as they are. */
export function reasonText(keyword: string): { de: string; en: string } {
  const { base } = splitReason(keyword);
  const known = reasonTexts[base];
  return known ? { de: known.de, en: known.en } : { de: keyword, en: keyword };
}

/**
 * Reasons that stop printing: an -error suffix always does; without a suffix (CUPS reports
 * 'paused' and sometimes 'media-empty' bare) the keyword's own weight decides; -warning and
 * -report never do. CUPS' own bookkeeping (cups-waiting-for-job-completed …) is ignored.
 */
export function blockingReasons(reasons: readonly string[]): string[] {
  return reasons.filter((keyword) => {
    const { base, severity } = splitReason(keyword);
    if (keyword === 'none' || base.startsWith('cups-waiting') || severity === 'warning' || severity === 'report') return false;
    if (severity === 'error') return true;
    return reasonTexts[base]?.blocks ?? false;
  });
}

/** Reasons worth showing: everything but 'none' and CUPS' internal bookkeeping. */
export function visibleReasons(reasons: readonly string[]): string[] {
  return reasons.filter((keyword) => keyword !== 'none' && !keyword.startsWith('cups-waiting') && keyword !== 'cups-remote-pending');
}

const stateTexts = {
  idle: { de: 'bereit', en: 'ready' },
  processing: { de: 'druckt', en: 'printing' },
  stopped: { de: 'angehalten', en: 'stopped' },
} as const;

export interface PrinterStatusReport {
  driver: string;
  /** Where the printer is, as the officer configured it, e.g. ipp://192.168.8.20/ipp/print. */
  where: string;
  model?: string;
  state: 'idle' | 'processing' | 'stopped';
  stateReasons: readonly string[];
  acceptingJobs: boolean;
  checkedAt: string;
}

/** The device page's line for a printer that answered: model, state, and what to do about its reasons. */
export function printerHealthFrom(report: PrinterStatusReport): PrinterHealth {
  const reasons = visibleReasons(report.stateReasons);
  const blocking = blockingReasons(reasons);
  const ok = report.state !== 'stopped' && report.acceptingJobs && blocking.length === 0;
  const name = report.model ?? report.where;
  const texts = reasons.map(reasonText);
  const notAccepting = report.acceptingJobs ? [] : [{ de: 'nimmt keine Aufträge an (cupsaccept)', en: 'does not accept jobs (cupsaccept)' }];
  const all = [...notAccepting, ...texts];
  const health: PrinterHealth = {
    device: 'printer',
    driver: report.driver,
    ok,
    detail: `${name}: ${stateTexts[report.state].de}${all.length ? ` – ${all.map((t) => t.de).join('; ')}` : ''}`,
    detailEn: `${name}: ${stateTexts[report.state].en}${all.length ? ` – ${all.map((t) => t.en).join('; ')}` : ''}`,
    checkedAt: report.checkedAt,
    state: report.state,
    stateReasons: reasons,
    acceptingJobs: report.acceptingJobs,
  };
  if (report.model !== undefined) health.model = report.model;
  return health;
}

/** The device page's line for a printer that did not answer (the error says why). */
export function unreachablePrinterHealth(input: { driver: string; error: unknown; checkedAt: string }): PrinterHealth {
  const error = input.error;
  const de = error instanceof AppError && typeof error.details?.['de'] === 'string' ? error.details['de'] : undefined;
  const en = error instanceof Error ? error.message : String(error);
  return { device: 'printer', driver: input.driver, ok: false, detail: de ?? en, detailEn: en, checkedAt: input.checkedAt, stateReasons: [] };
}

/**
 * The refusal when the printer is there but cannot print now (stopped, out of paper, jam …),
 * checked before a job is sent, so a job does not wait unseen in a queue while the citizen waits.
 */
export function printerNotReady(health: PrinterHealth): AppError {
  return new AppError('PRINTER_NOT_READY',
    `The printer cannot print now (${health.detailEn ?? health.detail}). Fix this and print again; nothing was sent to it.`,
    409, { de: `Der Drucker kann gerade nicht drucken (${health.detail}). Bitte beheben und erneut drucken; es wurde nichts gesendet.`, state: health.state, stateReasons: health.stateReasons });
}

export const printLimits = { maxCopies: 99 } as const;

/** A job every printer takes: a PDF with a title and a sensible number of copies. */
export function checkPrintJob(job: PrintJob): void {
  const refuse = (en: string, de: string) => new AppError('PRINT_JOB_INVALID', en, 400, { de });
  if (job.mediaType !== 'application/pdf') {
    throw refuse(`The kit prints PDF documents only, not ${String(job.mediaType)}.`, `Der Koffer druckt nur PDF-Dokumente, nicht ${String(job.mediaType)}.`);
  }
  if (!isPdf(job.document)) {
    throw refuse('The document to print is not a PDF (it does not start with %PDF-).', 'Das Dokument ist kein PDF (es beginnt nicht mit %PDF-).');
  }
  if (job.title.trim() === '') throw refuse('A print job needs a title, e.g. "Meldebestätigung".', 'Ein Druckauftrag braucht einen Titel, z. B. "Meldebestätigung".');
  const copies = job.copies ?? 1;
  if (!Number.isInteger(copies) || copies < 1 || copies > printLimits.maxCopies) {
    throw refuse(`Print 1 to ${printLimits.maxCopies} copies, not ${copies}.`, `Bitte 1 bis ${printLimits.maxCopies} Exemplare drucken, nicht ${copies}.`);
  }
}

export function isPdf(document: Uint8Array): boolean {
  return document.length >= 5 && new TextDecoder().decode(document.subarray(0, 5)) === '%PDF-';
}
