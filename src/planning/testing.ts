// A generated week of home-visit requests around Bochum, for tests and the planner benchmark:
// scattered homes with the citizens' availability, three care homes with visiting hours (their
// residents become Sammeltermine), two kits on five days.
import type { BuildProblemInput, CrewDay, InstitutionInfo, PlannableRequest } from './build-problem.ts';
import { createRandom } from './solver/random.ts';

export const syntheticWeekStart = '2026-12-07';
const days = ['2026-12-07', '2026-12-08', '2026-12-09', '2026-12-10', '2026-12-11'];
const serviceMixes = [
  ['personalausweis'], ['reisepass'], ['meldebescheinigung'], ['personalausweis', 'meldebescheinigung'],
  ['lebensbescheinigung'], ['beglaubigung_kopie'], ['fuehrungszeugnis'],
];

export function syntheticWeek(options: { seed: number; requests: number; kits?: number }): BuildProblemInput {
  const random = createRandom(options.seed);
  const between = (low: number, high: number): number => low + random.next() * (high - low);
  const point = () => ({ latitude: between(51.42, 51.53), longitude: between(7.1, 7.35) });
  const institutions = new Map<string, InstitutionInfo>(['Am Stadtpark', 'Haus Laer', 'Wiemelhausen'].map((name, i) => [`inst${i}`, {
    id: `inst${i}`, name: `Seniorenzentrum ${name}`, place: `Seniorenzentrum ${name}`, point: point(),
    visitingHours: Object.fromEntries([1, 2, 3, 4, 5].map((d) => [String(d), [['09:30', '11:30'], ['14:00', '16:00']] as [string, string][]])),
  }]));
  const requests: PlannableRequest[] = Array.from({ length: options.requests }, (_, i) => {
    const inInstitution = random.next() < 0.3;
    const institutionId = `inst${random.int(3)}`;
    const availableDays = [1, 2, 3, 4, 5].filter(() => random.next() < 0.6);
    const from = 8 + random.int(5);
    const to = Math.min(16, from + 2 + random.int(4));
    return {
      id: `req${String(i).padStart(3, '0')}`,
      services: serviceMixes[random.int(serviceMixes.length)]!,
      location: inInstitution
        ? { kind: 'institution', institutionId, street: 'Am Stadtpark', houseNumber: '3', postcode: '44791', city: 'Bochum' }
        : { kind: 'home', street: 'Hauptstraße', houseNumber: String(i + 1), postcode: '44787', city: 'Bochum' },
      point: point(),
      availability: inInstitution ? [] : (availableDays.length ? availableDays : [3]).map((weekday) => ({
        weekday, from: `${String(from).padStart(2, '0')}:00`, to: `${String(to).padStart(2, '0')}:00`,
      })),
      urgency: random.next() < 0.15 ? 'urgent' : random.next() < 0.3 ? 'high' : 'normal',
      neededBy: null,
      waitingSince: `2026-11-${String(10 + random.int(20)).padStart(2, '0')}`,
      pinnedKitId: null, pinnedDate: null,
    };
  });
  const crews: CrewDay[] = days.flatMap((date) => Array.from({ length: options.kits ?? 2 }, (_, k) => ({
    date, kitId: `kit${k + 1}`, kitName: `Koffer ${k + 1}`, officerIds: [`o${2 * k + 1}`, `o${2 * k + 2}`] as [string, string],
    shift: { start: `${date}T08:00:00+01:00`, end: `${date}T16:00:00+01:00` }, maxStops: 6, skills: 'all' as const,
  })));
  return {
    weekStart: syntheticWeekStart, requests, institutions, crews, kitDevices: new Map(),
    depot: { latitude: 51.4818, longitude: 7.2162 }, setupMinutes: 15, today: '2026-12-02',
  };
}
