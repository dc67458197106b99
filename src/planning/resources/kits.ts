// Kits as resources: list, add, change (devices with certificate and maintenance dates, status, shifts, stops per tour).
import { and, asc, eq, ne } from 'drizzle-orm';
import type { Db } from '../../platform/db/database.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { kits, type KitDevice, type WeeklyHours } from '../schema.ts';
import { kitCapabilities, type ResourceKit } from './availability.ts';
import { isIsoDate, weeklyHoursProblem } from './hours.ts';

export const kitStatuses = ['active', 'maintenance', 'retired'] as const;
export type KitStatus = (typeof kitStatuses)[number];
export const deviceKinds = ['printer', 'scanner', 'fingerprint_sensor', 'camera', 'change_terminal', 'payment_terminal'] as const;

export interface KitView extends ResourceKit {
  commissionedOn: string | null;
  /** Catalogue services the devices allow. */
  capabilities: string[];
}

export interface KitChanges {
  name?: string;
  status?: KitStatus;
  devices?: KitDevice[];
  shifts?: WeeklyHours;
  maxStops?: number;
  commissionedOn?: string | null;
}

type Row = typeof kits.$inferSelect;

function view(row: Row): KitView {
  return {
    id: row.id, name: row.name, status: row.status, devices: row.devices, shifts: row.shifts, maxStops: row.maxStops,
    commissionedOn: row.commissionedOn, capabilities: kitCapabilities(row),
  };
}

const invalid = (message: string, field: string) => new AppError('KIT_INVALID', message, 400, { field });

/** The rules a kit's data must keep; the schema checks shapes, this checks meaning. */
function checkChanges(changes: KitChanges): void {
  if (changes.name !== undefined && changes.name.trim() === '') throw invalid('Give the kit a name (e.g. "Koffer 1").', 'name');
  if (changes.maxStops !== undefined && (!Number.isInteger(changes.maxStops) || changes.maxStops < 1 || changes.maxStops > 10)) {
    throw invalid('Stops per tour must be a whole number from 1 to 10 (1–3 in practice).', 'maxStops');
  }
  if (changes.commissionedOn && !isIsoDate(changes.commissionedOn)) throw invalid(`Commissioned on "${changes.commissionedOn}" is not a day YYYY-MM-DD.`, 'commissionedOn');
  if (changes.shifts) {
    const problem = weeklyHoursProblem(changes.shifts);
    if (problem) throw invalid(`Shifts: ${problem}`, 'shifts');
  }
  for (const [i, device] of (changes.devices ?? []).entries()) {
    if (!(deviceKinds as readonly string[]).includes(device.kind)) throw invalid(`Device ${i + 1}: unknown kind "${device.kind}" (one of ${deviceKinds.join(', ')}).`, `devices.${i}.kind`);
    if (device.serialNumber.trim() === '') throw invalid(`Device ${i + 1}: give the serial number.`, `devices.${i}.serialNumber`);
    for (const field of ['certificateValidUntil', 'nextMaintenance'] as const) {
      const value = device[field] || undefined; // "" = a cleared date field
      if (value !== undefined && !isIsoDate(value)) throw invalid(`Device ${i + 1}: ${field} "${value}" is not a day YYYY-MM-DD.`, `devices.${i}.${field}`);
    }
    if (device.certificateValidUntil && device.kind !== 'change_terminal') {
      throw invalid(`Device ${i + 1}: only the change terminal carries a certificate date.`, `devices.${i}.certificateValidUntil`);
    }
  }
  const terminals = (changes.devices ?? []).filter((d) => d.kind === 'change_terminal');
  if (terminals.length > 1) throw invalid('A kit has one change terminal; remove the second.', 'devices');
}

async function checkNameFree(db: Db, municipalityId: string, name: string, exceptId: string | null): Promise<void> {
  const clash = await db.select({ id: kits.id }).from(kits).where(and(
    eq(kits.municipalityId, municipalityId), eq(kits.name, name), ...(exceptId ? [ne(kits.id, exceptId)] : []),
  ));
  if (clash.length > 0) throw new AppError('KIT_NAME_TAKEN', `There is already a kit named "${name}"; choose another name.`, 409, { field: 'name' });
}

/** Drop empty optional dates the form sends, so "no date" is stored as absent. */
function cleanDevices(devices: KitDevice[]): KitDevice[] {
  return devices.map((d) => {
    const device: KitDevice = { kind: d.kind, model: d.model.trim(), serialNumber: d.serialNumber.trim() };
    if (d.certificateValidUntil) device.certificateValidUntil = d.certificateValidUntil;
    if (d.nextMaintenance) device.nextMaintenance = d.nextMaintenance;
    return device;
  });
}

export async function listKits(db: Db, municipalityId: string): Promise<KitView[]> {
  const rows = await db.select().from(kits).where(eq(kits.municipalityId, municipalityId)).orderBy(asc(kits.name));
  return rows.map(view);
}

export async function createKit(db: Db, municipalityId: string, input: KitChanges & { name: string }): Promise<KitView> {
  checkChanges(input);
  const name = input.name.trim();
  await checkNameFree(db, municipalityId, name, null);
  const [row] = await db.insert(kits).values({
    municipalityId, name, status: input.status ?? 'active', devices: cleanDevices(input.devices ?? []), shifts: input.shifts ?? {},
    maxStops: input.maxStops ?? 3, commissionedOn: input.commissionedOn ?? null,
  }).returning();
  return view(row!);
}

export async function updateKit(db: Db, municipalityId: string, kitId: string, changes: KitChanges): Promise<KitView> {
  checkChanges(changes);
  const [current] = await db.select().from(kits).where(and(eq(kits.municipalityId, municipalityId), eq(kits.id, kitId)));
  if (!current) throw notFound('The kit');
  const name = changes.name?.trim();
  if (name !== undefined && name !== current.name) await checkNameFree(db, municipalityId, name, kitId);
  const set = {
    ...(name !== undefined ? { name } : {}),
    ...(changes.status !== undefined ? { status: changes.status } : {}),
    ...(changes.devices !== undefined ? { devices: cleanDevices(changes.devices) } : {}),
    ...(changes.shifts !== undefined ? { shifts: changes.shifts } : {}),
    ...(changes.maxStops !== undefined ? { maxStops: changes.maxStops } : {}),
    ...(changes.commissionedOn !== undefined ? { commissionedOn: changes.commissionedOn } : {}),
  };
  if (Object.keys(set).length === 0) return view(current);
  const [row] = await db.update(kits).set(set).where(eq(kits.id, kitId)).returning();
  return view(row!);
}
