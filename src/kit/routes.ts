/**
 * The Rathaus API the kits talk to: pairing (public: the kit has no account yet), signed-challenge
 * sessions, event ingestion and resumable uploads (kit bearer token), and the admin's pairing
 * decisions. Kit routes carry `access: 'kit'`: no staff cookie, no CSRF token — the kit proves
 * itself by its bearer token, checked here.
 */
import { eq } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { createAuthenticator } from '../identity/authenticate.ts';
import { actorCan } from '../identity/principal.ts';
import { AppError } from '../platform/errors.ts';
import { errorBody, principalOf } from '../platform/http/route-helpers.ts';
import type { AreaRoutes } from '../platform/http/types.ts';
import { resolveMunicipality } from '../platform/tenancy/municipalities.ts';
import { municipalities } from '../platform/tenancy/schema.ts';
import { eventBatchSchema, eventOutcomeSchema } from './capture-event.ts';
import { dbIngestStore, dbUploadStore } from './db-stores.ts';
import { buildTourPackage, kitToursOn } from './build-tour-package.ts';
import { kitEventHandlers } from './event-handlers.ts';
import { kitEscrowKey, rathausPublicJwk, sealPackage } from './package-crypto.ts';
import { ingestBatch } from './ingest.ts';
import {
  authenticateKit, confirmWipe, decidePairing, issueChallenge, issueWipeChallenge, listPairings, openKitSession, pairingStatus, requestPairing, revokePairing, type KitIdentity,
} from './pairing.ts';
import { kitPairings } from './schema.ts';
import { listKitReviews, resolveKitReview } from './review-queue.ts';
import { receiveUpload } from './uploads.ts';

const jwk = z.record(z.string(), z.string()).describe('A public key as JWK');
const pairingView = z.object({
  pairingId: z.uuid(), kitId: z.uuid(), kitName: z.string(), fingerprint: z.string(), status: z.string().describe('pending | active | revoked | rejected'),
  requestedAt: z.string(), decidedAt: z.string().nullable(), revokedAt: z.string().nullable(), revokeReason: z.string().nullable(),
  wipedAt: z.string().nullable(), lastContactAt: z.string().nullable(),
});
const pairingParams = z.object({ id: z.uuid().describe('The pairing id') });
const signedChallenge = z.object({ pairingId: z.uuid(), nonce: z.string().max(100), signature: z.string().max(500) });
const uploadParams = z.object({ sha256: z.string().regex(/^[0-9a-f]{64}$/).describe('SHA-256 of the content, lower-case hex') });
const uploadStatus = z.object({ size: z.number().int(), mediaType: z.string(), received: z.number().int(), complete: z.boolean() });
const errors = { 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody, 409: errorBody };
const maxEventBatchBytes = 16 * 1024 * 1024;
export const maxUploadBytes = 64 * 1024 * 1024;

/** The kit of each request on a kit route, authenticated before the body is even validated. */
const kitsOfRequests = new WeakMap<FastifyRequest, KitIdentity>();

async function authenticateRequest(ctx: Parameters<AreaRoutes>[1], request: FastifyRequest): Promise<void> {
  const header = request.headers.authorization ?? '';
  const match = /^Bearer ([A-Za-z0-9_-]{20,100})$/.exec(header);
  if (!match?.[1]) throw new AppError('KIT_UNAUTHENTICATED', 'Kit routes need "Authorization: Bearer <kit session token>"; sign a challenge to get one.', 401);
  kitsOfRequests.set(request, await authenticateKit(ctx, match[1]));
}

async function resolveMunicipalityById(ctx: Parameters<AreaRoutes>[1], id: string): Promise<{ id: string; ags: string; name: string }> {
  const [row] = await ctx.database.db.select().from(municipalities).where(eq(municipalities.id, id));
  if (!row) throw new Error('the kit\'s municipality is missing');
  return { id: row.id, ags: row.ags, name: row.name };
}

function kitOf(request: FastifyRequest): KitIdentity {
  const kit = kitsOfRequests.get(request);
  if (!kit) throw new AppError('KIT_UNAUTHENTICATED', 'The kit was not authenticated.', 401);
  return kit;
}

