import { describe, expect, it } from 'vitest';
import type { KitDevice } from '../schema.ts';
import { assignCrews, crewSkills, kitCapabilities, kitOnDay, noCrewReason, officerOnDay, type ResourceKit, type ResourceOfficer } from './availability.ts';
import { berlinInstant, weeklyHoursProblem } from './hours.ts';

const fullDevices: KitDevice[] = [
  { kind: 'printer', model: 'P', serialNumber: 'p1' },
  { kind: 'scanner', model: 'S', serialNumber: 's1' },
  { kind: 'fingerprint_sensor', model: 'F', serialNumber: 'f1' },
  { kind: 'camera', model: 'C', serialNumber: 'c1' },
  { kind: 'change_terminal', model: 'T', serialNumber: 't1', certificateValidUntil: '2027-06-30' },
  { kind: 'payment_terminal', model: 'Z', serialNumber: 'z1' },
];

const weekdays = (from: string, to: string, days = [1, 2, 3, 4, 5]) => Object.fromEntries(days.map((d) => [String(d), [[from, to]] as [string, string][]]));

function kit(overrides: Partial<ResourceKit> = {}): ResourceKit {
  return { id: 'k1', name: 'Koffer 1', status: 'active', devices: fullDevices, shifts: weekdays('08:30', '15:30'), maxStops: 3, ...overrides };
}

function officer(id: string, overrides: Partial<ResourceOfficer> = {}): ResourceOfficer {
  return { id, name: id, active: true, workingHours: weekdays('08:00', '16:00'), skills: [], absences: [], ...overrides };
}

const withoutPassport = ['personalausweis', 'anmeldung', 'ummeldung', 'abmeldung', 'meldebescheinigung', 'eid_address_change'];
const monday = '2026-12-07';

describe('kitCapabilities', () => {
  it.each([
    ['full kit takes every service', fullDevices, ['reisepass', 'personalausweis', 'eid_pin_reset', 'anmeldung'], []],
    ['no fingerprint sensor: no ID applications, provisional ones still', fullDevices.filter((d) => d.kind !== 'fingerprint_sensor'),
      ['vorlaeufiger_personalausweis', 'eid_address_change', 'anmeldung'], ['personalausweis', 'reisepass']],
    ['no camera: no ID documents at all', fullDevices.filter((d) => d.kind !== 'camera'), ['eid_activation', 'beglaubigung_kopie'],
      ['personalausweis', 'reisepass', 'vorlaeufiger_personalausweis', 'vorlaeufiger_reisepass']],
    ['no change terminal: no eID services', fullDevices.filter((d) => d.kind !== 'change_terminal'), ['personalausweis'],
      ['eid_address_change', 'eid_pin_reset', 'eid_activation']],
    ['no payment terminal: still everything (cash)', fullDevices.filter((d) => d.kind !== 'payment_terminal'), ['reisepass', 'eid_pin_reset'], []],
  ])('%s', (_, devices, can, cannot) => {
    const capabilities: string[] = kitCapabilities({ devices });
    for (const id of can) expect(capabilities).toContain(id);
    for (const id of cannot) expect(capabilities).not.toContain(id);
  });
});

describe('kitOnDay', () => {
  it.each<[string, Partial<ResourceKit>, string, boolean, string[]]>([
    ['active kit on a weekday', {}, monday, true, []],
    ['status maintenance', { status: 'maintenance' }, monday, false, ['Koffer ist in Wartung (Status)']],
    ['retired', { status: 'retired' }, monday, false, ['Koffer ist außer Dienst']],
    ['certificate expired the day before', { devices: fullDevices.map((d) => d.kind === 'change_terminal' ? { ...d, certificateValidUntil: '2026-12-06' } : d) },
      monday, false, ['Zertifikat des Änderungsterminals abgelaufen am 06.12.2026']],
    ['certificate valid through the day', { devices: fullDevices.map((d) => d.kind === 'change_terminal' ? { ...d, certificateValidUntil: monday } : d) },
      monday, true, []],
    ['maintenance of a device that day', { devices: fullDevices.map((d) => d.kind === 'printer' ? { ...d, nextMaintenance: monday } : d) },
      monday, false, ['Wartung Drucker (P) am 07.12.2026']],
    ['maintenance of a device another day', { devices: fullDevices.map((d) => d.kind === 'printer' ? { ...d, nextMaintenance: '2026-12-08' } : d) },
      monday, true, []],
    ['no shift on Saturday', {}, '2026-12-12', false, ['keine Schicht am Samstag']],
    ['no own shifts: office hours Mon–Fri', { shifts: {} }, monday, true, []],
    ['no own shifts: not on Sunday', { shifts: {} }, '2026-12-13', false, ['keine Schicht am Sonntag']],
  ])('%s', (_, overrides, date, plannable, reasons) => {
    const day = kitOnDay(kit(overrides), date);
    expect(day.plannable).toBe(plannable);
    expect(day.reasons).toEqual(reasons);
  });

  it('takes office hours 08:00–16:00 when the kit has no shifts', () => {
    expect(kitOnDay(kit({ shifts: {} }), monday).shift).toEqual([{ start: 480, end: 960 }]);
  });
});

