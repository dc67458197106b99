import { z } from 'zod';
import { serviceIds } from '../../catalogue/services.ts';
import type { AreaRoutes } from '../../platform/http/types.ts';
import { registerToday } from '../../register/dates.ts';
import { addDays } from './hours.ts';
import { createKit, deviceKinds, kitStatuses, listKits, updateKit } from './kits.ts';
import { loadResourceDays } from './load-resources.ts';
import { addAbsence, createOfficer, listOfficerCandidates, listOfficers, removeAbsence, updateOfficer } from './officers.ts';
import { errorBody, principalOf } from '../../platform/http/route-helpers.ts';

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a day YYYY-MM-DD');
/** A form's cleared date field arrives as "": no date. */
const optionalDay = z.union([day, z.literal('')]).optional();
const time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time HH:MM');
const weeklyHours = z.record(z.string().regex(/^[1-7]$/, 'weekday 1 (Monday) to 7 (Sunday)'), z.array(z.tuple([time, time])).max(4))
  .describe('Spans per ISO weekday: { "1": [["08:00", "16:00"]] }; each span from < to');

const device = z.object({
  kind: z.enum(deviceKinds),
  model: z.string().max(200),
  serialNumber: z.string().min(1).max(100),
  certificateValidUntil: optionalDay.describe('Change terminal: the certificate is valid through this day'),
  nextMaintenance: optionalDay.describe('The kit cannot go out on this day'),
});

const kitSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  status: z.string().describe('active | maintenance | retired'),
  devices: z.array(z.object({
    kind: z.string(), model: z.string(), serialNumber: z.string(), certificateValidUntil: z.string().optional(), nextMaintenance: z.string().optional(),
  })),
  shifts: z.record(z.string(), z.array(z.tuple([z.string(), z.string()]))).describe('Empty = office hours Mon–Fri 08:00–16:00'),
  maxStops: z.number().int(),
  commissionedOn: z.string().nullable(),
  capabilities: z.array(z.string()).describe('Catalogue services the devices allow'),
});

const kitBody = z.object({
  name: z.string().min(1).max(100),
  status: z.enum(kitStatuses).optional(),
  devices: z.array(device).max(20).optional(),
  shifts: weeklyHours.optional(),
  maxStops: z.number().int().min(1).max(10).optional(),
  commissionedOn: day.nullable().optional(),
});

const absenceSchema = z.object({ id: z.uuid(), fromDate: z.string(), toDate: z.string(), reason: z.string().nullable() });

const officerSchema = z.object({
  id: z.uuid(),
  staffUserId: z.uuid(),
  username: z.string(),
  displayName: z.string(),
  accountDisabled: z.boolean(),
  workingHours: z.record(z.string(), z.array(z.tuple([z.string(), z.string()]))),
  skills: z.array(z.string()).describe('Catalogue service ids; empty = all'),
  active: z.boolean(),
  absences: z.array(absenceSchema).describe('Absences not ended before today'),
});

const officerBody = z.object({
  workingHours: weeklyHours.optional(),
  skills: z.array(z.enum(serviceIds)).max(serviceIds.length).optional().describe('Empty = all services'),
  active: z.boolean().optional(),
});

const crewSchema = z.object({
  kitId: z.string(), kitName: z.string(), officerIds: z.tuple([z.string(), z.string()]),
  shift: z.object({ start: z.string(), end: z.string() }), maxStops: z.number().int(), skills: z.union([z.array(z.string()), z.literal('all')]),
});

const resourceDaySchema = z.object({
  date: z.string(),
  crews: z.array(crewSchema),
  unavailableKits: z.array(z.object({ kitId: z.string(), name: z.string(), reasons: z.array(z.string()) })),
  officers: z.array(z.object({
    officerId: z.string(), name: z.string(), spans: z.array(z.tuple([z.string(), z.string()])),
    reason: z.string().nullable().describe('Why the officer cannot go out; null = available'), kitId: z.string().nullable(),
  })),
});

const idParams = z.object({ id: z.uuid() });
const noContent = z.null().describe('Done');

