/**
 * The commands the case routes run. At the counter they are the use cases themselves; on the kit
 * (`buergerkoffer kit`) they are the CaseRecorder, which runs the same use cases against the
 * kit's database and records each as a capture event for the Rathaus. The routes and the UI are
 * the same in both places.
 */
import type { Principal } from '../identity/principal.ts';
import type { AppContext } from '../platform/context.ts';
import { cancelCase } from './cancel-case.ts';
import type { CaseView } from './case-view.types.ts';
import { captureCase } from './capture-case.ts';
import { closeCase } from './close-case.ts';
import { completeCase } from './complete-case.ts';
import { handOverCase } from './hand-over-case.ts';
import { openCase, type OpenCaseInput } from './open-case.ts';
import { recordPayment, type RecordPaymentInput } from './record-payment.ts';
import { runDeviceAction } from './run-device-action.ts';
import { updateCase, type UpdateCaseInput } from './update-case.ts';
import { uploadAttachment } from './upload-attachment.ts';

export interface CaseCommands {
  open(actor: Principal, input: Omit<OpenCaseInput, 'preset'>): Promise<CaseView>;
  update(actor: Principal, caseId: string, input: UpdateCaseInput): Promise<CaseView>;
  device(actor: Principal, caseId: string, name: string, input: { version: number; input?: Record<string, unknown> }): Promise<CaseView>;
  attach(actor: Principal, caseId: string, input: { kind: string; mediaType: string; content: Uint8Array }): Promise<{ id: string; kind: string; mediaType: string }>;
  capture(actor: Principal, caseId: string, input: { version: number }): Promise<CaseView>;
  pay(actor: Principal, caseId: string, input: Omit<RecordPaymentInput, 'receiptNumber'>): Promise<CaseView>;
  complete(actor: Principal, caseId: string, input: { version: number }): Promise<CaseView>;
  handOver(actor: Principal, caseId: string, input: { version: number; input: Record<string, unknown> }): Promise<CaseView>;
  close(actor: Principal, caseId: string, input: { version: number }): Promise<CaseView>;
  cancel(actor: Principal, caseId: string, input: { version: number; reason: string }): Promise<CaseView>;
}

export function counterCaseCommands(ctx: AppContext): CaseCommands {
  return {
    open: (actor, input) => openCase(ctx, actor, input),
    update: (actor, caseId, input) => updateCase(ctx, actor, caseId, input),
    device: (actor, caseId, name, input) => runDeviceAction(ctx, actor, caseId, name, input),
    attach: (actor, caseId, input) => uploadAttachment(ctx, actor, caseId, input),
    capture: (actor, caseId, input) => captureCase(ctx, actor, caseId, input),
    pay: (actor, caseId, input) => recordPayment(ctx, actor, caseId, input),
    complete: (actor, caseId, input) => completeCase(ctx, actor, caseId, input),
    handOver: (actor, caseId, input) => handOverCase(ctx, actor, caseId, input),
    close: (actor, caseId, input) => closeCase(ctx, actor, caseId, input),
    cancel: (actor, caseId, input) => cancelCase(ctx, actor, caseId, input),
  };
}

export function caseCommandsOf(ctx: AppContext): CaseCommands {
  return ctx.caseCommands ?? counterCaseCommands(ctx);
}
