/**
 * The public part of visit requests (no login, no cookie, so no CSRF token): the proof-of-work
 * challenge, the web form, and the requester's status link with cancel and accept-offer.
 * Abuse is held off by the proof of work (one use per challenge) and per-IP rate limits.
 */
import fastifyMultipart from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { serviceIds } from '../../catalogue/services.ts';
import { AppError } from '../../platform/errors.ts';
import { errorBody } from '../../platform/http/route-helpers.ts';
import type { AreaRoutes } from '../../platform/http/types.ts';
import { resolveMunicipality } from '../../platform/tenancy/municipalities.ts';
import { availabilitySchema, requesterSchema, subjectSchema } from '../routes.ts';
import { defaultPowBits, issueChallenge, powKey } from './pow.ts';
import { acceptOfferByRequester, cancelByRequester, requesterStatus, statusTokenPattern } from './requester-status.ts';
import { maxProofBytes, submitWebRequest, type ProofFile, type WebRequestInput } from './submit-request.ts';

/** Submissions per IP and hour (on top of the proof of work). */
export const submitRateLimit = { max: 5, timeWindow: '1 hour' };
const challengeRateLimit = { max: 30, timeWindow: '1 minute' };
const statusRateLimit = { max: 60, timeWindow: '1 minute' };

const errors = { 400: errorBody, 404: errorBody, 409: errorBody, 413: errorBody, 422: errorBody, 429: errorBody };
const text = (max: number) => z.string().max(max);
const municipalityQuery = z.object({ municipality: z.string().regex(/^\d{8}$/).optional().describe('Gemeindeschlüssel; may be left out when the server serves one municipality') });

export const webRequestSchema = z.object({
  solution: z.object({ challenge: text(200), signature: text(200), nonce: text(64) }),
  consent: z.boolean().describe('The requester read the privacy notice and agrees (must be true)'),
  requester: requesterSchema,
  subject: subjectSchema,
  services: z.array(z.enum(serviceIds)).max(serviceIds.length),
  location: z.object({
    kind: z.enum(['home', 'institution']),
    street: text(200), houseNumber: text(20), postcode: text(10), city: text(100), addition: text(200).optional(),
  }),
  availability: z.array(availabilitySchema).max(30).default([]),
  urgency: z.enum(['normal', 'high', 'urgent']).default('normal'),
  urgencyReason: text(500).nullable().optional(),
  neededBy: text(10).nullable().optional(),
  notes: text(4000).nullable().optional(),
});

const statusSchema = z.object({
  reference: z.string(),
  state: z.enum(['received', 'in_review', 'waiting', 'planned', 'confirmed', 'done', 'declined', 'cancelled']),
  stateText: z.object({ de: z.string(), en: z.string() }),
  subjectName: z.string(), services: z.array(z.string()), createdAt: z.string(),
  visit: z.object({ date: z.string(), from: z.string(), to: z.string(), place: z.string() }).nullable(),
  canCancel: z.boolean(),
  offers: z.array(z.object({ slotId: z.string(), date: z.string(), expiresAt: z.string() })),
});
const tokenParams = z.object({ token: z.string().max(100).describe('The secret of the status link') });

function invalidBody(issues: z.core.$ZodIssue[]): AppError {
  const list = issues.map((i) => ({ path: `body.${i.path.join('.')}`, message: i.message }));
  return new AppError('VALIDATION_FAILED', `The request is invalid: ${list.map((i) => `${i.path}: ${i.message}`).join('; ')}`, 400, { issues: list });
}

/** The form as JSON, or as multipart/form-data with the JSON in field "request" and the proof of authority in file field "proof". */
async function readSubmission(request: FastifyRequest): Promise<{ body: unknown; proof: ProofFile | null }> {
  if (!request.isMultipart()) return { body: request.body, proof: null };
  let body: unknown;
  let proof: ProofFile | null = null;
  for await (const part of request.parts()) {
    if (part.type === 'file') {
      if (part.fieldname !== 'proof' || proof) { await part.toBuffer().catch(() => undefined); continue; }
      let content: Buffer;
      try {
        content = await part.toBuffer();
      } catch (error) {
        if (error instanceof Error && 'code' in error && error.code === 'FST_REQ_FILE_TOO_LARGE') {
          throw new AppError('REQUEST_INVALID', `The proof of authority is larger than ${maxProofBytes / 1024 / 1024} MB.`, 422, {
            problems: [{ code: 'PROOF_TOO_LARGE', field: 'proof', message: { de: `Die Datei ist größer als ${maxProofBytes / 1024 / 1024} MB. Laden Sie einen kleineren Scan oder ein Foto hoch.`, en: `The file is larger than ${maxProofBytes / 1024 / 1024} MB. Upload a smaller scan or photo.` } }],
          });
        }
        throw error;
      }
      proof = { filename: part.filename, contentType: part.mimetype, content: new Uint8Array(content.buffer, content.byteOffset, content.byteLength) };
    } else if (part.fieldname === 'request') {
      try {
        body = JSON.parse(String(part.value));
      } catch {
        throw new AppError('VALIDATION_FAILED', 'The form field "request" must hold the request as JSON.', 400, { issues: [{ path: 'body.request', message: 'is not JSON' }] });
      }
    }
  }
  return { body, proof };
}

