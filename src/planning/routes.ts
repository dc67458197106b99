import { z } from 'zod';
import type { AreaRoutes } from '../platform/http/types.ts';
import { confirmTour } from './confirmations/confirm-tour.ts';
import { sendVisitReminders } from './confirmations/reminders.ts';
import { printTourLetters } from './confirmations/tour-letters.ts';
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
    letters: z.object({ queued: z.number(), total: z.number() }).describe('Confirmation letters waiting to be printed, and in all'),
  })),
  lastRun: z.object({
    id: z.string(), createdAt: z.string(), createdByName: z.string(), figures: z.record(z.string(), z.number()),
    leftOut: z.array(requestView.omit({ id: true }).extend({ requestId: z.string(), reason: z.string()
      .describe('no_coordinates | no_window | no_capable_kit | no_crew | week_full | no_time_with_travel') })),
  }).nullable(),
  waiting: z.array(requestView.extend({
    waitlistedAt: z.string().nullable(), pinnedKitId: z.string().nullable(), pinnedDate: z.string().nullable(),
    offers: z.array(z.object({ slotId: z.string(), date: z.string(), expiresAt: z.string() })),
  })),
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

  app.post('/api/planning/tours/:id/confirm', {
    config: { access: 'planning.write' },
    schema: {
      tags: ['planning'], summary: 'Confirm a tour: requesters are told by mail (letter PDF + calendar entry) or by letter, institutions by letter',
      description: 'The tour becomes confirmed and locked, its requests confirmed. Mails go out after the change is stored; a mail that fails becomes a letter to print ' +
        '(listed in failures). Letters wait in the tour\'s print pile: GET …/letters. Errors: TOUR_NOT_DRAFT, TOUR_IN_PAST, TOUR_CREW_INCOMPLETE, TOUR_EMPTY, TOUR_REQUESTS_CHANGED (409).',
      params: idParams,
      response: {
        200: z.object({
          tourId: z.string(), mailed: z.number(), letters: z.number(), institutionLetters: z.number(),
          failures: z.array(z.object({
            requestId: z.string(), reference: z.string(), code: z.enum(['mail_failed', 'institution_mail_failed']), recipient: z.string(), reason: z.string(),
          })),
        }),
        404: errorBody, 409: errorBody,
      },
    },
  }, async (request) => confirmTour(ctx, principalOf(request), request.params.id));

  app.get('/api/planning/tours/:id/letters', {
    config: { access: 'planning.write' },
    schema: {
      tags: ['planning'], summary: 'The tour\'s letters to print, as one PDF (marks them printed)',
      description: 'Confirmations for requesters without mail and the letters for institutions, in stop order. all=true prints the already printed ones again. ' +
        'Logged in the access log. Errors: TOUR_NO_LETTERS (404).',
      params: idParams, querystring: z.object({ all: z.enum(['true', 'false']).optional() }),
    },
  }, async (request, reply) => {
    const letters = await printTourLetters(ctx, principalOf(request), request.params.id, { all: request.query.all === 'true' });
    return reply.type('application/pdf')
      .header('content-disposition', `inline; filename="Briefe-Tour-${letters.date}.pdf"`)
      .header('cache-control', 'no-store')
      .header('x-letter-count', String(letters.letters))
      .send(Buffer.from(letters.pdf));
  });

  app.post('/api/planning/reminders', {
    config: { access: 'planning.write' },
    schema: {
      tags: ['planning'], summary: 'Send the reminders for a day\'s confirmed visits now (the daily job does it at 16:00 the day before)',
      description: 'Reminders already sent are not sent again. Answers who must be called instead (no mail address).',
      body: z.object({ day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a day YYYY-MM-DD') }),
      response: {
        200: z.object({
          day: z.string(), mailed: z.number(), alreadySent: z.number(),
          failed: z.array(z.object({ reference: z.string(), reason: z.string() })),
          toCall: z.array(z.object({ reference: z.string(), name: z.string(), phone: z.string().nullable(), subjectName: z.string() })),
        }),
        400: errorBody,
      },
    },
  }, async (request) => sendVisitReminders(ctx, principalOf(request), request.body.day));

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
