// Which kits and officers can go out on a day, and who goes with which kit (pure; DESIGN §5:
// every tour has one kit and two officers).
import { serviceIds, type ServiceId } from '../../catalogue/services.ts';
import type { KitDevice, WeeklyHours } from '../schema.ts';
import {
  berlinInstant, defaultOfficeHours, germanDate, intersectSpans, isoWeekday, longestSpan, spansOn, weekdayNames, type Span,
} from './hours.ts';

export interface ResourceKit {
  id: string;
  name: string;
  /** active | maintenance | retired */
  status: string;
  devices: KitDevice[];
  shifts: WeeklyHours;
  maxStops: number;
}

export interface ResourceAbsence { fromDate: string; toDate: string; reason: string | null }

export interface ResourceOfficer {
  id: string;
  name: string;
  active: boolean;
  workingHours: WeeklyHours;
  /** Catalogue service ids; empty = all. */
  skills: string[];
  absences: ResourceAbsence[];
}

/** One kit with two officers on one day: a vehicle for the planner. */
export interface Crew {
  kitId: string;
  kitName: string;
  officerIds: [string, string];
  /** ISO instants with the Berlin offset, e.g. "2026-12-07T08:30:00+01:00". */
  shift: { start: string; end: string };
  maxStops: number;
  skills: string[] | 'all';
}

export interface UnavailableKit { kitId: string; name: string; reasons: string[] }

export interface PlanningDay { date: string; crews: Crew[]; unavailableKits: UnavailableKit[] }

export interface OfficerDay {
  officerId: string;
  name: string;
  /** Working spans of the day ("HH:MM"), none when absent or off. */
  spans: [string, string][];
  /** Why the officer cannot go out that day; null when available. */
  reason: string | null;
  /** The kit the officer goes out with, if any. */
  kitId: string | null;
}

/** A planning day with the officers' side too, for the resources overview. */
export interface ResourceDay extends PlanningDay { officers: OfficerDay[] }

/** A crew needs at least this long together inside the kit's shift (set-up, one visit, the way back). */
export const minimumCrewMinutes = 120;

export const noCrewReason = 'keine zwei Einsatzkräfte verfügbar';

const deviceNames: Record<string, string> = {
  printer: 'Drucker', scanner: 'Scanner', fingerprint_sensor: 'Fingerabdrucksensor', camera: 'Kamera',
  change_terminal: 'Änderungsterminal', payment_terminal: 'Kartenterminal',
};

export function deviceName(kind: string): string {
  return deviceNames[kind] ?? kind;
}

/**
 * Devices a service needs in the kit: the photo and fingerprints of ID applications (a provisional
 * document carries a photo, no chip), the change terminal for everything on the eID chip. The
 * payment terminal is never required: citizens may pay cash.
 */
export function devicesNeededFor(serviceId: ServiceId): string[] {
  if (serviceId === 'personalausweis' || serviceId === 'reisepass') return ['camera', 'fingerprint_sensor'];
  if (serviceId === 'vorlaeufiger_personalausweis' || serviceId === 'vorlaeufiger_reisepass') return ['camera'];
  if (serviceId.startsWith('eid_')) return ['change_terminal'];
  return [];
}

/** The catalogue services the kit's devices allow, in catalogue order. */
export function kitCapabilities(kit: Pick<ResourceKit, 'devices'>): ServiceId[] {
  const kinds = new Set(kit.devices.map((d) => d.kind));
  return serviceIds.filter((id) => devicesNeededFor(id).every((kind) => kinds.has(kind)));
}

function shiftHours(kit: ResourceKit): WeeklyHours {
  // A kit without shifts of its own goes out in office hours.
  return Object.keys(kit.shifts).length === 0 ? defaultOfficeHours : kit.shifts;
}

export interface KitDay { plannable: boolean; reasons: string[]; shift: Span[] }

/** Whether the kit can go out on the day, and why not. */
export function kitOnDay(kit: ResourceKit, date: string): KitDay {
  const reasons: string[] = [];
  if (kit.status === 'maintenance') reasons.push('Koffer ist in Wartung (Status)');
  else if (kit.status === 'retired') reasons.push('Koffer ist außer Dienst');
  else if (kit.status !== 'active') reasons.push(`Koffer hat den Status „${kit.status}“`);
  for (const device of kit.devices) {
    // An expired terminal certificate stops the whole kit: the devices must not be used unverified.
    if (device.kind === 'change_terminal' && device.certificateValidUntil && device.certificateValidUntil < date) {
      reasons.push(`Zertifikat des Änderungsterminals abgelaufen am ${germanDate(device.certificateValidUntil)}`);
    }
    if (device.nextMaintenance === date) {
      reasons.push(`Wartung ${deviceName(device.kind)} (${device.model}) am ${germanDate(date)}`);
    }
  }
  const weekday = isoWeekday(date);
  const shift = spansOn(shiftHours(kit), weekday);
  if (shift.length === 0) reasons.push(`keine Schicht am ${weekdayNames[weekday - 1]}`);
  return { plannable: reasons.length === 0, reasons, shift };
}

function absenceOn(officer: ResourceOfficer, date: string): ResourceAbsence | undefined {
  return officer.absences.find((a) => a.fromDate <= date && date <= a.toDate);
}

