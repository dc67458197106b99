import { z } from 'zod';
import { deviceClasses, deviceStatuses } from './device-status.ts';

export const deviceCheckSchema = z.object({
  device: z.enum(deviceClasses).describe('Device class: the port name in DevicePorts'),
  driver: z.string().describe("Which driver answered: ipp, escl, sane, zvt, simulator, …; the configured one when it did not answer"),
  status: z.enum(deviceStatuses).describe('ok: ready; warning: works, look at it (toner low, simulator in production, no health check); failed: will not work'),
  answered: z.boolean().describe('false: no answer within the time limit, or the check raised an error'),
  detail: z.string().describe('What the device reported (German)'),
  detailEn: z.string(),
  advice: z.string().nullable().describe('What to do (German); null when nothing needs doing'),
  adviceEn: z.string().nullable(),
  checkedAt: z.string(),
  durationMs: z.number().int().min(0),
});

export const deviceHealthReportSchema = z.object({
  status: z.enum(deviceStatuses).describe('The worst status of all devices'),
  checkedAt: z.string(),
  timeoutMs: z.number().int().positive(),
  devices: z.array(deviceCheckSchema),
});
