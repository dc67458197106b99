/**
 * The kit's case commands: each runs the same use case as at the counter against the kit's own
 * database, and in the same transaction appends the capture event that repeats it at the Rathaus.
 * So the kit's case and its outbox never disagree, even when the notebook is switched off between
 * the two. The kit decides what must not differ between the two sides: the case id, its number
 * and receipt numbers (from the package's reserved ranges), the ids of attachments, and the
 * documents it printed (signed with the package's delegated key).
 */
import { createHash, randomUUID } from 'node:crypto';
import { cancelCase } from '../cases/cancel-case.ts';
import type { CaseCommands } from '../cases/commands.ts';
import type { CaseView } from '../cases/case-view.types.ts';
import { captureCase } from '../cases/capture-case.ts';
import { closeCase } from '../cases/close-case.ts';
import { completeCase } from '../cases/complete-case.ts';
import { handOverCase } from '../cases/hand-over-case.ts';
import { openCase, type OpenCaseInput } from '../cases/open-case.ts';
import { recordPayment, type RecordPaymentInput } from '../cases/record-payment.ts';
import { runDeviceAction } from '../cases/run-device-action.ts';
import { updateCase, type UpdateCaseInput } from '../cases/update-case.ts';
import { uploadAttachment } from '../cases/upload-attachment.ts';
import type { DeviceActionResult } from '../cases/workflow.ts';
import { delegatedSigner } from '../documents/delegated-keys.ts';
import type { DocumentIssuance, IssuedDocumentRecord } from '../documents/issuance.ts';
import type { Principal } from '../identity/principal.ts';
import type { AppContext } from '../platform/context.ts';
import type { Db } from '../platform/db/database.ts';
import { AppError } from '../platform/errors.ts';
import type { CaptureEvent } from './capture-event.ts';
import type { CaseEventKind } from './event-handlers.ts';

export interface CaptureBlob {
  sha256: string;
  mediaType: string;
  biometric: boolean;
  content: Uint8Array;
}

/** Where the kit's capture events go (the encrypted outbox); `db` is the transaction of the command. */
export interface CaptureSink {
  nextSeq(db: Db, streamId: string): Promise<number>;
  append(db: Db, event: CaptureEvent, blobs: CaptureBlob[]): Promise<void>;
}

/** The numbers the package reserved for this kit; each is handed out once. */
export interface NumberPool {
  take(db: Db, series: 'case' | 'receipt'): Promise<string>;
}

export interface RecorderOptions {
  /** The register digest per person from the tour package (TourPackage.basis). */
  basisOf(personId: string): string | undefined;
}

const sha256Of = (content: Uint8Array) => createHash('sha256').update(content).digest('hex');

export class CaseRecorder implements CaseCommands {
  private readonly ctx: AppContext;
  private readonly sink: CaptureSink;
  private readonly numbers: NumberPool;
  private readonly options: RecorderOptions;

  constructor(ctx: AppContext, sink: CaptureSink, numbers: NumberPool, options: RecorderOptions) {
    this.ctx = ctx;
    this.sink = sink;
    this.numbers = numbers;
    this.options = options;
  }

  /** Runs `work` with the kit's database in one transaction and records the event it names. */
  private async record(
    actor: Principal, caseId: string, kind: CaseEventKind,
    work: (ctx: AppContext, db: Db) => Promise<{ view: CaseView; payload: Record<string, unknown>; blobs?: CaptureBlob[]; basis?: Record<string, string> }>,
  ): Promise<CaseView> {
    return this.ctx.database.db.transaction(async (raw) => {
      const db = raw as unknown as Db;
      // What the kit prints is signed with the tour package's key and travels with the event, so
      // the Rathaus stores the very documents the citizen got (same id, code and PDF).
      const printed: IssuedDocumentRecord[] = [];
      const documentIssuance: DocumentIssuance = {
        signer: (tx, municipalityId, at) => delegatedSigner(tx, this.ctx.config.secret, municipalityId, at),
        issued: (document) => printed.push(document),
      };
      const ctx: AppContext = { ...this.ctx, database: { ...this.ctx.database, db }, documentIssuance };
      const { view, payload, blobs: captured = [], basis } = await work(ctx, db);
      const documentBlobs = printed.map((d) => ({ sha256: sha256Of(d.pdf), mediaType: 'application/pdf', biometric: false, content: d.pdf }));
      const blobs = [...captured, ...documentBlobs];
      const documents = printed.map(({ pdf: _pdf, ...document }, i) => ({ ...document, sha256: documentBlobs[i]?.sha256 }));
      const eventPayload = { caseId, ...payload, ...(documents.length > 0 ? { documents } : {}) };
      const event: CaptureEvent = {
        id: randomUUID(), streamId: caseId, seq: await this.sink.nextSeq(db, caseId), kind,
        payload: eventPayload,
        attachments: blobs.map((b) => ({ sha256: b.sha256, size: b.content.byteLength, mediaType: b.mediaType, kind: kindOf(eventPayload, b.sha256), biometric: b.biometric })),
        capturedAt: ctx.now().toISOString(), officerId: actor.userId, ...(basis ? { basis } : {}),
      };
      await this.sink.append(db, event, blobs);
      return view;
    });
  }

