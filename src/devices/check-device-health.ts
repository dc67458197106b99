import { devicesOf } from '../cases/run-device-action.ts';
import { actorCan, type Actor } from '../identity/principal.ts';
import type { AppContext } from '../platform/context.ts';
import { AppError, forbidden } from '../platform/errors.ts';
import { adviceFor, deviceClasses, overallStatus, statusOf, type CheckOutcome, type DeviceCheck, type DeviceClass, type DeviceStatus, type StatusRules } from './device-status.ts';
import { configuredDriverOf } from './from-config.ts';
import type { DeviceHealth, DevicePorts } from './types.ts';

export interface DeviceHealthReport {
  status: DeviceStatus;
  checkedAt: string;
  timeoutMs: number;
  devices: DeviceCheck[];
}

export interface CheckDeviceHealthOptions extends StatusRules {
  /** Per device; a device that has not answered by then is reported as not answering. */
  timeoutMs: number;
  now: () => Date;
  /** The driver a device is configured with, for the line of a device that did not answer. */
  drivers?: Partial<Record<DeviceClass, string>>;
}

export const defaultDeviceTimeoutMs = 5000;

/** A port's health(), when its driver has one (the printer and card terminal always do); a synchronous throw counts as an error answer. */
function healthOf(port: object): (() => Promise<DeviceHealth>) | undefined {
  if (!('health' in port)) return undefined;
  const health: unknown = port.health;
  if (typeof health !== 'function') return undefined;
  return () => Promise.resolve().then(() => health.call(port) as Promise<DeviceHealth>);
}

async function outcomeOf(port: object, timeoutMs: number): Promise<CheckOutcome> {
  const health = healthOf(port);
  if (!health) return { kind: 'unsupported' };
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<CheckOutcome>((resolve) => {
    timer = setTimeout(() => resolve({ kind: 'timeout', timeoutMs }), timeoutMs);
  });
  const answer = health().then(
    (result): CheckOutcome => ({ kind: 'answered', health: result }),
    (error: unknown): CheckOutcome => {
      const en = error instanceof Error ? error.message : String(error);
      const de = error instanceof AppError && typeof error.details?.['de'] === 'string' ? error.details['de'] : en;
      return { kind: 'error', detail: de, detailEn: en };
    },
  );
  try {
    return await Promise.race([answer, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function textsOf(outcome: CheckOutcome): { detail: string; detailEn: string } {
  switch (outcome.kind) {
    case 'answered':
      return { detail: outcome.health.detail, detailEn: outcome.health.detailEn ?? outcome.health.detail };
    case 'error':
      return { detail: outcome.detail, detailEn: outcome.detailEn };
    case 'timeout': {
      const seconds = (outcome.timeoutMs / 1000).toLocaleString('de-DE');
      return { detail: `Antwortet nicht (keine Antwort innerhalb von ${seconds} s).`, detailEn: `Not answering (no answer within ${outcome.timeoutMs / 1000} s).` };
    }
    case 'unsupported':
      return { detail: 'Der Treiber bietet keine Zustandsabfrage.', detailEn: 'The driver offers no health check.' };
  }
}

/**
 * Asks every device port for its health at once, each with its own time limit, so one device
 * that hangs (a printer asleep on the Wi-Fi) neither holds up the others nor the page. Nothing
 * is printed, scanned, captured or charged: health() has no side effects (types.ts).
 */
export async function checkDeviceHealth(ports: DevicePorts, options: CheckDeviceHealthOptions): Promise<DeviceHealthReport> {
  const checkedAt = options.now().toISOString();
  const devices = await Promise.all(deviceClasses.map(async (device): Promise<DeviceCheck> => {
    const started = performance.now();
    const outcome = await outcomeOf(ports[device], options.timeoutMs);
    const durationMs = Math.round(performance.now() - started);
    const status = statusOf(outcome, options);
    const advice = adviceFor(device, status, outcome);
    return {
      device,
      driver: outcome.kind === 'answered' ? outcome.health.driver : (options.drivers?.[device] ?? 'unknown'),
      status,
      answered: outcome.kind === 'answered' || outcome.kind === 'unsupported',
      ...textsOf(outcome),
      advice: advice?.de ?? null,
      adviceEn: advice?.en ?? null,
      checkedAt: outcome.kind === 'answered' ? outcome.health.checkedAt : options.now().toISOString(),
      durationMs,
    };
  }));
  return { status: overallStatus(devices.map((d) => d.status)), checkedAt, timeoutMs: options.timeoutMs, devices };
}

/** The device page's check for staff who run or equip a kit (devices.check). */
export async function checkDevices(ctx: AppContext, actor: Actor, options: { timeoutMs?: number } = {}): Promise<DeviceHealthReport> {
  if (!actorCan(actor, 'devices.check')) throw forbidden();
  const ports = devicesOf(ctx);
  const drivers: Partial<Record<DeviceClass, string>> = {};
  for (const device of deviceClasses) {
    const driver = configuredDriverOf(ports[device]);
    if (driver) drivers[device] = driver;
  }
  return checkDeviceHealth(ports, {
    timeoutMs: options.timeoutMs ?? defaultDeviceTimeoutMs,
    now: ctx.now,
    simulatorIsWarning: ctx.config.env === 'production',
    drivers,
  });
}