export const publicRequestRoutes: AreaRoutes = async (app, ctx) => {
  app.get('/api/public/challenge', {
    config: { access: 'public', rateLimit: challengeRateLimit },
    schema: {
      tags: ['portal'], summary: 'A proof-of-work challenge for the public request form',
      description: 'Find a nonce (decimal string) so that SHA-256(challenge + ":" + nonce) has `difficulty` leading zero bits; send it with challenge and signature. Valid for 10 minutes, once.',
      querystring: municipalityQuery,
      response: {
        200: z.object({ challenge: z.string(), signature: z.string(), difficulty: z.number().int(), expiresAt: z.string(), municipality: z.object({ ags: z.string(), name: z.string() }) }),
        ...errors,
      },
    },
  }, async (request, reply) => {
    const municipality = await resolveMunicipality(ctx.database.db, request.query.municipality);
    const challenge = issueChallenge(powKey(ctx.config.secret), ctx.now(), ctx.config.portalPowBits ?? defaultPowBits);
    return reply.header('cache-control', 'no-store').send({ ...challenge, municipality: { ags: municipality.ags, name: municipality.name } });
  });

  await app.register(async (plugin) => {
    const scope = plugin.withTypeProvider<ZodTypeProvider>();
    await scope.register(fastifyMultipart, { limits: { fileSize: maxProofBytes, files: 1, fields: 2, fieldSize: 256 * 1024 } });
    scope.post('/api/public/visit-requests', {
      config: { access: 'public', rateLimit: submitRateLimit },
      bodyLimit: maxProofBytes + 512 * 1024,
      schema: {
        tags: ['portal'], summary: 'Send the public request form (no login)',
        description: 'Body: the request as JSON, or multipart/form-data with the JSON in field "request" and the proof of authority (PDF, JPEG or PNG, at most 10 MB) in file field "proof" — required when relation is betreuer or bevollmaechtigter. ' +
          'solution: a solved challenge from GET /api/public/challenge. Errors: POW_INVALID (400, details.reason), POW_SPENT (409), REQUEST_INVALID (422, details.problems with field and message de/en), RATE_LIMITED (429, 5 per hour and address). ' +
          'Answers the reference and the status link (its secret is shown only here and in the acknowledgement mail).',
        querystring: municipalityQuery,
        response: { 201: z.object({ reference: z.string(), statusUrl: z.string(), statusToken: z.string(), acknowledgement: z.enum(['sent', 'failed', 'none']) }), ...errors },
      },
    }, async (request, reply) => {
      const { body, proof } = await readSubmission(request);
      const parsed = webRequestSchema.safeParse(body);
      if (!parsed.success) throw invalidBody(parsed.error.issues);
      const municipality = await resolveMunicipality(ctx.database.db, request.query.municipality);
      const input = parsed.data as WebRequestInput;
      const { requestId: _id, ...created } = await submitWebRequest(ctx, municipality.id, input, proof);
      return reply.code(201).header('cache-control', 'no-store').send(created);
    });
  });

  const checkToken = (token: string) => {
    if (!statusTokenPattern.test(token)) {
      throw new AppError('STATUS_LINK_UNKNOWN', 'This status link is not known. Check that you copied it completely from the mail.', 404, {
        text: { de: 'Diesen Link kennen wir nicht. Prüfen Sie, ob Sie ihn vollständig aus der E-Mail übernommen haben.', en: 'This status link is not known. Check that you copied it completely from the mail.' },
      });
    }
    return token;
  };

  app.get('/api/public/visit-requests/status/:token', {
    config: { access: 'public', rateLimit: statusRateLimit },
    schema: {
      tags: ['portal'], summary: 'The requester\'s view of their request (status link)',
      description: 'Reference, state in plain words, the planned visit (day, time, place), open waitlist offers, whether it can be cancelled. Nothing from the register.',
      params: tokenParams, response: { 200: statusSchema, ...errors },
    },
  }, async (request, reply) => reply.header('cache-control', 'no-store').send(await requesterStatus(ctx, checkToken(request.params.token))));

  app.post('/api/public/visit-requests/status/:token/cancel', {
    config: { access: 'public', rateLimit: statusRateLimit },
    schema: {
      tags: ['portal'], summary: 'The requester cancels (status link)',
      description: 'The request leaves its tour stop (an empty stop is deleted; the tour\'s times are left), a cancellation mail goes out when there is an address, and the freed room is offered to the waitlist. 409 REQUEST_NOT_CANCELLABLE once done, declined or cancelled.',
      params: tokenParams, body: z.object({ reason: text(1000).optional() }).optional(),
      response: { 200: statusSchema, ...errors },
    },
  }, async (request) => cancelByRequester(ctx, checkToken(request.params.token), request.body?.reason?.trim() || null));

  app.post('/api/public/visit-requests/status/:token/accept-offer', {
    config: { access: 'public', rateLimit: statusRateLimit },
    schema: {
      tags: ['portal'], summary: 'The requester takes a slot offered from the waitlist',
      description: 'First come, first served: 409 OFFER_TAKEN when someone else was first (or the slot no longer fits), 409 OFFER_NONE without an open offer. slotId picks one of several offers; default the newest.',
      params: tokenParams, body: z.object({ slotId: z.string().uuid().optional() }).optional(),
      response: { 200: statusSchema, ...errors },
    },
  }, async (request) => acceptOfferByRequester(ctx, checkToken(request.params.token), request.body?.slotId));
};
