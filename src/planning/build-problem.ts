// Turns plannable visit requests and the week's crews into the solver's problem (pure).
// Times are minutes since midnight (Europe/Berlin wall clock) of the week's Monday, so one stop can
// carry windows on several days while each vehicle (one crew on one day) lives on its own day.
import { isServiceId, services } from '../catalogue/services.ts';
import type { AvailabilityWindow, RequestLocation } from '../requests/types.ts';
import type { Crew } from './resources/availability.ts';

export interface Point { latitude: number; longitude: number }
export interface Span { start: number; end: number }

export interface PlannableRequest {
  id: string;
  services: string[];
  location: RequestLocation | null;
  /** Coordinates resolved by the caller (location, register address, person's address); null = none found. */
  point: Point | null;
  availability: AvailabilityWindow[];
  urgency: 'normal' | 'high' | 'urgent' | string;
  neededBy: string | null;
  /** Since when the request waits (created, or waitlisted). */
  waitingSince: string;
  pinnedKitId: string | null;
  pinnedDate: string | null;
  /** Persons served by the request (1 unless stated otherwise). */
  persons?: number;
}

export interface InstitutionInfo {
  id: string;
  name: string;
  place: string;
  point: Point | null;
  visitingHours: Record<string, [string, string][]>;
}

/** A crew of loadPlanningResources on its day: one vehicle of the problem. */
export type CrewDay = Crew & { date: string };

export interface ProblemStop {
  id: string;
  /** Index into ProblemInput.points. */
  location: number;
  place: string;
  institutionId: string | null;
  requestIds: string[];
  serviceMinutes: number;
  /** Start-of-service windows (the visit ends inside the availability span). */
  windows: Span[];
  value: number;
  allowedVehicles: string[];
}

export interface ProblemVehicle {
  id: string;
  date: string;
  kitId: string;
  kitName: string;
  officerIds: [string, string];
  shift: Span;
  depot: number;
  maxStops: number;
}

/** no_crew: no kit has two officers on any day of the week at all. */
export type LeftOutReason = 'no_coordinates' | 'no_window' | 'no_capable_kit' | 'no_crew';
export interface LeftOut { requestId: string; reason: LeftOutReason }

export interface PlanningProblem {
  /** points[0] is the depot. */
  points: Point[];
  stops: ProblemStop[];
  vehicles: ProblemVehicle[];
  leftOut: LeftOut[];
}

export interface BuildProblemInput {
  weekStart: string;
  requests: PlannableRequest[];
  institutions: Map<string, InstitutionInfo>;
  crews: CrewDay[];
  /** Device kinds per kit (kit.devices[].kind); a kit missing here is assumed fully equipped. */
  kitDevices: Map<string, string[]>;
  depot: Point;
  setupMinutes: number;
  /** Today (ISO date), for the waiting time. */
  today: string;
}

export const urgencyWeight: Record<string, number> = { normal: 1, high: 3, urgent: 9 };

/** Devices a service needs in the kit (DESIGN §5: biometrics for ID documents, the change terminal for eID). */
export function requiredDevices(serviceId: string): string[] {
  if (['personalausweis', 'reisepass'].includes(serviceId)) return ['camera', 'fingerprint_sensor'];
  if (serviceId.startsWith('eid_')) return ['change_terminal'];
  return [];
}

export function serviceMinutesOf(serviceIds: string[], persons = 1): number {
  const perPerson = serviceIds.reduce((sum, id) => sum + (isServiceId(id) ? services[id].captureMinutes : 10), 0);
  return perPerson * persons;
}

export function minutesOf(time: string): number {
  // "HH:MM" or an ISO timestamp written in local wall-clock time ("2026-12-07T08:00…").
  const hhmm = time.length > 5 ? time.slice(11, 16) : time;
  const [h, m] = hhmm.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}

export function dayIndex(weekStart: string, date: string): number {
  return Math.round((Date.parse(`${date}T00:00:00Z`) - Date.parse(`${weekStart}T00:00:00Z`)) / 86_400_000);
}

function isoWeekday(date: string): number {
  const d = new Date(`${date}T00:00:00Z`).getUTCDay();
  return d === 0 ? 7 : d;
}

export function intersect(a: Span[], b: Span[]): Span[] {
  const out: Span[] = [];
  for (const x of a) for (const y of b) {
    const start = Math.max(x.start, y.start);
    const end = Math.min(x.end, y.end);
    if (end > start) out.push({ start, end });
  }
  return out.sort((p, q) => p.start - q.start);
}

function spans(list: [string, string][], offset: number): Span[] {
  return list.map(([from, to]) => ({ start: offset + minutesOf(from), end: offset + minutesOf(to) }));
}

/** The request's availability on one day; no availability given = the whole day. */
export function availabilityOn(availability: AvailabilityWindow[], date: string, offset: number): Span[] {
  if (availability.length === 0) return [{ start: offset, end: offset + 1440 }];
  const weekday = isoWeekday(date);
  return availability
    .filter((w) => w.date === date || (w.date === undefined && w.weekday === weekday))
    .map((w) => ({ start: offset + minutesOf(w.from), end: offset + minutesOf(w.to) }));
}

function waitingDays(since: string, today: string): number {
  return Math.max(0, dayIndex(since.slice(0, 10), today));
}

export function requestValue(r: PlannableRequest, today: string): number {
  const weight = urgencyWeight[r.urgency] ?? 1;
  return weight * (1 + waitingDays(r.waitingSince, today) / 14) * (r.persons ?? 1);
}

interface Candidate { requests: PlannableRequest[]; institution: InstitutionInfo | null; point: Point; place: string }