describe('officerOnDay', () => {
  it.each<[string, Partial<ResourceOfficer>, string, number, string | null]>([
    ['working day', {}, monday, 1, null],
    ['absent that day (range)', { absences: [{ fromDate: '2026-12-04', toDate: '2026-12-08', reason: 'Urlaub' }] }, monday, 0, 'abwesend: Urlaub (04.12.2026–08.12.2026)'],
    ['absent the day after only', { absences: [{ fromDate: '2026-12-08', toDate: '2026-12-08', reason: null }] }, monday, 1, null],
    ['part-time: not on Thursday', { workingHours: weekdays('08:00', '16:00', [1, 2, 3]) }, '2026-12-10', 0, 'arbeitet nicht am Donnerstag'],
    ['inactive', { active: false }, monday, 0, 'nicht aktiv'],
  ])('%s', (_, overrides, date, spans, reason) => {
    const day = officerOnDay(officer('o', overrides), date);
    expect(day.spans).toHaveLength(spans);
    expect(day.reason).toBe(reason);
  });
});

describe('crewSkills', () => {
  it.each<[string, [string[], string[]], ResourceKit['devices'], string[] | 'all']>([
    ['either may take everything, full kit', [[], ['anmeldung']], fullDevices, 'all'],
    ['union of two limited officers', [['anmeldung'], ['reisepass']], fullDevices, ['reisepass', 'anmeldung']],
    ['union ∩ kit: no fingerprints, no passport', [['anmeldung'], ['reisepass']], fullDevices.filter((d) => d.kind !== 'fingerprint_sensor'), ['anmeldung']],
  ])('%s', (_, skills, devices, expected) => {
    expect(crewSkills(skills, kitCapabilities({ devices }))).toEqual(expected);
  });

  it('all-skilled officers on a kit without change terminal: the kit\'s capabilities, listed', () => {
    const skills = crewSkills([[], []], kitCapabilities({ devices: fullDevices.filter((d) => d.kind !== 'change_terminal') }));
    expect(skills).not.toBe('all');
    expect(skills).not.toContain('eid_pin_reset');
    expect(skills).toContain('reisepass');
  });
});

