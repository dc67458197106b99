/**
 * The kit's own API, served only by `buergerkoffer kit` on the notebook: its state (pairing,
 * network, what is not yet synced), the day's tour packages and a sync on demand. Everything
 * else — login, cases, devices — are the same routes as at the Rathaus, with the kit's ports.
 */
import { z } from 'zod';
import { errorBody } from '../platform/http/route-helpers.ts';
import type { AreaRoutes } from '../platform/http/types.ts';
import type { KitRuntime } from './runtime.ts';

const errors = { 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody, 409: errorBody, 410: errorBody };

export function kitLocalRoutes(runtime: KitRuntime): AreaRoutes {
  return async (app, ctx) => {
    // Whatever a request read from the register is in the kit's sealed outbox before its answer leaves.
    app.addHook('onSend', async (_request, _reply, payload) => {
      await runtime.drainAccessLog().catch((error: unknown) => ctx.logger.error({ err: error }, 'kit access log not drained'));
      return payload;
    });
    app.get('/api/kit-local/status', {
      config: { access: 'public' },
      schema: {
        tags: ['kit-local'], summary: 'The kit: pairing, network, packages; the outbox for a signed-in officer',
        response: { 200: z.record(z.string(), z.unknown()), ...errors },
      },
    }, async (request) => {
      const status = await runtime.status();
      return request.principal ? { ...status, numbersLeft: await runtime.numbersLeft() } : { ...status, outbox: null };
    });

    app.post('/api/kit-local/sync', {
      config: { access: 'cases.write' },
      schema: { tags: ['kit-local'], summary: 'Sync with the Rathaus now', response: { 200: z.record(z.string(), z.unknown()), ...errors } },
    }, async () => ({ report: await runtime.syncNow(), status: await runtime.status() }));

    app.post('/api/kit-local/packages', {
      config: { access: 'cases.write' },
      schema: {
        tags: ['kit-local'], summary: 'Download the tour packages of a day from the Rathaus',
        body: z.object({ date: z.iso.date() }),
        response: { 200: z.object({ loaded: z.array(z.object({ tourId: z.string(), persons: z.number(), expiresAt: z.string() })) }), ...errors },
      },
    }, async (request) => ({ loaded: await runtime.downloadPackages(request.body.date) }));

    app.get('/api/kit-local/tours/:tourId', {
      config: { access: 'cases.read' },
      schema: {
        tags: ['kit-local'], summary: 'The tour of a package: stops, visits and the persons to be seen',
        params: z.object({ tourId: z.uuid() }),
        response: { 200: z.record(z.string(), z.unknown()), ...errors },
      },
    }, async (request) => {
      const pkg = await runtime.tourPackage(request.params.tourId);
      const persons = new Map(pkg.register.persons.map((p) => [p.id, p]));
      return {
        tour: { ...pkg.tour, stops: pkg.tour.stops.map((stop) => ({
          ...stop,
          visits: stop.visits.map((visit) => {
            const person = visit.personId ? persons.get(visit.personId) : undefined;
            return { ...visit, person: person ? { id: person.id, familyName: person.familyName, givenNames: person.givenNames, birthYear: person.birthYear, birthMonth: person.birthMonth, birthDay: person.birthDay } : null };
          }),
        })) },
        expiresAt: pkg.expiresAt,
      };
    });
  };
}
