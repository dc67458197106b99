// Where a waitlisted request fits into an existing tour (pure): the first gap between two stops
// (or the depot) that leaves room for the drive there, the visit inside the requester's
// availability, and the drive on to the next stop's start (or back to the depot by the tour's
// planned return). Tour times are not moved: a gap is what a cancellation left, or the room
// before the planned return. No re-optimisation — the week's planner does that on its next run.
// A resident of an institution the tour visits anyway joins that Sammeltermin instead (the
// officers are there already: no drive, no second set-up), when the stop can run longer.
import type { Point } from '../../planning/build-problem.ts';
import { availabilityOn } from '../../planning/build-problem.ts';
import { berlinInstant } from '../../planning/resources/hours.ts';
import type { AvailabilityWindow } from '../types.ts';

export interface TourShape {
  date: string;
  departAt: Date;
  returnAt: Date;
  depot: Point;
  /** In tour order. */
  stops: { sequence: number; point: Point; arriveAt: Date; startAt: Date; endAt: Date; institutionId?: string | null }[];
}

export interface Placement {
  /**
   * new: the new stop's sequence (the stops from here on move one place down);
   * join: the Sammeltermin stop the visit joins (its end moves to endAt).
   */
  kind: 'new' | 'join';
  sequence: number;
  arriveAt: Date;
  startAt: Date;
  endAt: Date;
}

const minute = 60_000;

/**
 * `travel(a, b)` gives whole minutes between two points. Returns null when the visit fits nowhere.
 */
export function placeOnTour(
  tour: TourShape,
  visit: {
    point: Point;
    /** Set-up and service minutes, for a stop of its own. */
    minutes: number;
    /** Service minutes alone, for joining a Sammeltermin (default: minutes). */
    joinMinutes?: number;
    institutionId?: string | null;
    availability: AvailabilityWindow[];
  },
  travel: (a: Point, b: Point) => number,
): Placement | null {
  const spans = availabilityOn(visit.availability, tour.date, 0).map((s) => ({
    start: Date.parse(berlinInstant(tour.date, Math.max(0, s.start))),
    end: Date.parse(berlinInstant(tour.date, Math.min(1440, s.end) === 1440 ? 1439 : Math.min(1440, s.end))),
  }));
  const stops = [...tour.stops].sort((a, b) => a.sequence - b.sequence);
  if (visit.institutionId) {
    for (const [index, stop] of stops.entries()) {
      if (stop.institutionId !== visit.institutionId) continue;
      const end = stop.endAt.getTime() + (visit.joinMinutes ?? visit.minutes) * minute;
      const next = stops[index + 1];
      const due = next ? next.startAt.getTime() - travel(stop.point, next.point) * minute : tour.returnAt.getTime() - travel(stop.point, tour.depot) * minute;
      // The resident's own window must cover the time they are seen: the extension at the end.
      const seen = spans.some((span) => span.start <= stop.endAt.getTime() && end <= span.end);
      if (end <= due && seen) return { kind: 'join', sequence: stop.sequence, arriveAt: stop.arriveAt, startAt: stop.startAt, endAt: new Date(end) };
    }
  }
  for (let gap = 0; gap <= stops.length; gap += 1) {
    const before = gap === 0 ? { point: tour.depot, free: tour.departAt.getTime() } : { point: stops[gap - 1]!.point, free: stops[gap - 1]!.endAt.getTime() };
    const after = gap === stops.length ? { point: tour.depot, due: tour.returnAt.getTime() } : { point: stops[gap]!.point, due: stops[gap]!.startAt.getTime() };
    const arrive = before.free + travel(before.point, visit.point) * minute;
    for (const span of spans) {
      const start = Math.max(arrive, span.start);
      const end = start + visit.minutes * minute;
      if (end > span.end) continue;
      if (end + travel(visit.point, after.point) * minute > after.due) continue;
      const sequence = gap === stops.length ? (stops.at(-1)?.sequence ?? 0) + 1 : stops[gap]!.sequence;
      return { kind: 'new', sequence, arriveAt: new Date(arrive), startAt: new Date(start), endAt: new Date(end) };
    }
  }
  return null;
}