export const resourceRoutes: AreaRoutes = async (app, ctx) => {
  const db = () => ctx.database.db;
  const today = () => registerToday(ctx.now());

  app.get('/api/kits', {
    config: { access: 'kits.read' },
    schema: { tags: ['planning'], summary: 'Kits of the municipality with devices, dates and what they can take', response: { 200: z.object({ kits: z.array(kitSchema) }) } },
  }, async (request) => ({ kits: await listKits(db(), principalOf(request).municipalityId) }));

  app.post('/api/kits', {
    config: { access: 'resources.manage' },
    schema: {
      tags: ['planning'], summary: 'Add a kit',
      description: 'Errors: KIT_INVALID (400, details.field), KIT_NAME_TAKEN (409).',
      body: kitBody, response: { 201: z.object({ kit: kitSchema }), 400: errorBody, 409: errorBody },
    },
  }, async (request, reply) => reply.code(201).send({ kit: await createKit(db(), principalOf(request).municipalityId, request.body) }));

  app.patch('/api/kits/:id', {
    config: { access: 'resources.manage' },
    schema: {
      tags: ['planning'], summary: 'Change a kit (only the fields given)',
      description: 'devices replaces the whole list. Errors: KIT_INVALID (400), KIT_NAME_TAKEN (409), NOT_FOUND (404).',
      params: idParams, body: kitBody.partial(), response: { 200: z.object({ kit: kitSchema }), 400: errorBody, 404: errorBody, 409: errorBody },
    },
  }, async (request) => ({ kit: await updateKit(db(), principalOf(request).municipalityId, request.params.id, request.body) }));

  app.get('/api/officers', {
    config: { access: 'kits.read' },
    schema: {
      tags: ['planning'], summary: 'Officers with hours, skills and coming absences; staff accounts that could become officers',
      response: {
        200: z.object({
          officers: z.array(officerSchema),
          candidates: z.array(z.object({ staffUserId: z.uuid(), username: z.string(), displayName: z.string(), roles: z.array(z.string()) })),
        }),
      },
    },
  }, async (request) => {
    const { municipalityId } = principalOf(request);
    return { officers: await listOfficers(db(), municipalityId, today()), candidates: await listOfficerCandidates(db(), municipalityId) };
  });

  app.post('/api/officers', {
    config: { access: 'resources.manage' },
    schema: {
      tags: ['planning'], summary: 'Give a staff account an officer profile',
      description: 'Errors: OFFICER_INVALID (400), OFFICER_NO_STAFF_USER (422), OFFICER_EXISTS (409).',
      body: officerBody.extend({ staffUserId: z.uuid() }),
      response: { 201: z.object({ officer: officerSchema }), 400: errorBody, 409: errorBody, 422: errorBody },
    },
  }, async (request, reply) => reply.code(201).send({ officer: await createOfficer(db(), principalOf(request).municipalityId, request.body, today()) }));

  app.patch('/api/officers/:id', {
    config: { access: 'resources.manage' },
    schema: {
      tags: ['planning'], summary: 'Change an officer\'s hours, skills or active flag',
      description: 'Errors: OFFICER_INVALID (400), NOT_FOUND (404).',
      params: idParams, body: officerBody, response: { 200: z.object({ officer: officerSchema }), 400: errorBody, 404: errorBody },
    },
  }, async (request) => ({ officer: await updateOfficer(db(), principalOf(request).municipalityId, request.params.id, request.body, today()) }));

  app.post('/api/officers/:id/absences', {
    config: { access: 'resources.manage' },
    schema: {
      tags: ['planning'], summary: 'Add an absence (whole days, both included)',
      description: 'Errors: ABSENCE_INVALID (400, details.field), NOT_FOUND (404).',
      params: idParams,
      body: z.object({ fromDate: day, toDate: day, reason: z.string().max(200).nullable().optional().describe('e.g. Urlaub, Fortbildung') }),
      response: { 201: z.object({ absence: absenceSchema }), 400: errorBody, 404: errorBody },
    },
  }, async (request, reply) => reply.code(201).send({ absence: await addAbsence(db(), principalOf(request).municipalityId, request.params.id, request.body) }));

  app.delete('/api/officers/:id/absences/:absenceId', {
    config: { access: 'resources.manage' },
    schema: {
      tags: ['planning'], summary: 'Remove an absence',
      params: z.object({ id: z.uuid(), absenceId: z.uuid() }), response: { 204: noContent, 404: errorBody },
    },
  }, async (request, reply) => {
    await removeAbsence(db(), principalOf(request).municipalityId, request.params.id, request.params.absenceId);
    return reply.code(204).send(null);
  });

  app.get('/api/planning/resources', {
    config: { access: 'kits.read' },
    schema: {
      tags: ['planning'], summary: 'Who can go out on which day, with which kit, and why not',
      description: 'Per day: the crews the planner gets (kit, two officers, shift, skills), the kits that cannot go out with the reasons, ' +
        'and each officer\'s hours or the reason they are not available. Default: today and the next 6 days. ' +
        'Errors: RESOURCES_RANGE_INVALID (400; at most 62 days).',
      querystring: z.object({ from: day.optional(), to: day.optional() }),
      response: { 200: z.object({ days: z.array(resourceDaySchema) }), 400: errorBody },
    },
  }, async (request) => {
    const from = request.query.from ?? today();
    const to = request.query.to ?? addDays(from, 6);
    return { days: await loadResourceDays(db(), principalOf(request).municipalityId, from, to) };
  });
};
