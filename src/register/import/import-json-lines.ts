import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import type { Actor } from '../../identity/principal.ts';
import type { AppContext } from '../../platform/context.ts';
import type { Db } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { registerToday } from '../dates.ts';
import type { PersonRecord } from '../record.ts';
import { validatePersonRecord, type RecordIssue } from '../validate-record.ts';
import { RecordsRefusedError, writePersonRecords, type WriteResult } from './write-records.ts';

export interface RejectedLine {
  /** 1-based line number in the file. */
  line: number;
  ref?: string;
  issues: RecordIssue[];
}

export interface ImportReport {
  /** Lines read, blank ones included, so that line numbers can be checked against the count. */
  lines: number;
  created: number;
  updated: number;
  unchanged: number;
  rejected: RejectedLine[];
  /** True when the import ran as a dry run: everything was checked and written, then rolled back. */
  dryRun: boolean;
}

export interface ImportOptions {
  onProgress?(linesRead: number): void;
  /** Records per transaction; default 1000. */
  batchSize?: number;
  /** Check and write everything, then roll back: the report says what an import would do. */
  dryRun?: boolean;
  /** Reason or Aktenzeichen for the access log. */
  purpose?: string;
}

interface PendingRecord {
  line: number;
  record: PersonRecord;
}

/**
 * Imports a JSON Lines file of person records (docs/register-import.md). Every line is checked on
 * its own; bad lines are reported with their number and reasons and the good ones are written, in
 * batches of one transaction each. A record whose relations name a ref that has not been seen yet
 * waits until the end of the file, so families may appear in any order.
 */
export async function importJsonLines(
  ctx: AppContext,
  actor: Actor,
  municipalityId: string,
  input: AsyncIterable<string> | Readable,
  options: ImportOptions = {},
): Promise<ImportReport> {
  if (!options.dryRun) return runImport(ctx, actor, municipalityId, input, options);
  let report: ImportReport | undefined;
  try {
    await ctx.database.db.transaction(async (tx) => {
      const txCtx: AppContext = { ...ctx, database: { ...ctx.database, db: tx as unknown as Db } };
      report = await runImport(txCtx, actor, municipalityId, input, options);
      throw new DryRunRollback();
    });
  } catch (error) {
    if (!(error instanceof DryRunRollback)) throw error;
  }
  if (!report) throw new Error('dry run finished without a report');
  return { ...report, dryRun: true };
}

class DryRunRollback extends Error {}

async function runImport(
  ctx: AppContext,
  actor: Actor,
  municipalityId: string,
  input: AsyncIterable<string> | Readable,
  options: ImportOptions,
): Promise<ImportReport> {
  const batchSize = options.batchSize ?? 1000;
  const today = registerToday(ctx.now());
  const report: ImportReport = { lines: 0, created: 0, updated: 0, unchanged: 0, rejected: [], dryRun: false };
  const firstLineOfRef = new Map<string, number>();
  let batch: PendingRecord[] = [];
  /** Records waiting for a relation ref that a later line may bring. */
  const waiting: PendingRecord[] = [];
  const write = { purpose: options.purpose };

  for await (const line of lines(input)) {
    report.lines += 1;
    const lineNumber = report.lines;
    const text = lineNumber === 1 ? line.replace(/^\uFEFF/, '') : line;
    if (text.trim() === '') continue;
    const checked = checkLine(text, lineNumber, today, firstLineOfRef);
    if ('issues' in checked) {
      report.rejected.push(checked);
    } else {
      batch.push({ line: lineNumber, record: checked.record });
    }
    if (batch.length >= batchSize) {
      waiting.push(...await writeBatch(ctx, actor, municipalityId, batch, report, write));
      batch = [];
      options.onProgress?.(report.lines);
    }
  }
  waiting.push(...await writeBatch(ctx, actor, municipalityId, batch, report, write));
  // The whole file has been read. The waiting records go in one batch, so those that refer to each
  // other meet; what the writer still refuses names a ref that is in neither file nor register.
  const unresolvable = await writeBatch(ctx, actor, municipalityId, waiting, report, write);
  for (const pending of unresolvable) report.rejected.push(unresolved(pending));
  report.rejected.sort((a, b) => a.line - b.line);
  options.onProgress?.(report.lines);
  return report;
}