  open(actor: Principal, input: Omit<OpenCaseInput, 'preset'>): Promise<CaseView> {
    const caseId = randomUUID();
    return this.record(actor, caseId, 'case.opened', async (ctx, db) => {
      const number = await this.numbers.take(db, 'case');
      const view = await openCase(ctx, actor, { ...input, preset: { id: caseId, number } });
      const register = input.personId ? this.options.basisOf(input.personId.toLowerCase()) : undefined;
      if (input.personId && !register) throw new AppError('PERSON_NOT_IN_PACKAGE', 'The person is not in this kit\'s tour package; only the persons of the tour can be served.', 404);
      return {
        view,
        payload: { number, serviceId: input.serviceId, personId: input.personId, applicant: input.applicant, ...(input.data ? { data: input.data } : {}) },
        ...(register ? { basis: { register } } : {}),
      };
    });
  }

  update(actor: Principal, caseId: string, input: UpdateCaseInput): Promise<CaseView> {
    return this.record(actor, caseId, 'case.updated', async (ctx) => ({
      view: await updateCase(ctx, actor, caseId, input),
      payload: { data: input.data, ...(input.applicant ? { applicant: input.applicant } : {}) },
    }));
  }

  device(actor: Principal, caseId: string, name: string, input: { version: number; input?: Record<string, unknown> }): Promise<CaseView> {
    return this.record(actor, caseId, 'case.device', async (ctx) => {
      let produced: { result: DeviceActionResult; ids: string[] } | null = null;
      const view = await runDeviceAction(ctx, actor, caseId, name, input, (result, ids) => { produced = { result, ids }; });
      const { result, ids } = produced as unknown as { result: DeviceActionResult; ids: string[] };
      // On the kit a photo counts as biometric too: it leaves the kit within 96 hours (DESIGN §5), whatever the Rathaus keeps it for.
      const blobs = result.attachments.map((a) => ({ sha256: sha256Of(a.content), mediaType: a.mediaType, biometric: a.biometric || a.kind === 'photo', content: a.content }));
      return {
        view, blobs,
        payload: {
          action: name, dataPatch: result.dataPatch,
          attachments: result.attachments.map((a, i) => ({ attachmentId: ids[i], sha256: blobs[i]?.sha256, kind: a.kind, mediaType: a.mediaType, biometric: a.biometric })),
        },
      };
    });
  }

  attach(actor: Principal, caseId: string, input: { kind: string; mediaType: string; content: Uint8Array }): Promise<{ id: string; kind: string; mediaType: string }> {
    const attachmentId = randomUUID();
    return this.record(actor, caseId, 'case.attached', async (ctx) => {
      await uploadAttachment(ctx, actor, caseId, { ...input, id: attachmentId });
      const sha256 = sha256Of(input.content);
      return {
        view: { id: attachmentId } as unknown as CaseView,
        blobs: [{ sha256, mediaType: input.mediaType, biometric: false, content: input.content }],
        payload: { attachment: { attachmentId, sha256, kind: input.kind, mediaType: input.mediaType, biometric: false } },
      };
    }).then(() => ({ id: attachmentId, kind: input.kind, mediaType: input.mediaType }));
  }

  capture(actor: Principal, caseId: string, input: { version: number }): Promise<CaseView> {
    return this.record(actor, caseId, 'case.captured', async (ctx) => ({ view: await captureCase(ctx, actor, caseId, input), payload: {} }));
  }

  pay(actor: Principal, caseId: string, input: Omit<RecordPaymentInput, 'receiptNumber'>): Promise<CaseView> {
    return this.record(actor, caseId, 'case.paid', async (ctx, db) => {
      const receiptNumber = await this.numbers.take(db, 'receipt');
      const view = await recordPayment(ctx, actor, caseId, { ...input, receiptNumber });
      return { view, payload: { method: input.method, amountCents: input.amountCents, ...(input.cardReference ? { cardReference: input.cardReference } : {}), receiptNumber } };
    });
  }

  complete(actor: Principal, caseId: string, input: { version: number }): Promise<CaseView> {
    return this.record(actor, caseId, 'case.completed', async (ctx) => ({ view: await completeCase(ctx, actor, caseId, input), payload: {} }));
  }

  handOver(actor: Principal, caseId: string, input: { version: number; input: Record<string, unknown> }): Promise<CaseView> {
    return this.record(actor, caseId, 'case.handed_over', async (ctx) => ({ view: await handOverCase(ctx, actor, caseId, input), payload: { input: input.input } }));
  }

  close(actor: Principal, caseId: string, input: { version: number }): Promise<CaseView> {
    return this.record(actor, caseId, 'case.closed', async (ctx) => ({ view: await closeCase(ctx, actor, caseId, input), payload: {} }));
  }

  cancel(actor: Principal, caseId: string, input: { version: number; reason: string }): Promise<CaseView> {
    return this.record(actor, caseId, 'case.cancelled', async (ctx) => ({ view: await cancelCase(ctx, actor, caseId, input), payload: { reason: input.reason } }));
  }
}

/** The attachment kind a payload names for a blob (device results and uploads list their attachments). */
function kindOf(payload: Record<string, unknown>, sha256: string): string {
  const listed = [
    ...(Array.isArray(payload.attachments) ? payload.attachments as { sha256?: string; kind?: string }[] : []),
    ...(payload.attachment ? [payload.attachment as { sha256?: string; kind?: string }] : []),
    ...(Array.isArray(payload.documents) ? (payload.documents as { sha256?: string }[]).map((d) => ({ sha256: d.sha256, kind: 'document' })) : []),
  ];
  return listed.find((a) => a.sha256 === sha256)?.kind ?? 'other';
}
