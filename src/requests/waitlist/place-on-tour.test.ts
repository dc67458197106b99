import { describe, expect, it } from 'vitest';
import { placeOnTour, type TourShape } from './place-on-tour.ts';

const day = '2026-12-09';
const at = (time: string) => new Date(`${day}T${time}:00+01:00`);
const depot = { latitude: 51.48, longitude: 7.21 };
const home = { latitude: 51.49, longitude: 7.22 };
const careHome = { latitude: 51.5, longitude: 7.2 };
// Ten minutes between any two different places.
const travel = (a: { latitude: number }, b: { latitude: number }) => (a.latitude === b.latitude ? 0 : 10);
const tour = (stops: TourShape['stops']): TourShape => ({ date: day, departAt: at('08:00'), returnAt: at('12:00'), depot, stops });

describe('placeOnTour', () => {
  it('puts the visit into the first gap that leaves room for the drives', () => {
    const shape = tour([{ sequence: 1, point: home, arriveAt: at('10:30'), startAt: at('10:30'), endAt: at('11:00') }]);
    expect(placeOnTour(shape, { point: home, minutes: 40, availability: [] }, travel))
      .toEqual({ kind: 'new', sequence: 1, arriveAt: at('08:10'), startAt: at('08:10'), endAt: at('08:50') });
    // Only in the afternoon: nothing fits before the tour's return.
    expect(placeOnTour(shape, { point: home, minutes: 40, availability: [{ weekday: 3, from: '13:00', to: '16:00' }] }, travel)).toBeNull();
  });

  it('lets a resident join the Sammeltermin at their institution for the service minutes alone', () => {
    const shape = tour([
      { sequence: 1, point: careHome, arriveAt: at('09:00'), startAt: at('09:00'), endAt: at('09:45'), institutionId: 'inst-1' },
      { sequence: 2, point: home, arriveAt: at('10:30'), startAt: at('10:30'), endAt: at('11:00') },
    ]);
    const visit = { point: careHome, minutes: 25, joinMinutes: 15, institutionId: 'inst-1', availability: [{ weekday: 3, from: '09:00', to: '11:00' }] };
    expect(placeOnTour(shape, visit, travel)).toEqual({ kind: 'join', sequence: 1, arriveAt: at('09:00'), startAt: at('09:00'), endAt: at('10:00') });
    // The next stop starts too soon for 40 more minutes: a stop of its own where one fits instead.
    expect(placeOnTour(shape, { ...visit, joinMinutes: 40, minutes: 50 }, travel)).toBeNull();
    expect(placeOnTour(shape, { ...visit, joinMinutes: 40, minutes: 50, availability: [] }, travel))
      .toEqual({ kind: 'new', sequence: 1, arriveAt: at('08:10'), startAt: at('08:10'), endAt: at('09:00') });
  });

  it('does not join outside the resident\'s window or at another institution', () => {
    const shape = tour([{ sequence: 1, point: careHome, arriveAt: at('09:00'), startAt: at('09:00'), endAt: at('09:45'), institutionId: 'inst-1' }]);
    const late = { point: careHome, minutes: 25, joinMinutes: 15, institutionId: 'inst-1', availability: [{ weekday: 3, from: '08:00', to: '09:50' }] };
    expect(placeOnTour(shape, late, travel)?.kind).toBe('new');
    expect(placeOnTour(shape, { ...late, institutionId: 'inst-2', availability: [] }, travel)?.kind).toBe('new');
  });
});