function checkLine(text: string, line: number, today: string, firstLineOfRef: Map<string, number>): RejectedLine | { record: PersonRecord } {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    return { line, issues: [{ path: '', message: `The line is not valid JSON (${error instanceof Error ? error.message : String(error)}); each line must hold one complete JSON object.` }] };
  }
  const ref = raw !== null && typeof raw === 'object' && typeof (raw as { ref?: unknown }).ref === 'string' ? (raw as { ref: string }).ref : undefined;
  if (ref !== undefined) {
    const first = firstLineOfRef.get(ref);
    if (first !== undefined) {
      return { line, ref, issues: [{ path: 'ref', message: `ref: "${ref}" already appeared on line ${first}; each person may appear only once per file.` }] };
    }
    firstLineOfRef.set(ref, line);
  }
  const result = validatePersonRecord(raw, { today });
  if (!result.ok) return { line, ...(ref !== undefined ? { ref } : {}), issues: result.issues };
  return { record: result.record };
}

/**
 * Writes a batch; records the writer refuses are reported, and the rest is written without them.
 * Returns the records refused only for relation refs that name nobody yet: a later line may bring them.
 */
async function writeBatch(
  ctx: AppContext,
  actor: Actor,
  municipalityId: string,
  batch: PendingRecord[],
  report: ImportReport,
  write: { purpose?: string | undefined },
): Promise<PendingRecord[]> {
  let remaining = batch;
  const waiting: PendingRecord[] = [];
  while (remaining.length > 0) {
    try {
      add(report, await writePersonRecords(ctx, actor, municipalityId, remaining.map((p) => p.record), writeOptions(write)));
      break;
    } catch (error) {
      if (!(error instanceof RecordsRefusedError)) {
        // Something only the database noticed: find the record by writing one at a time.
        waiting.push(...await writeOneByOne(ctx, actor, municipalityId, remaining, report, write));
        break;
      }
      remaining = sortRefused(error, remaining, report, waiting);
    }
  }
  return waiting;
}

/** Reports the refused records or sets them aside to wait; returns the records to try again. */
function sortRefused(error: RecordsRefusedError, records: PendingRecord[], report: ImportReport, waiting: PendingRecord[]): PendingRecord[] {
  const refused = new Map(error.refused.map((r) => [r.ref, r]));
  const retry: PendingRecord[] = [];
  for (const pending of records) {
    const problem = refused.get(pending.record.ref);
    if (!problem) retry.push(pending);
    else if (problem.unresolvedRefs.length === problem.issues.length) waiting.push(pending);
    else report.rejected.push({ line: pending.line, ref: pending.record.ref, issues: problem.issues });
  }
  return retry;
}

async function writeOneByOne(
  ctx: AppContext,
  actor: Actor,
  municipalityId: string,
  records: PendingRecord[],
  report: ImportReport,
  write: { purpose?: string | undefined },
): Promise<PendingRecord[]> {
  const waiting: PendingRecord[] = [];
  for (const pending of records) {
    try {
      add(report, await writePersonRecords(ctx, actor, municipalityId, [pending.record], writeOptions(write)));
    } catch (error) {
      if (error instanceof RecordsRefusedError) {
        sortRefused(error, [pending], report, waiting);
      } else {
        const reason = error instanceof AppError && typeof error.details?.reason === 'string' ? error.details.reason : String(error);
        report.rejected.push({ line: pending.line, ref: pending.record.ref, issues: [{ path: '', message: `The register refused the record (${reason}); nothing of it was written.` }] });
      }
    }
  }
  return waiting;
}

function writeOptions(write: { purpose?: string | undefined }): { purpose?: string } {
  return write.purpose ? { purpose: write.purpose } : {};
}

function unresolved(pending: PendingRecord): RejectedLine {
  const issues = pending.record.relations.flatMap((relation, i) => (relation.ref ? [{
    path: `relations[${i}].ref`,
    message: `relations[${i}].ref: no person with ref "${relation.ref}" in this file or in the register (or that person's line was rejected); add the person, or give externalName instead.`,
  }] : []));
  return { line: pending.line, ref: pending.record.ref, issues };
}

function add(report: ImportReport, result: WriteResult): void {
  report.created += result.created;
  report.updated += result.updated;
  report.unchanged += result.unchanged;
}

/** Lines of the input: a byte stream is split by readline; strings from an iterable are split at line breaks. */
async function* lines(input: AsyncIterable<string> | Readable): AsyncIterable<string> {
  if (isReadable(input)) {
    yield* createInterface({ input, crlfDelay: Infinity });
    return;
  }
  for await (const item of input) {
    const parts = item.split('\n');
    if (parts.at(-1) === '' && parts.length > 1) parts.pop();
    for (const part of parts) yield part.endsWith('\r') ? part.slice(0, -1) : part;
  }
}

function isReadable(input: AsyncIterable<string> | Readable): input is Readable {
  return typeof (input as Readable).pipe === 'function';
}
