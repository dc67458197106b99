/**
 * The case engine's HTTP API (web/src/api/cases.ts is its client). Thin: parse → authorize (the
 * route's permission) → one use case → the CaseView it answers with.
 */
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../platform/context.ts';
import { AppError } from '../platform/errors.ts';
import type { App, AreaRoutes } from '../platform/http/types.ts';
import { applicantSchema, caseSummarySchema, caseViewSchema } from './case-view.types.ts';
import { caseCommandsOf } from './commands.ts';
import { getAttachment } from './get-attachment.ts';
import { getCase } from './get-case.ts';
import { listCases, listReviewCases, maxListLimit } from './list-cases.ts';
import { maxReservation, reserveCaseNumbers } from './numbers.ts';
import { abortCardPayment, cardPaymentReceiptSchema, cardPaymentStatus, cardPaymentStatusSchema, payByCard } from './pay-by-card.ts';
import { reviewCase } from './review-case.ts';
import { caseStates } from './state-machine.ts';
import { maxUploadBytes, uploadKinds, uploadMediaTypes } from './upload-attachment.ts';
import { deviceBodyLimit, maxStillBytes } from '../devices/uploaded-still.ts';
import { errorBody, principalOf } from '../platform/http/route-helpers.ts';

const errors = { 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody, 409: errorBody, 422: errorBody };

const caseParams = z.object({ id: z.string().max(64).describe('The case id (UUID)') });
const version = z.number().int().min(1).describe('The version of the case the change is based on (CaseView.version); a stale one answers 409');
const data = z.record(z.string(), z.unknown());
const violationsNote = 'Rule violations answer 422 CASE_VIOLATIONS with every violation in details.violations (code, field, message de/en).';

