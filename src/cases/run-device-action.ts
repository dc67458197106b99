import { createSimulatedDevicePorts } from '../devices/simulators.ts';
import type { DevicePorts } from '../devices/types.ts';
import type { Actor } from '../identity/principal.ts';
import type { AppContext } from '../platform/context.ts';
import { AppError } from '../platform/errors.ts';
import { appendCaseEvent, caseActorOf, inTransaction, saveCase } from './case-store.ts';
import type { CaseView } from './case-view.types.ts';
import { factsOfCase, lockUnchanged, readForChange, requirePermission, requireWorkflow, serviceOf } from './engine.ts';
import { getCase } from './get-case.ts';
import { mergePatch, resolveAttachmentRefs } from './merge-patch.ts';
import { storeAttachment } from './store-attachment.ts';
import { reopenForEdit } from './update-case.ts';
import type { CaseRow } from './case-store.ts';
import type { DeviceActionResult } from './workflow.ts';

/** One set of simulators per context, so their state (attempts, card states) lasts across requests. */
const simulated = new WeakMap<AppContext, DevicePorts>();

export function devicesOf(ctx: AppContext): DevicePorts {
  if (ctx.devices) return ctx.devices;
  let ports = simulated.get(ctx);
  if (!ports) {
    ports = createSimulatedDevicePorts();
    simulated.set(ctx, ports);
  }
  return ports;
}

/**
 * Runs a workflow's device action (photo, fingerprints, scan, terminal) and stores what it
 * produced: attachments (with SHA-256, size, biometric flag) and the data patch, whose
 * `$attachment:N` references become the new attachments' ids. The device runs outside the
 * transaction (it may take a while); the case is then saved only if nobody changed it meanwhile.
 */
export async function runDeviceAction(
  ctx: AppContext, actor: Actor, caseId: string, name: string, input: { version: number; input?: Record<string, unknown> | undefined },
  /** The kit records what the device produced (and the ids it was stored under) as a capture event. */
  observe?: (result: DeviceActionResult, attachmentIds: string[]) => void,
): Promise<CaseView> {
  requirePermission(actor, 'cases.write');
  const db = ctx.database.db;
  const read = await readForChange(db, actor, caseId, input.version);
  const workflow = requireWorkflow(serviceOf(read.serviceId).id);
  const action = Object.hasOwn(workflow.deviceActions ?? {}, name) ? workflow.deviceActions?.[name] : undefined;
  if (!action) {
    const known = Object.keys(workflow.deviceActions ?? {});
    throw new AppError('DEVICE_ACTION_UNKNOWN',
      `The service has no device action "${name}"${known.length > 0 ? `; it has ${known.join(', ')}` : ''}.`, 404);
  }
  const reopen = await reopenForEdit(db, read);
  const facts = await factsOfCase(db, actor, read, { action: `case.device.${name}`, record: true, now: ctx.now() });
  let result;
  try {
    result = await action.run(devicesOf(ctx), input.input ?? {}, read.data, facts);
  } catch (error) {
    if (error instanceof AppError) throw error;
    const message = error instanceof Error ? error.message : String(error);
    throw new AppError('DEVICE_FAILED', `The device reported a problem: ${message} Check the device and try again.`, 502, { action: name });
  }
  const ids = await storeDeviceResult(ctx, actor, read, reopen, name, result);
  observe?.(result, ids);
  return getCase(ctx, actor, caseId, { record: false });
}

/**
 * Stores what a device action produced: attachments (with SHA-256, size, biometric flag; under the
 * ids given, when a kit captured them offline) and the data patch, whose `$attachment:N`
 * references become the attachments' ids. Saved only if nobody changed the case since `read`.
 */
async function storeDeviceResult(
  ctx: AppContext, actor: Actor, read: CaseRow, reopen: Awaited<ReturnType<typeof reopenForEdit>>, name: string, result: DeviceActionResult, attachmentIds?: string[],
): Promise<string[]> {
  const now = ctx.now();
  return inTransaction(ctx.database.db, async (tx) => {
    const row = await lockUnchanged(tx, read);
    const ids: string[] = [];
    for (const [index, attachment] of result.attachments.entries()) ids.push(await storeAttachment(tx, row, attachment, now, attachmentIds?.[index]));
    const patch = resolveAttachmentRefs(result.dataPatch, ids) as Record<string, unknown>;
    await saveCase(tx, row, { ...reopen, data: mergePatch(row.data, patch) }, now);
    await appendCaseEvent(tx, row, caseActorOf(actor), now, {
      action: `device:${name}`, fromState: row.state, toState: reopen.state,
      details: { attachments: result.attachments.map((a, i) => ({ id: ids[i], kind: a.kind, biometric: a.biometric, size: a.content.byteLength })), fields: Object.keys(patch) },
    });
    return ids;
  });
}

/**
 * Applies a device action's result that a kit produced with its own devices (the capture event
 * carries the result and the attachments): the same storage and history as runDeviceAction,
 * without running a device here.
 */
export async function applyDeviceResult(
  ctx: AppContext, actor: Actor, caseId: string, name: string, input: { result: DeviceActionResult; attachmentIds: string[] },
): Promise<CaseView> {
  requirePermission(actor, 'cases.write');
  const db = ctx.database.db;
  const read = await readForChange(db, actor, caseId, undefined);
  const workflow = requireWorkflow(serviceOf(read.serviceId).id);
  if (!Object.hasOwn(workflow.deviceActions ?? {}, name)) {
    throw new AppError('DEVICE_ACTION_UNKNOWN', `The service has no device action "${name}".`, 404);
  }
  const reopen = await reopenForEdit(db, read);
  await storeDeviceResult(ctx, actor, read, reopen, name, input.result, input.attachmentIds);
  return getCase(ctx, actor, caseId, { record: false });
}