function headerNumber(request: FastifyRequest, name: string): number {
  const raw = request.headers[name];
  const value = Number(Array.isArray(raw) ? raw[0] : raw);
  if (raw === undefined || !Number.isSafeInteger(value) || value < 0) {
    throw new AppError('UPLOAD_HEADER_INVALID', `The header ${name} must be a whole number of bytes.`, 400);
  }
  return value;
}

export const kitRoutes: AreaRoutes = async (app, ctx) => {
  // The use cases behind each event kind, made once (they hold no state between batches).
  const handlers = kitEventHandlers(ctx);
  app.post('/api/kit/pairings', {
    config: { access: 'public', rateLimit: { max: 10, timeWindow: '1 hour' } },
    schema: {
      tags: ['kit'],
      summary: 'A kit asks to be paired',
      description: 'The kit sends the public halves of its key pairs and the name of the kit (as the admin created it). ' +
        'The pairing is pending until an admin compares the fingerprint shown on the kit and approves it.',
      querystring: z.object({ municipality: z.string().regex(/^\d{8}$/).optional() }),
      body: z.object({ kitName: z.string().trim().min(1).max(100), signingKey: jwk, encryptionKey: jwk }),
      response: { 201: pairingView, ...errors },
    },
  }, async (request, reply) => {
    const municipality = await resolveMunicipality(ctx.database.db, request.query.municipality);
    return reply.code(201).send(await requestPairing(ctx, municipality.id, request.body));
  });

  app.get('/api/kit/pairings/:id/status', {
    config: { access: 'public' },
    schema: {
      tags: ['kit'], summary: 'The state of a pairing, for the kit that asked',
      description: 'Once active, it carries the Rathaus\'s public key that signs the tour packages.',
      params: pairingParams, response: { 200: z.object({ status: z.string(), wipe: z.boolean(), rathausKey: jwk.optional() }), ...errors },
    },
  }, async (request) => {
    const status = await pairingStatus(ctx, request.params.id);
    return status.status === 'active' ? { ...status, rathausKey: await rathausPublicJwk(ctx.config.secret) as Record<string, string> } : status;
  });

  app.post('/api/kit/challenge', {
    config: { access: 'public', rateLimit: { max: 60, timeWindow: '1 minute' } },
    schema: {
      tags: ['kit'], summary: 'A one-time challenge for the kit to sign',
      description: 'purpose session: to open a session; wiped: a revoked kit confirms its wipe.',
      body: z.object({ pairingId: z.uuid(), purpose: z.enum(['session', 'wiped']).default('session') }),
      response: { 200: z.object({ nonce: z.string(), expiresAt: z.string() }), ...errors },
    },
  }, async (request) => (request.body.purpose === 'wiped' ? issueWipeChallenge(ctx, request.body.pairingId) : issueChallenge(ctx, request.body.pairingId)));

  app.post('/api/kit/session', {
    config: { access: 'public', rateLimit: { max: 60, timeWindow: '1 minute' } },
    schema: {
      tags: ['kit'], summary: 'Open a kit session with a signed challenge',
      description: '403 KIT_REVOKED with details.wipe = true tells a revoked kit to wipe its data.',
      body: signedChallenge,
      response: { 200: z.object({ token: z.string(), expiresAt: z.string(), kitId: z.uuid() }), ...errors },
    },
  }, async (request) => openKitSession(ctx, request.body));

  app.post('/api/kit/wiped', {
    config: { access: 'public' },
    schema: { tags: ['kit'], summary: 'A revoked kit confirms its wipe', body: signedChallenge, response: { 200: z.object({ wipedAt: z.string() }), ...errors } },
  }, async (request) => confirmWipe(ctx, request.body));

  app.post('/api/kit/events', {
    config: { access: 'kit' },
    onRequest: (request) => authenticateRequest(ctx, request),
    bodyLimit: maxEventBatchBytes,
    schema: {
      tags: ['kit'], summary: 'Deliver capture events',
      description: 'Idempotent: an event id is applied once; a repeat gets the stored outcome (repeated: true). Events of a case are applied in seq order; ' +
        'retry means "not taken yet" (an earlier event or an attachment is missing), review means "kept for a clerk".',
      body: eventBatchSchema,
      response: { 200: z.object({ outcomes: z.array(eventOutcomeSchema) }), ...errors },
    },
  }, async (request) => {
    const kit = kitOf(request);
    const outcomes = await ingestBatch(dbIngestStore(ctx.database.db, kit.municipalityId), handlers, request.body, {
      kitId: kit.kitId, municipalityId: kit.municipalityId, receivedAt: ctx.now(),
      onTransientError: (event, error) => request.log.error({ err: error, eventId: event.id, kind: event.kind }, 'kit event not ingested (transient)'),
    });
    return { outcomes };
  });

  app.get('/api/kit/tour-packages', {
    config: { access: 'kit' },
    onRequest: (request) => authenticateRequest(ctx, request),
    schema: {
      tags: ['kit'], summary: 'The kit\'s tour packages for a day',
      description: 'One package per confirmed tour of the kit on that day: signed by the Rathaus and encrypted to the kit\'s key (compact JWE). ' +
        'Each download reserves fresh case and receipt numbers and is logged as a disclosure of register data.',
      querystring: z.object({ date: z.iso.date() }),
      response: { 200: z.object({ packages: z.array(z.object({ tourId: z.uuid(), expiresAt: z.string(), sealed: z.string() })) }), ...errors },
    },
  }, async (request) => {
    const kit = kitOf(request);
    const [pairing] = await ctx.database.db.select().from(kitPairings).where(eq(kitPairings.id, kit.pairingId));
    if (!pairing) throw new AppError('KIT_UNAUTHENTICATED', 'The kit\'s pairing is gone.', 401);
    const packages = [];
    for (const tourId of await kitToursOn(ctx, kit, request.query.date)) {
      const pkg = await buildTourPackage(ctx, kit, tourId);
      packages.push({ tourId, expiresAt: pkg.expiresAt, sealed: await sealPackage(pkg, ctx.config.secret, pairing.encryptionKey) });
    }
    return { packages };
  });

  app.get('/api/kit/escrow', {
    config: { access: 'kit' },
    onRequest: (request) => authenticateRequest(ctx, request),
    schema: {
      tags: ['kit'], summary: 'The escrow key of the kit\'s data, for a staff member who just signed in on the kit',
      description: 'Needs both the kit\'s bearer token and the staff session cookie the kit got from POST /api/auth/login for the officer. ' +
        'The kit wraps its data key for the officer with it (offline login later) and can recover the data key for a second officer.',
      response: { 200: z.object({ escrowKey: z.string(), officer: z.object({ userId: z.uuid(), username: z.string(), displayName: z.string(), roles: z.array(z.string()) }), municipality: z.object({ id: z.uuid(), ags: z.string(), name: z.string() }) }), ...errors },
    },
  }, async (request) => {
    const kit = kitOf(request);
    const staff = await createAuthenticator(ctx)(request);
    if (!staff || staff.municipalityId !== kit.municipalityId) throw new AppError('UNAUTHENTICATED', 'Sign the officer in at the Rathaus first (POST /api/auth/login) and send its session cookie.', 401);
    if (!actorCan(staff, 'cases.write')) throw new AppError('FORBIDDEN', 'Only staff who run services (field officers, clerks) use a kit.', 403);
    return {
      escrowKey: kitEscrowKey(ctx.config.secret, kit.pairingId).toString('base64url'),
      officer: { userId: staff.userId, username: staff.username, displayName: staff.displayName, roles: staff.roles },
      municipality: await resolveMunicipalityById(ctx, kit.municipalityId),
    };
  });

  app.get('/api/kit/uploads/:sha256', {
    config: { access: 'kit' },
    onRequest: (request) => authenticateRequest(ctx, request),
    schema: { tags: ['kit'], summary: 'How much of an upload arrived', params: uploadParams, response: { 200: uploadStatus, ...errors } },
  }, async (request) => {
    const kit = kitOf(request);
    const status = await dbUploadStore(ctx.database.db, kit.municipalityId).status(kit.kitId, request.params.sha256);
    if (!status) throw new AppError('UPLOAD_UNKNOWN', 'The Rathaus has nothing of this upload; start at offset 0.', 404);
    return status;
  });

  await app.register(async (plain) => {
    const scope = plain.withTypeProvider<ZodTypeProvider>();
    // The body stays a stream: what arrives before a drop is stored and the upload resumes from there.
    scope.addContentTypeParser('application/offset+octet-stream', (_request, payload, done) => done(null, payload));
    scope.put('/api/kit/uploads/:sha256', {
      config: { access: 'kit' },
    onRequest: (request) => authenticateRequest(ctx, request),
      schema: {
        tags: ['kit'], summary: 'Upload (the rest of) an attachment',
        description: 'Headers Upload-Offset (where this body starts) and Upload-Length (the whole size); Content-Type application/offset+octet-stream. ' +
          'An uninterrupted upload is this one request from offset 0. 409 UPLOAD_OFFSET_MISMATCH carries the offset to continue from.',
        params: uploadParams,
        response: { 200: uploadStatus, ...errors, 422: errorBody },
      },
    }, async (request) => {
      const kit = kitOf(request);
      const size = headerNumber(request, 'upload-length');
      if (size > maxUploadBytes) throw new AppError('UPLOAD_TOO_LARGE', `An attachment may have at most ${maxUploadBytes} bytes.`, 400);
      const offset = headerNumber(request, 'upload-offset');
      const mediaType = String(request.headers['upload-media-type'] ?? 'application/octet-stream');
      return receiveUpload(dbUploadStore(ctx.database.db, kit.municipalityId), kit.kitId, { sha256: request.params.sha256, size, mediaType, offset },
        request.body as AsyncIterable<Uint8Array>);
    });
  });

  app.get('/api/kit-reviews', {
    config: { access: 'cases.review' },
    schema: {
      tags: ['kit'], summary: 'Kit captures in review, per case',
      description: 'Captures the Rathaus did not apply on arrival (register changed since the tour package, a rule refused a step), with the held steps. Listing is logged (§ 40 BMG).',
      response: { 200: z.array(z.object({
        streamId: z.uuid(), kitName: z.string(), code: z.string(), reason: z.string(), capturedAt: z.string(), receivedAt: z.string(), serviceId: z.string().nullable(),
        person: z.object({ id: z.string(), name: z.string() }).nullable(),
        steps: z.array(z.object({ eventId: z.uuid(), seq: z.number().int(), kind: z.string(), code: z.string().nullable() })),
      })), ...errors },
    },
  }, async (request) => listKitReviews(ctx, principalOf(request)));

  app.post('/api/kit-reviews/:streamId/decision', {
    config: { access: 'cases.review' },
    schema: {
      tags: ['kit'], summary: 'Decide a kit capture in review',
      description: 'apply: its steps are applied in order through the same use cases (stops at a step a rule refuses); set_aside: recorded with the reason, nothing applied.',
      params: z.object({ streamId: z.uuid() }),
      body: z.object({ decision: z.enum(['apply', 'set_aside']), reason: z.string().trim().min(1).max(1000) }),
      response: { 200: z.object({ applied: z.number().int(), setAside: z.number().int(), stillInReview: z.number().int() }), ...errors },
    },
  }, async (request) => resolveKitReview(ctx, principalOf(request), request.params.streamId, request.body));

  app.get('/api/kit-pairings', {
    config: { access: 'kits.pair' },
    schema: { tags: ['kit'], summary: 'Kit pairings, newest first', response: { 200: z.array(pairingView), ...errors } },
  }, async (request) => listPairings(ctx, principalOf(request)));

  app.post('/api/kit-pairings/:id/decision', {
    config: { access: 'kits.pair' },
    schema: {
      tags: ['kit'], summary: 'Approve or reject a pending pairing',
      description: 'Compare the fingerprint with the one the kit shows before approving.',
      params: pairingParams, body: z.object({ decision: z.enum(['approve', 'reject']) }),
      response: { 200: pairingView, ...errors },
    },
  }, async (request) => decidePairing(ctx, principalOf(request), request.params.id, request.body.decision));

  app.post('/api/kit-pairings/:id/revoke', {
    config: { access: 'kits.pair' },
    schema: {
      tags: ['kit'], summary: 'Revoke a kit',
      description: 'Its sessions end at once; at its next contact the kit is told to wipe its data, and confirms the wipe.',
      params: pairingParams, body: z.object({ reason: z.string().trim().min(1).max(500) }),
      response: { 200: pairingView, ...errors },
    },
  }, async (request) => revokePairing(ctx, principalOf(request), request.params.id, request.body.reason));
};