function canServe(crew: CrewDay, serviceIds: string[], kitDevices: Map<string, string[]>): boolean {
  const skilled = crew.skills === 'all' || serviceIds.every((s) => (crew.skills as string[]).includes(s));
  const devices = kitDevices.get(crew.kitId);
  const equipped = devices === undefined || serviceIds.every((s) => requiredDevices(s).every((d) => devices.includes(d)));
  return skilled && equipped;
}

export function buildProblem(input: BuildProblemInput): PlanningProblem {
  const { weekStart, crews, setupMinutes, today } = input;
  const points: Point[] = [input.depot];
  const leftOut: LeftOut[] = [];
  const vehicles: ProblemVehicle[] = crews.map((c) => {
    const offset = dayIndex(weekStart, c.date) * 1440;
    return {
      id: `${c.date}:${c.kitId}`, date: c.date, kitId: c.kitId, kitName: c.kitName, officerIds: c.officerIds,
      shift: { start: offset + minutesOf(c.shift.start), end: offset + minutesOf(c.shift.end) }, depot: 0, maxStops: c.maxStops,
    };
  });
  const crewOf = new Map(vehicles.map((v, i) => [v.id, crews[i]!]));

  // Group: one Sammeltermin candidate per institution (and pin), one home visit per request.
  const groups = new Map<string, Candidate>();
  for (const r of input.requests) {
    const institution = r.location?.kind === 'institution' && r.location.institutionId
      ? input.institutions.get(r.location.institutionId) ?? null : null;
    const point = institution?.point ?? r.point;
    if (!point) { leftOut.push({ requestId: r.id, reason: 'no_coordinates' }); continue; }
    const place = institution?.place ?? (r.location
      ? `${r.location.street} ${r.location.houseNumber}, ${r.location.postcode} ${r.location.city}` : '');
    const key = institution ? `i:${institution.id}:${r.pinnedKitId ?? ''}:${r.pinnedDate ?? ''}` : `r:${r.id}`;
    const group = groups.get(key);
    if (group) group.requests.push(r);
    else groups.set(key, { requests: [r], institution, point, place });
  }

  const stops: ProblemStop[] = [];
  for (const [key, group] of groups) {
    const pointIndex = points.push(group.point) - 1;
    const hours = group.institution?.visitingHours ?? {};
    // The longest span a crew of this week can spend there: visiting hours ∩ shift.
    const longestVisit = group.institution && Object.keys(hours).length > 0
      ? vehicles.reduce((max, v) => {
        const offset = dayIndex(weekStart, v.date) * 1440;
        const open = intersect(spans(hours[String(isoWeekday(v.date))] ?? [], offset), [v.shift]);
        return open.reduce((m, s) => Math.max(m, s.end - s.start), max);
      }, 0)
      : 0;
    // Split a Sammeltermin that does not fit into one visiting span; most valuable first.
    const sorted = [...group.requests].sort((a, b) => requestValue(b, today) - requestValue(a, today) || a.id.localeCompare(b.id));
    const chunks: PlannableRequest[][] = [];
    let current: PlannableRequest[] = [];
    let minutes = setupMinutes;
    for (const r of sorted) {
      const m = serviceMinutesOf(r.services, r.persons ?? 1);
      if (current.length > 0 && longestVisit > 0 && minutes + m > longestVisit) {
        chunks.push(current); current = []; minutes = setupMinutes;
      }
      current.push(r); minutes += m;
    }
    if (current.length > 0) chunks.push(current);

    chunks.forEach((chunk, n) => {
      const serviceMinutes = setupMinutes + chunk.reduce((s, r) => s + serviceMinutesOf(r.services, r.persons ?? 1), 0);
      const serviceIds = [...new Set(chunk.flatMap((r) => r.services))];
      const pin = chunk[0]!;
      const neededBy = chunk.map((r) => r.neededBy).filter((d): d is string => d !== null).sort()[0] ?? null;
      const capable = vehicles.filter((v) => canServe(crewOf.get(v.id)!, serviceIds, input.kitDevices));
      const allowed = capable.filter((v) => (pin.pinnedKitId === null || v.kitId === pin.pinnedKitId)
        && (pin.pinnedDate === null || v.date === pin.pinnedDate) && (neededBy === null || v.date <= neededBy));
      const windows: Span[] = [];
      const usable: string[] = [];
      for (const v of allowed) {
        const offset = dayIndex(weekStart, v.date) * 1440;
        let day = [{ start: offset, end: offset + 1440 }];
        for (const r of chunk) day = intersect(day, availabilityOn(r.availability, v.date, offset));
        if (group.institution && Object.keys(hours).length > 0) day = intersect(day, spans(hours[String(isoWeekday(v.date))] ?? [], offset));
        day = intersect(day, [v.shift]);
        const starts = day.filter((s) => s.end - s.start >= serviceMinutes).map((s) => ({ start: s.start, end: s.end - serviceMinutes }));
        if (starts.length === 0) continue;
        usable.push(v.id);
        for (const s of starts) if (!windows.some((w) => w.start === s.start && w.end === s.end)) windows.push(s);
      }
      if (usable.length === 0) {
        const reason: LeftOutReason = vehicles.length === 0 ? 'no_crew' : capable.length === 0 ? 'no_capable_kit' : 'no_window';
        for (const r of chunk) leftOut.push({ requestId: r.id, reason });
        return;
      }
      stops.push({
        id: chunks.length > 1 ? `${key}#${n + 1}` : key,
        location: pointIndex, place: group.place, institutionId: group.institution?.id ?? null,
        requestIds: chunk.map((r) => r.id), serviceMinutes, windows: windows.sort((a, b) => a.start - b.start),
        value: chunk.reduce((s, r) => s + requestValue(r, today), 0), allowedVehicles: usable,
      });
    });
  }
  return { points, stops, vehicles, leftOut };
}
