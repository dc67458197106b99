import { z } from 'zod';
import type { AreaRoutes } from '../platform/http/types.ts';
import { planWeek } from './plan-week.ts';
import { getWeek, pinVisitRequest, setTourLocked } from './week-view.ts';
import { errorBody, principalOf } from '../platform/http/route-helpers.ts';

const weekParams = z.object({ weekStart: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be the Monday of the week, YYYY-MM-DD') });
const idParams = z.object({ id: z.uuid() });

const requestView = z.object({ id: z.string(), reference: z.string(), subjectName: z.string(), services: z.array(z.string()), status: z.string() });
const weekSchema = z.object({
  weekStart: z.string(),
  depot: z.object({ latitude: z.number(), longitude: z.number() }),
  tours: z.array(z.object({
    id: z.string(), date: z.string(), kitId: z.string(), kitName: z.string(), officers: z.array(z.object({ id: z.string(), name: z.string() })),
    status: z.string().describe('draft | confirmed | done'), locked: z.boolean(), departAt: z.string(), returnAt: z.string(), travelMinutes: z.number(),
    stops: z.array(z.object({
      id: z.string(), sequence: z.number(), place: z.string(), institutionId: z.string().nullable(), latitude: z.number(), longitude: z.number(),
      arriveAt: z.string(), startAt: z.string(), endAt: z.string(), requests: z.array(requestView),
    })),
  })),
  lastRun: z.object({
    id: z.string(), createdAt: z.string(), createdByName: z.string(), figures: z.record(z.string(), z.number()),
    leftOut: z.array(requestView.omit({ id: true }).extend({ requestId: z.string(), reason: z.string()
      .describe('no_coordinates | no_window | no_capable_kit | no_crew | week_full | no_time_with_travel') })),
  }).nullable(),
  waiting: z.array(requestView.extend({ waitlistedAt: z.string().nullable(), pinnedKitId: z.string().nullable(), pinnedDate: z.string().nullable() })),
  unavailableKits: z.array(z.object({ date: z.string(), kitId: z.string(), name: z.string(), reasons: z.array(z.string()) })),
});

export const planningRoutes: AreaRoutes = async (app, ctx) => {
  app.get('/api/planning/weeks/:weekStart', {
    config: { access: 'planning.read' },
    schema: {
      tags: ['planning'], summary: 'The tours of a week, the last plan run with the requests left out and why, and the waitlist',
      params: weekParams, response: { 200: z.object({ week: weekSchema }), 400: errorBody },
    },
  }, async (request) => ({ week: await getWeek(ctx, principalOf(request), request.params.weekStart) }));

  app.post('/api/planning/weeks/:weekStart/plan', {
    config: { access: 'planning.write' },
    schema: {
      tags: ['planning'], summary: 'Plan the week: replaces its draft tours; locked and confirmed tours stay',
      description: 'Deterministic for a seed (iteration budget); timeLimitSeconds caps slow machines. Errors: PLAN_WEEK_INVALID (400).',
      params: weekParams,
      body: z.object({ seed: z.number().int().min(0).optional(), timeLimitSeconds: z.number().min(0.1).max(60).optional() }).optional(),
      response: { 200: z.object({ week: weekSchema }), 400: errorBody },
    },
  }, async (request) => ({
    week: await planWeek(ctx, principalOf(request), { weekStart: request.params.weekStart, ...(request.body ?? {}) }),
  }));

  app.post('/api/planning/tours/:id/lock', {
    config: { access: 'planning.write' },
    schema: {
      tags: ['planning'], summary: 'Lock or unlock a tour: a locked tour is kept when the week is re-planned',
      params: idParams, body: z.object({ locked: z.boolean() }), response: { 204: z.null(), 404: errorBody },
    },
  }, async (request, reply) => {
    await setTourLocked(ctx, principalOf(request), request.params.id, request.body.locked);
    return reply.code(204).send(null);
  });

  app.post('/api/visit-requests/:id/pin', {
    config: { access: 'planning.write' },
    schema: {
      tags: ['planning'], summary: 'Pin a request to a kit and/or a day (null clears); the next plan run respects it',
      params: idParams,
      body: z.object({ kitId: z.uuid().nullable(), date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a day YYYY-MM-DD').nullable() }),
      response: { 204: z.null(), 400: errorBody, 404: errorBody },
    },
  }, async (request, reply) => {
    await pinVisitRequest(ctx, principalOf(request), request.params.id, request.body);
    return reply.code(204).send(null);
  });
};