/** The officer's working spans on the day (working hours of the weekday; none on a day of absence), and why none. */
export function officerOnDay(officer: ResourceOfficer, date: string): { spans: Span[]; reason: string | null } {
  if (!officer.active) return { spans: [], reason: 'nicht aktiv' };
  const absence = absenceOn(officer, date);
  if (absence) {
    const until = absence.fromDate === absence.toDate ? '' : ` (${germanDate(absence.fromDate)}–${germanDate(absence.toDate)})`;
    return { spans: [], reason: `abwesend${absence.reason ? `: ${absence.reason}` : ''}${until}` };
  }
  const weekday = isoWeekday(date);
  const spans = spansOn(officer.workingHours, weekday);
  return { spans, reason: spans.length === 0 ? `arbeitet nicht am ${weekdayNames[weekday - 1]}` : null };
}

/** Union of the officers' skills ('all' if either may take everything) ∩ what the kit can take. */
export function crewSkills(skills: [string[], string[]], capabilities: readonly ServiceId[]): string[] | 'all' {
  const all = skills[0].length === 0 || skills[1].length === 0;
  const union = new Set([...skills[0], ...skills[1]]);
  const usable = capabilities.filter((id) => all || union.has(id));
  return usable.length === serviceIds.length ? 'all' : usable;
}

function breadth(officer: ResourceOfficer): number {
  return officer.skills.length === 0 ? serviceIds.length : officer.skills.length;
}

function toTime(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

interface Candidate { pair: [ResourceOfficer, ResourceOfficer]; span: Span; coverage: number; breadth: number; rank: number }

/**
 * The crews of a day. Kits in name order each take the pair of free officers that (1) can take the
 * most of the kit's services together, (2) uses the narrowest skills among such pairs — so a
 * passport-capable officer is left for the next kit instead of two going together, (3) has the
 * longest time together in the shift, (4) comes first in an order that rotates by date, so the
 * same ties do not fall on the same officers every day. Deterministic for the same input.
 */
export function assignCrews(date: string, kits: ResourceKit[], officers: ResourceOfficer[]): ResourceDay {
  const sortedKits = [...kits].sort((a, b) => a.name.localeCompare(b.name, 'de') || a.id.localeCompare(b.id));
  const sortedOfficers = [...officers].sort((a, b) => a.name.localeCompare(b.name, 'de') || a.id.localeCompare(b.id));
  const dayNumber = Math.round(Date.parse(`${date}T00:00:00Z`) / 86_400_000);
  const rotation = sortedOfficers.length === 0 ? 0 : dayNumber % sortedOfficers.length;
  const rankOf = new Map(sortedOfficers.map((o, i) => [o.id, (i - rotation + sortedOfficers.length) % sortedOfficers.length]));

  const officerDays = new Map(sortedOfficers.map((o) => [o.id, officerOnDay(o, date)]));
  const free = sortedOfficers.filter((o) => officerDays.get(o.id)!.spans.length > 0);
  const taken = new Map<string, string>();
  const crews: Crew[] = [];
  const unavailableKits: UnavailableKit[] = [];

  for (const kit of sortedKits) {
    const day = kitOnDay(kit, date);
    if (!day.plannable) { unavailableKits.push({ kitId: kit.id, name: kit.name, reasons: day.reasons }); continue; }
    const capabilities = kitCapabilities(kit);
    let best: Candidate | null = null;
    const available = free.filter((o) => !taken.has(o.id));
    for (let i = 0; i < available.length; i += 1) {
      for (let j = i + 1; j < available.length; j += 1) {
        const a = available[i]!;
        const b = available[j]!;
        const together = intersectSpans(intersectSpans(day.shift, officerDays.get(a.id)!.spans), officerDays.get(b.id)!.spans);
        const span = longestSpan(together);
        if (!span || span.end - span.start < minimumCrewMinutes) continue;
        const skills = crewSkills([a.skills, b.skills], capabilities);
        const candidate: Candidate = {
          pair: [a, b], span,
          coverage: skills === 'all' ? serviceIds.length : skills.length,
          breadth: breadth(a) + breadth(b),
          rank: Math.min(rankOf.get(a.id)!, rankOf.get(b.id)!) * sortedOfficers.length + Math.max(rankOf.get(a.id)!, rankOf.get(b.id)!),
        };
        if (!best || better(candidate, best)) best = candidate;
      }
    }
    if (!best) { unavailableKits.push({ kitId: kit.id, name: kit.name, reasons: [noCrewReason] }); continue; }
    const [a, b] = best.pair;
    taken.set(a.id, kit.id);
    taken.set(b.id, kit.id);
    crews.push({
      kitId: kit.id, kitName: kit.name, officerIds: [a.id, b.id],
      shift: { start: berlinInstant(date, best.span.start), end: berlinInstant(date, best.span.end) },
      maxStops: kit.maxStops, skills: crewSkills([a.skills, b.skills], capabilities),
    });
  }

  return {
    date, crews, unavailableKits,
    officers: sortedOfficers.map((o) => {
      const { spans, reason } = officerDays.get(o.id)!;
      return { officerId: o.id, name: o.name, spans: spans.map((s) => [toTime(s.start), toTime(s.end)] as [string, string]), reason, kitId: taken.get(o.id) ?? null };
    }),
  };
}

function better(x: Candidate, y: Candidate): boolean {
  if (x.coverage !== y.coverage) return x.coverage > y.coverage;
  if (x.breadth !== y.breadth) return x.breadth < y.breadth;
  const lx = x.span.end - x.span.start;
  const ly = y.span.end - y.span.start;
  if (lx !== ly) return lx > ly;
  return x.rank < y.rank;
}

/** The planner's view of a resource day: exactly the contract's PlanningDay. */
export function planningDayOf(day: ResourceDay): PlanningDay {
  return { date: day.date, crews: day.crews, unavailableKits: day.unavailableKits };
}
