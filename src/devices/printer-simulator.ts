import { checkPrintJob, printerHealthFrom, printerNotReady } from './printer-status.ts';
import type { PrintJob, PrintJobResult, Printer, PrinterHealth } from './types.ts';

/**
 * A printer for development and tests, behind the Printer port: it checks jobs as the IPP driver
 * does, keeps every job it printed (so a test can read the PDF that "came out"), and can be out
 * of paper, jammed or paused: then health() says so and print() refuses with the same
 * PRINTER_NOT_READY the IPP driver gives for a real printer in that state.
 */
export interface PrinterSimulatorOptions {
  model?: string;
  /** IPP printer-state-reasons the printer starts with, e.g. ['media-empty-error'] (out of paper). */
  stateReasons?: string[];
  /** Jobs end in this state; 'aborted' plays a printer that gives up on a document. */
  jobOutcome?: 'completed' | 'aborted';
  now?: () => Date;
}

export interface SimulatedPrintJob extends PrintJob {
  jobId: number;
  copies: number;
  duplex: boolean;
  printedAt: string;
}

export interface PrinterSimulator extends Printer {
  /** The jobs printed so far, oldest first. */
  readonly jobs: readonly SimulatedPrintJob[];
  /** Changes what the printer reports, e.g. ['media-empty-error'] to run out of paper, [] to refill. */
  setStateReasons(reasons: string[]): void;
}

export function createPrinterSimulator(options: PrinterSimulatorOptions = {}): PrinterSimulator {
  const now = options.now ?? (() => new Date());
  const model = options.model ?? 'Bürgerkoffer Druckersimulator';
  const jobs: SimulatedPrintJob[] = [];
  let reasons = [...(options.stateReasons ?? [])];

  const health = (): PrinterHealth => printerHealthFrom({
    driver: 'simulator',
    where: 'simulator',
    model,
    state: reasons.includes('paused') ? 'stopped' : 'idle',
    stateReasons: reasons,
    acceptingJobs: true,
    checkedAt: now().toISOString(),
  });

  return {
    get jobs() { return jobs; },
    setStateReasons(next) { reasons = [...next]; },
    health: () => Promise.resolve(health()),
    print(job): Promise<PrintJobResult> {
      try {
        checkPrintJob(job);
      } catch (error) {
        return Promise.reject(error instanceof Error ? error : new Error(String(error)));
      }
      const current = health();
      if (!current.ok) return Promise.reject(printerNotReady(current));
      const at = now().toISOString();
      const jobId = jobs.length + 1;
      const outcome = options.jobOutcome ?? 'completed';
      jobs.push({ ...job, document: job.document.slice(), jobId, copies: job.copies ?? 1, duplex: job.duplex ?? false, printedAt: at });
      return Promise.resolve({
        jobId,
        state: outcome,
        stateReasons: [outcome === 'completed' ? 'job-completed-successfully' : 'aborted-by-system'],
        submittedAt: at,
        finishedAt: at,
      });
    },
  };
}