describe('assignCrews', () => {
  const kits = [kit({ id: 'k1', name: 'Koffer 1' }), kit({ id: 'k2', name: 'Koffer 2' })];
  const team = [officer('anna'), officer('bernd'), officer('clara', { skills: withoutPassport }), officer('dieter', { skills: withoutPassport })];

  it('two kits, four officers: two crews, each with one officer who may take everything', () => {
    const day = assignCrews(monday, kits, team);
    expect(day.unavailableKits).toEqual([]);
    expect(day.crews).toHaveLength(2);
    for (const crew of day.crews) {
      expect(crew.officerIds.filter((id) => id === 'anna' || id === 'bernd')).toHaveLength(1);
      expect(crew.skills).toBe('all');
      expect(crew.shift).toEqual({ start: '2026-12-07T08:30:00+01:00', end: '2026-12-07T15:30:00+01:00' });
      expect(crew.maxStops).toBe(3);
    }
    expect(new Set(day.crews.flatMap((c) => c.officerIds)).size).toBe(4);
  });

  it('is deterministic, whatever the input order', () => {
    expect(assignCrews(monday, [...kits].reverse(), [...team].reverse())).toEqual(assignCrews(monday, kits, team));
  });

  it('balances ties across days: the same officers do not always pair up', () => {
    const same = [officer('a'), officer('b'), officer('c'), officer('d')];
    const pairs = new Set(['2026-12-07', '2026-12-08', '2026-12-09', '2026-12-10'].map((d) => assignCrews(d, [kits[0]!], same).crews[0]!.officerIds.join('+')));
    expect(pairs.size).toBeGreaterThan(1);
  });

  it('not enough officers: the second kit is listed with the reason', () => {
    const day = assignCrews(monday, kits, team.slice(0, 3));
    expect(day.crews).toHaveLength(1);
    expect(day.unavailableKits).toEqual([{ kitId: 'k2', name: 'Koffer 2', reasons: [noCrewReason] }]);
    expect(day.officers.filter((o) => o.kitId === null).map((o) => o.officerId)).toHaveLength(1);
  });

  it('an absence takes the officer out of the day', () => {
    const absent = team.map((o) => o.id === 'anna' ? { ...o, absences: [{ fromDate: monday, toDate: monday, reason: 'krank' }] } : o);
    const day = assignCrews(monday, kits, absent);
    expect(day.crews).toHaveLength(1);
    expect(day.crews[0]!.officerIds).toContain('bernd');
    expect(day.officers.find((o) => o.officerId === 'anna')).toMatchObject({ spans: [], reason: 'abwesend: krank', kitId: null });
    // The crew without anyone passport-capable would have been the worse choice: the staffed kit keeps full coverage.
    expect(day.crews[0]!.skills).toBe('all');
  });

  it('limited officers together: the crew may take only their union', () => {
    const day = assignCrews(monday, [kits[0]!], [team[2]!, team[3]!]);
    expect(day.crews[0]!.skills).toEqual(expect.not.arrayContaining(['reisepass']));
    expect(day.crews[0]!.skills).toContain('personalausweis');
  });

  it('shift = kit shift ∩ both officers; under two hours together is no crew', () => {
    const early = officer('early', { workingHours: weekdays('07:00', '12:00') });
    const late = officer('late', { workingHours: weekdays('10:00', '18:00') });
    const short = officer('short', { workingHours: weekdays('11:00', '12:30') });
    expect(assignCrews(monday, [kits[0]!], [early, late]).crews[0]!.shift).toEqual({ start: '2026-12-07T10:00:00+01:00', end: '2026-12-07T12:00:00+01:00' });
    expect(assignCrews(monday, [kits[0]!], [early, short]).unavailableKits[0]!.reasons).toEqual([noCrewReason]);
  });

  it('an expired certificate blocks the kit, its officers stay free', () => {
    const expired = kit({ id: 'k1', name: 'Koffer 1', devices: fullDevices.map((d) => d.kind === 'change_terminal' ? { ...d, certificateValidUntil: '2026-11-30' } : d) });
    const day = assignCrews(monday, [expired, kits[1]!], team);
    expect(day.unavailableKits).toEqual([{ kitId: 'k1', name: 'Koffer 1', reasons: ['Zertifikat des Änderungsterminals abgelaufen am 30.11.2026'] }]);
    expect(day.crews.map((c) => c.kitId)).toEqual(['k2']);
  });

  it('a maintenance day blocks the kit on that day only', () => {
    const serviced = kit({ id: 'k1', name: 'Koffer 1', devices: fullDevices.map((d) => d.kind === 'camera' ? { ...d, nextMaintenance: monday } : d) });
    expect(assignCrews(monday, [serviced], team).crews).toEqual([]);
    expect(assignCrews('2026-12-08', [serviced], team).crews).toHaveLength(1);
  });

  it.each([
    ['DST starts (29 March 2026): CEST', '2026-03-29', '2026-03-29T08:30:00+02:00', '2026-03-29T15:30:00+02:00'],
    ['DST ends (25 October 2026): CET', '2026-10-25', '2026-10-25T08:30:00+01:00', '2026-10-25T15:30:00+01:00'],
    ['a summer day', '2026-07-05', '2026-07-05T08:30:00+02:00', '2026-07-05T15:30:00+02:00'],
  ])('%s', (_, date, start, end) => {
    const sundayKit = kit({ shifts: weekdays('08:30', '15:30', [7]) });
    const sundayTeam = [officer('a', { workingHours: weekdays('08:00', '16:00', [7]) }), officer('b', { workingHours: weekdays('08:00', '16:00', [7]) })];
    const crew = assignCrews(date, [sundayKit], sundayTeam).crews[0]!;
    expect(crew.shift).toEqual({ start, end });
    expect(Date.parse(crew.shift.end) - Date.parse(crew.shift.start)).toBe(7 * 3_600_000);
  });
});

describe('berlinInstant', () => {
  it.each([
    ['2026-03-29', 60, '2026-03-29T01:00:00+01:00'],
    ['2026-03-29', 180, '2026-03-29T03:00:00+02:00'],
    ['2026-10-25', 240, '2026-10-25T04:00:00+01:00'],
  ])('%s %i min → %s', (date, minutes, expected) => {
    expect(berlinInstant(date, minutes)).toBe(expected);
    expect(new Date(expected).toISOString()).toBe(new Date(Date.parse(expected)).toISOString());
  });
});

describe('weeklyHoursProblem', () => {
  it.each<[string, Record<string, [string, string][]>, string | null]>([
    ['valid', { 1: [['08:00', '12:00'], ['13:00', '16:00']] }, null],
    ['from after to', { 2: [['16:00', '08:00']] }, 'Tuesday: the start 16:00 must be before the end 08:00.'],
    ['bad time', { 1: [['8:00', '16:00']] }, 'Monday: write times as HH:MM (e.g. 08:00), not "8:00"–"16:00".'],
    ['bad weekday', { 8: [['08:00', '16:00']] }, 'There is no weekday "8": use 1 (Monday) to 7 (Sunday).'],
    ['overlap', { 3: [['08:00', '12:00'], ['11:00', '14:00']] }, 'Wednesday: the spans 08:00–12:00 and 11:00–14:00 overlap.'],
  ])('%s', (_, hours, problem) => {
    expect(weeklyHoursProblem(hours)).toBe(problem);
  });
});