export const caseRoutes: AreaRoutes = async (app: App, ctx: AppContext) => {
  app.get('/api/cases', {
    config: { access: 'cases.read' },
    schema: {
      tags: ['cases'], summary: 'Cases by person, state or service',
      description: 'Most recently changed first. Cases of persons under an Auskunftssperre or bedingtem Sperrvermerk are left out for roles that may not see them; the list is logged.',
      querystring: z.object({
        personId: z.string().max(64).optional(),
        state: z.enum(caseStates).optional(),
        serviceId: z.string().max(64).optional(),
        limit: z.coerce.number().int().min(1).max(maxListLimit).optional(),
      }),
      response: { 200: z.object({ cases: z.array(caseSummarySchema) }), ...errors },
    },
  }, async (request) => ({ cases: await listCases(ctx, principalOf(request), request.query) }));

  app.get('/api/cases/review', {
    config: { access: 'cases.review' },
    schema: {
      tags: ['cases'], summary: 'The review queue',
      description: 'Cases put into review, and captured or paid cases untouched for a week (completion or cancellation is due). Oldest first.',
      response: { 200: z.object({ cases: z.array(caseSummarySchema) }), ...errors },
    },
  }, async (request) => ({ cases: await listReviewCases(ctx, principalOf(request)) }));

  app.post('/api/cases', {
    config: { access: 'cases.write' },
    schema: {
      tags: ['cases'], summary: 'Open a case (draft)',
      description: `The service needs a workflow; the applicant must be allowed by the service's proxy rule; one open case per person and service. ${violationsNote}`,
      body: z.object({
        serviceId: z.string().max(64),
        personId: z.string().max(64).nullable().describe('The data subject; null only for an Anmeldung of someone not yet registered'),
        applicant: applicantSchema,
        data: data.optional(),
      }),
      response: { 200: caseViewSchema, ...errors },
    },
  }, async (request) => caseCommandsOf(ctx).open(principalOf(request), {
    serviceId: request.body.serviceId, personId: request.body.personId, applicant: request.body.applicant, ...(request.body.data ? { data: request.body.data } : {}),
  }));

  app.post('/api/cases/number-reservations', {
    config: { access: 'cases.reserve_numbers' },
    schema: {
      tags: ['cases'], summary: 'Reserve a block of case numbers for offline numbering (kit)',
      description: 'The numbers come from the same counter as online ones and are never handed out again.',
      body: z.object({ count: z.number().int().min(1).max(maxReservation), reservedFor: z.string().min(1).max(200).describe('Who holds the block, e.g. kit:<id>') }),
      response: { 200: z.object({ first: z.string(), last: z.string(), numbers: z.array(z.string()) }), ...errors },
    },
  }, async (request) => {
    const principal = principalOf(request);
    return reserveCaseNumbers(ctx.database.db, principal.municipalityId, { count: request.body.count, reservedFor: request.body.reservedFor, at: ctx.now() });
  });

  app.get('/api/cases/:id', {
    config: { access: 'cases.read' },
    schema: {
      tags: ['cases'], summary: 'One case with rules, fee, payments, documents, messages and history',
      description: 'Reads the register (logged with the case number as purpose). A case of a person the role may not see answers 404.',
      params: caseParams,
      response: { 200: caseViewSchema, ...errors },
    },
  }, async (request) => getCase(ctx, principalOf(request), request.params.id));

  app.patch('/api/cases/:id', {
    config: { access: 'cases.write' },
    schema: {
      tags: ['cases'], summary: 'Change the captured data (deep merge; null deletes)',
      description: `Possible in draft; a captured case returns to draft (its fee quote is dropped). ${violationsNote}`,
      params: caseParams,
      body: z.object({ version, data, applicant: applicantSchema.optional() }),
      response: { 200: caseViewSchema, ...errors },
    },
  }, async (request) => caseCommandsOf(ctx).update(principalOf(request), request.params.id, {
    version: request.body.version, data: request.body.data, ...(request.body.applicant ? { applicant: request.body.applicant } : {}),
  }));

  app.post('/api/cases/:id/capture', {
    config: { access: 'cases.write' },
    schema: {
      tags: ['cases'], summary: 'draft → captured: check every rule, freeze the fee, issue the application documents',
      description: `A case without a fee becomes paid at once. ID documents get their serial number. ${violationsNote}`,
      params: caseParams, body: z.object({ version }), response: { 200: caseViewSchema, ...errors },
    },
  }, async (request) => caseCommandsOf(ctx).capture(principalOf(request), request.params.id, request.body));

  app.post('/api/cases/:id/payments', {
    config: { access: 'cases.write' },
    schema: {
      tags: ['cases'], summary: 'Record a cash or card payment (numbered receipt)',
      description: `Card payments need the terminal reference. When the payments cover the fee, the case is paid. ${violationsNote}`,
      params: caseParams,
      body: z.object({
        method: z.enum(['cash', 'card']), amountCents: z.number().int(), cardReference: z.string().max(100).optional(), version: version.optional(),
      }),
      response: { 200: caseViewSchema, ...errors },
    },
  }, async (request) => caseCommandsOf(ctx).pay(principalOf(request), request.params.id, request.body));

  app.post('/api/cases/:id/payments/card', {
    config: { access: 'cases.write' },
    schema: {
      tags: ['cases'], summary: 'Charge what is outstanding on the card terminal and record it when approved',
      description: 'Runs the configured card terminal (ZVT) for the outstanding amount with the case number as reference; only an approval is recorded, '
        + 'with the terminal\'s receipt number as cardReference. Declined or aborted answers 409 PAYMENT_NOT_APPROVED, a result lost on the way '
        + '409 PAYMENT_RESULT_UNKNOWN (check the terminal\'s last receipt, then record it by hand); both record nothing and carry the terminal\'s '
        + `text and receipt lines in details. ${violationsNote}`,
      params: caseParams,
      body: z.object({ version: version.optional() }),
      response: { 200: z.object({ case: caseViewSchema, payment: cardPaymentReceiptSchema }), ...errors },
    },
  }, async (request) => payByCard(ctx, principalOf(request), request.params.id, { version: request.body.version }));

  app.get('/api/cases/:id/payments/card', {
    config: { access: 'cases.write' },
    schema: {
      tags: ['cases'], summary: 'What the card terminal shows for the case\'s running card payment',
      description: 'For the officer\'s display while POST /api/cases/:id/payments/card runs (poll it): insert card, PIN, waiting for the host. running false when none runs.',
      params: caseParams,
      response: { 200: cardPaymentStatusSchema, ...errors },
    },
  }, async (request) => cardPaymentStatus(ctx, principalOf(request), request.params.id));

  app.post('/api/cases/:id/payments/card/abort', {
    config: { access: 'cases.write' },
    schema: {
      tags: ['cases'], summary: 'Ask the card terminal to abort the case\'s running card payment',
      description: 'The terminal decides; the running POST /api/cases/:id/payments/card answers with what it did (aborted: nothing booked). requested false when none runs.',
      params: caseParams,
      response: { 200: z.object({ requested: z.boolean() }), ...errors },
    },
  }, async (request) => abortCardPayment(ctx, principalOf(request), request.params.id));

  app.post('/api/cases/:id/complete', {
    config: { access: 'cases.write' },
    schema: {
      tags: ['cases'], summary: 'paid → completed: register changes, documents and outgoing messages in one transaction',
      description: violationsNote, params: caseParams, body: z.object({ version }), response: { 200: caseViewSchema, ...errors },
    },
  }, async (request) => caseCommandsOf(ctx).complete(principalOf(request), request.params.id, request.body));

  app.post('/api/cases/:id/hand-over', {
    config: { access: 'cases.write' },
    schema: {
      tags: ['cases'], summary: 'Hand over the finished document (deletes the fingerprints)',
      description: violationsNote, params: caseParams,
      body: z.object({ version, input: data.default({}) }), response: { 200: caseViewSchema, ...errors },
    },
  }, async (request) => caseCommandsOf(ctx).handOver(principalOf(request), request.params.id, request.body));

  app.post('/api/cases/:id/close', {
    config: { access: 'cases.write' },
    schema: {
      tags: ['cases'], summary: 'Close a completed case (services without hand-over, messages delivered)',
      description: violationsNote, params: caseParams, body: z.object({ version }), response: { 200: caseViewSchema, ...errors },
    },
  }, async (request) => caseCommandsOf(ctx).close(principalOf(request), request.params.id, request.body));

  app.post('/api/cases/:id/cancel', {
    config: { access: 'cases.write' },
    schema: {
      tags: ['cases'], summary: 'Cancel a case with a reason (before completion)',
      description: violationsNote, params: caseParams, body: z.object({ version, reason: z.string().max(1000) }), response: { 200: caseViewSchema, ...errors },
    },
  }, async (request) => caseCommandsOf(ctx).cancel(principalOf(request), request.params.id, request.body));

  app.post('/api/cases/:id/review', {
    config: { access: 'cases.review' },
    schema: {
      tags: ['cases'], summary: 'Review decision: flag, resume or cancel, with a note',
      description: violationsNote, params: caseParams,
      body: z.object({ version, decision: z.enum(['flag', 'resume', 'cancel']), note: z.string().max(1000) }),
      response: { 200: caseViewSchema, ...errors },
    },
  }, async (request) => reviewCase(ctx, principalOf(request), request.params.id, request.body));

  app.post('/api/cases/:id/devices/:action', {
    config: { access: 'cases.write' },
    // take_photo may carry the browser camera's frame (input.still, at most maxStillBytes).
    bodyLimit: deviceBodyLimit,
    schema: {
      tags: ['cases'], summary: 'Run a device action of the workflow (camera, photo code, fingerprints, scanner, terminal)',
      description: 'What the device produced is stored as attachments; device failures answer 502 DEVICE_FAILED with the device\'s message. '
        + `take_photo takes the browser camera's frame as input.still (base64 PNG or JPEG, at most ${maxStillBytes / 1024 / 1024} MB, else 413 PHOTO_STILL_TOO_LARGE): `
        + 'the server cuts the 1244×1600 portrait itself; 422 PHOTO_NO_FACE / PHOTO_FACES / PHOTO_UPSCALING when it cannot, 503 FACE_MODEL_UNAVAILABLE without its face model.',
      params: z.object({ id: z.string().max(64), action: z.string().max(64) }),
      body: z.object({ version, input: data.optional() }),
      response: { 200: caseViewSchema, 413: errorBody, 415: errorBody, 502: errorBody, 503: errorBody, ...errors },
    },
  }, async (request) => caseCommandsOf(ctx).device(principalOf(request), request.params.id, request.params.action, request.body));

  await app.register(async (plugin) => {
    const scope = plugin.withTypeProvider<ZodTypeProvider>();
    // Uploads travel as raw bodies (the file itself); only this scope parses these types.
    scope.addContentTypeParser([...uploadMediaTypes, 'application/octet-stream'], { parseAs: 'buffer', bodyLimit: maxUploadBytes }, (_request, body, done) => {
      done(null, body);
    });
    scope.post('/api/cases/:id/attachments', {
      config: { access: 'cases.write' },
      bodyLimit: maxUploadBytes,
      schema: {
        tags: ['cases'], summary: 'Upload a signature, scan or evidence (raw body: image/png, image/jpeg or application/pdf)',
        description: `At most ${maxUploadBytes / 1024 / 1024} MB; the content must match its Content-Type.`,
        params: caseParams,
        querystring: z.object({ kind: z.enum(uploadKinds) }),
        response: { 200: z.object({ id: z.string(), kind: z.string(), mediaType: z.string() }), 413: errorBody, ...errors },
      },
    }, async (request) => {
      const body: unknown = request.body;
      if (!(body instanceof Uint8Array)) {
        throw new AppError('ATTACHMENT_INVALID', 'Send the file itself as the request body with its Content-Type (image/png, image/jpeg or application/pdf).', 400);
      }
      return caseCommandsOf(ctx).attach(principalOf(request), request.params.id, {
        kind: request.query.kind, mediaType: request.headers['content-type'] ?? '', content: new Uint8Array(body.buffer, body.byteOffset, body.byteLength),
      });
    });
  });

  app.get('/api/cases/:id/attachments/:attachmentId', {
    config: { access: 'cases.read' },
    schema: {
      tags: ['cases'], summary: 'The content of one attachment (logged)',
      description: 'Deleted content (fingerprints after hand-over) answers 410 ATTACHMENT_DELETED.',
      params: z.object({ id: z.string().max(64), attachmentId: z.string().max(64) }),
    },
  }, async (request, reply) => {
    const attachment = await getAttachment(ctx, principalOf(request), request.params.id, request.params.attachmentId);
    return reply.type(attachment.mediaType).header('cache-control', 'private, no-store')
      .header('content-disposition', `inline; filename="${attachment.kind}"`)
      .send(Buffer.from(attachment.content.buffer, attachment.content.byteOffset, attachment.content.byteLength));
  });
};
