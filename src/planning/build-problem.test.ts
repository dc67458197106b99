import { describe, expect, it } from 'vitest';
import {
  buildProblem, intersect, requestValue, type BuildProblemInput, type CrewDay, type InstitutionInfo, type PlannableRequest,
} from './build-problem.ts';

const monday = '2026-12-07';
const home = (id: string, over: Partial<PlannableRequest> = {}): PlannableRequest => ({
  id, services: ['personalausweis'], point: { latitude: 51.48, longitude: 7.22 },
  location: { kind: 'home', street: 'Hauptstr.', houseNumber: '1', postcode: '44787', city: 'Bochum' },
  availability: [], urgency: 'normal', neededBy: null, waitingSince: monday, pinnedKitId: null, pinnedDate: null, ...over,
});
const atHome = (id: string, over: Partial<PlannableRequest> = {}) =>
  home(id, { location: { kind: 'institution', institutionId: 'inst', street: 'Am Stadtpark', houseNumber: '3', postcode: '44787', city: 'Bochum' }, ...over });
const crew = (date: string, kitId = 'k1', over: Partial<CrewDay> = {}): CrewDay => ({
  date, kitId, kitName: kitId, officerIds: ['o1', 'o2'], shift: { start: '08:00', end: '16:00' }, maxStops: 3, skills: 'all', ...over,
});
const institution: InstitutionInfo = {
  id: 'inst', name: 'Seniorenzentrum', place: 'Seniorenzentrum, Am Stadtpark 3', point: { latitude: 51.49, longitude: 7.23 },
  visitingHours: { 1: [['10:00', '11:00']], 2: [['14:00', '17:00']] },
};
const input = (over: Partial<BuildProblemInput>): BuildProblemInput => ({
  weekStart: monday, requests: [], institutions: new Map([['inst', institution]]), crews: [crew(monday)],
  kitDevices: new Map(), depot: { latitude: 51.48, longitude: 7.21 }, setupMinutes: 10, today: monday, ...over,
});

describe('buildProblem', () => {
  it('merges residents of one institution into one Sammeltermin stop with Σ durations + set-up once', () => {
    const p = buildProblem(input({ requests: [atHome('a'), atHome('b', { services: ['meldebescheinigung'] })] }));
    expect(p.stops).toHaveLength(1);
    expect(p.stops[0]!.requestIds.sort()).toEqual(['a', 'b']);
    expect(p.stops[0]!.serviceMinutes).toBe(10 + 15 + 3);
    // Monday visiting hours 10:00–11:00, service 28 min → start window 10:00–10:32.
    expect(p.stops[0]!.windows).toEqual([{ start: 600, end: 632 }]);
  });

  it('splits a Sammeltermin that does not fit into one visiting span', () => {
    const requests = ['a', 'b', 'c', 'd', 'e'].map((id) => atHome(id));
    // Monday: visiting hours 10:00–11:00 → 60 min; 10 set-up + 3 × 15 = 55 fits, a fourth does not.
    const p = buildProblem(input({ requests, crews: [crew(monday)] }));
    expect(p.stops.map((s) => s.requestIds.length)).toEqual([3, 2]);
    expect(p.leftOut).toEqual([]);
    // Tuesday 14:00–17:00 with a shift until 18:00 → 180 min: 11 persons (175 min) per stop.
    const tuesday = buildProblem(input({
      requests: Array.from({ length: 14 }, (_, i) => atHome(`r${i}`)),
      crews: [crew('2026-12-08', 'k1', { shift: { start: '08:00', end: '18:00' } })],
    }));
    expect(tuesday.stops.map((s) => s.requestIds.length)).toEqual([11, 3]);
    expect(tuesday.stops.map((s) => s.id)).toEqual(['i:inst::#1', 'i:inst::#2']);
    expect(tuesday.stops[0]!.serviceMinutes).toBe(175);
  });

  it('intersects availability, institution hours and the shift; one window per usable day', () => {
    const r = home('a', { availability: [{ weekday: 1, from: '07:00', to: '09:00' }, { date: '2026-12-09', from: '15:00', to: '18:00' }] });
    const p = buildProblem(input({ requests: [r], crews: [crew(monday), crew('2026-12-08'), crew('2026-12-09')] }));
    expect(p.stops[0]!.allowedVehicles).toEqual([`${monday}:k1`, '2026-12-09:k1']);
    expect(p.stops[0]!.windows).toEqual([{ start: 480, end: 515 }, { start: 2 * 1440 + 900, end: 2 * 1440 + 935 }]);
    expect(intersect([{ start: 0, end: 10 }], [{ start: 10, end: 20 }])).toEqual([]);
  });

  it('restricts pinned requests to their kit and day, and drops days after neededBy', () => {
    const crews = [crew(monday, 'k1'), crew(monday, 'k2'), crew('2026-12-08', 'k1'), crew('2026-12-08', 'k2')];
    const p = buildProblem(input({ crews, requests: [
      home('pinned', { pinnedKitId: 'k2', pinnedDate: '2026-12-08' }),
      home('kitonly', { pinnedKitId: 'k1' }),
      home('due', { neededBy: monday }),
    ] }));
    const allowed = Object.fromEntries(p.stops.map((s) => [s.requestIds[0], s.allowedVehicles]));
    expect(allowed.pinned).toEqual(['2026-12-08:k2']);
    expect(allowed.kitonly).toEqual([`${monday}:k1`, '2026-12-08:k1']);
    expect(allowed.due).toEqual([`${monday}:k1`, `${monday}:k2`]);
  });

  it('needs crew skills and kit devices for the services', () => {
    const crews = [crew(monday, 'k1', { skills: ['meldebescheinigung'] }), crew(monday, 'k2'), crew(monday, 'k3')];
    const kitDevices = new Map([['k2', ['printer']], ['k3', ['camera', 'fingerprint_sensor', 'change_terminal']]]);
    const p = buildProblem(input({ crews, kitDevices, requests: [home('pass', { services: ['reisepass'] })] }));
    expect(p.stops[0]!.allowedVehicles).toEqual([`${monday}:k3`]);
    const none = buildProblem(input({ crews: crews.slice(0, 2), kitDevices, requests: [home('eid', { services: ['eid_pin_reset'] })] }));
    expect(none.leftOut).toEqual([{ requestId: 'eid', reason: 'no_capable_kit' }]);
  });

  it('says "no crew" rather than "no capable kit" when the week has no crew at all', () => {
    const p = buildProblem(input({ crews: [], requests: [home('a')] }));
    expect(p.leftOut).toEqual([{ requestId: 'a', reason: 'no_crew' }]);
  });

  it('leaves out requests without coordinates and weighs urgency × waiting × persons', () => {
    const p = buildProblem(input({ requests: [home('x', { point: null })] }));
    expect(p.leftOut).toEqual([{ requestId: 'x', reason: 'no_coordinates' }]);
    expect(requestValue(home('u', { urgency: 'urgent', waitingSince: '2026-11-23', persons: 2 }), monday)).toBe(9 * 2 * 2);
    expect(requestValue(home('n'), monday)).toBe(1);
  });
});
