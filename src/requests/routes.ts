/**
 * The office API of visit requests (issue 4): list, phone intake, edit, register match,
 * duplicates and merge, the eligibility decision, attachments; and the eligibility rule set
 * versions. Thin: parse → authorize (the route's permission) → one use case → present.
 */
import fastifyMultipart from '@fastify/multipart';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { serviceIds } from '../catalogue/services.ts';
import { AppError, notFound } from '../platform/errors.ts';
import type { AreaRoutes } from '../platform/http/types.ts';
import { registerToday } from '../register/dates.ts';
import { searchHitSchema } from '../register/search/routes.ts';
import { getRequestAttachment, maxRequestAttachmentBytes } from './attachments.ts';
import { decideEligibility } from './eligibility/decide.ts';
import { eligibilityPresets } from './eligibility/presets.ts';
import { addEligibilityRuleSet, listEligibilityRuleSets, ruleSetVersion } from './eligibility/rule-sets.ts';
import { criterionKinds, evidenceKinds, institutionKinds, visitAlternatives } from './eligibility/rules.ts';
import { findDuplicateRequests } from './duplicates.ts';
import { getVisitRequest } from './get-request.ts';
import { listVisitRequests, maxRequestListLimit } from './list-requests.ts';
import { matchRequestSubject, suggestSubjectMatches } from './match-subject.ts';
import { mergeVisitRequests } from './merge-requests.ts';
import { takePhoneRequest } from './phone-intake.ts';
import { requestChannels, requestStatuses, requirePermission } from './request-store.ts';
import type { EligibilityRules } from './types.ts';
import { updateVisitRequest } from './update-request.ts';
import { uploadAttachmentKinds, uploadRequestAttachment } from './upload-attachment.ts';
import { acceptOfferAndConfirm } from './waitlist/accept-offer.ts';
import { errorBody, principalOf } from '../platform/http/route-helpers.ts';

const errors = { 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody, 409: errorBody, 422: errorBody };

const idParams = z.object({ id: z.string().max(64).describe('The visit request id (UUID)') });
const text = (max: number) => z.string().max(max);
const text_ = z.object({ de: z.string(), en: z.string() });
const problemsNote = 'Invalid or missing fields answer 422 REQUEST_INVALID with every problem in details.problems (code, field, message de/en).';

export const subjectSchema = z.object({
  familyName: text(200), givenNames: text(200),
  birthDate: text(10).optional().describe('YYYY-MM-DD, or YYYY-MM / YYYY when the caller does not know'),
  address: text(300).optional(), phone: text(50).optional(),
});
export const requesterSchema = z.object({
  name: text(200),
  relation: z.enum(['self', 'relative', 'betreuer', 'bevollmaechtigter', 'care_home', 'other']),
  organisation: text(200).optional(), phone: text(50).optional(), email: text(254).optional(),
  postalAddress: z.array(text(100)).max(6).optional(),
  preferredContact: z.enum(['email', 'letter', 'phone']),
  easyLanguage: z.boolean().optional(),
});
export const locationSchema = z.object({
  kind: z.enum(['home', 'institution']), institutionId: text(64).optional(), addressId: text(64).optional(),
  street: text(200), houseNumber: text(20), postcode: text(10), city: text(100), addition: text(200).optional(),
  latitude: z.number().min(-90).max(90).optional(), longitude: z.number().min(-180).max(180).optional(),
});
export const availabilitySchema = z.object({
  weekday: z.number().int().optional().describe('1 = Monday … 7 = Sunday'), date: text(10).optional(),
  from: text(5).describe('HH:MM'), to: text(5).describe('HH:MM'),
});
const evidenceSchema = z.object({
  kind: z.enum(evidenceKinds as [string, ...string[]]),
  pflegegrad: z.number().int().optional().describe('Pflegegrad-Bescheid: the grade 1–5'),
  merkzeichen: z.array(text(8)).max(12).optional().describe('Schwerbehindertenausweis: the Merkzeichen, e.g. ["aG", "B"]'),
  attestsPermanentImmobility: z.boolean().optional().describe('Ärztliches Attest: permanent severe immobility attested'),
  attachmentId: text(64).optional().describe('The scan among the request\'s attachments'),
  note: text(500).optional(),
});
const urgency = z.enum(['normal', 'high', 'urgent']);

const summaryShape = {
  id: z.string(), reference: z.string(), channel: z.string(), status: z.string(), personId: z.string().nullable(),
  subjectName: z.string(), subjectBirthDate: z.string().nullable(), requesterName: z.string(), services: z.array(z.string()),
  locationKind: z.enum(['home', 'institution']).nullable(), institutionId: z.string().nullable(), urgency: z.string(),
  neededBy: z.string().nullable(), waitlisted: z.boolean(), mergedIntoId: z.string().nullable(),
  createdAt: z.string(), updatedAt: z.string(), version: z.number().int(),
};
export const requestSummarySchema = z.object(summaryShape);
export const requestViewSchema = z.object({
  ...summaryShape,
  subject: subjectSchema, requester: requesterSchema, location: locationSchema.nullable(), availability: z.array(availabilitySchema),
  urgencyReason: z.string().nullable(), notes: z.string().nullable(), waitlistedAt: z.string().nullable(),
  pinnedKitId: z.string().nullable(), pinnedDate: z.string().nullable(), createdByName: z.string(),
  mergedRequests: z.array(z.object({ id: z.string(), reference: z.string() })),
  attachments: z.array(z.object({ id: z.string(), kind: z.string(), filename: z.string(), contentType: z.string(), size: z.number(), source: z.string(), createdAt: z.string() })),
  events: z.array(z.object({ id: z.string(), requestId: z.string(), kind: z.string(), detail: z.record(z.string(), z.unknown()), actorName: z.string(), at: z.string() })),
  decisions: z.array(z.object({
    id: z.string(), outcome: z.string(), ruleVersion: z.number().int(), criteria: z.array(z.string()), evidence: z.array(evidenceSchema),
    reasons: z.string().nullable(), letterDocumentId: z.string().nullable(), decidedByName: z.string(), decidedAt: z.string(), current: z.boolean(),
  })),
  correspondence: z.array(z.object({
    id: z.string(), kind: z.string(), channel: z.string(), recipient: z.string(), subject: z.string().nullable(), status: z.string(),
    documentId: z.string().nullable(), createdAt: z.string(), sentAt: z.string().nullable(),
  })),
});

const criterionSchema = z.discriminatedUnion('kind', [
  z.object({ id: text(64), kind: z.literal('institution_resident'), institutionKinds: z.array(text(40)).min(1).max(10).describe(`${institutionKinds.join(', ')}`), label: text_ }),
  z.object({ id: text(64), kind: z.literal('pflegegrad_min'), min: z.number().int(), label: text_ }),
  z.object({ id: text(64), kind: z.literal('merkzeichen'), marks: z.array(text(8)).min(1).max(10), label: text_ }),
  z.object({ id: text(64), kind: z.literal('permanently_immobile'), label: text_ }),
]);
const rulesSchema = z.object({
  criteria: z.array(criterionSchema).max(20),
  alternatives: z.array(z.enum(visitAlternatives as [string, ...string[]])).max(visitAlternatives.length),
});
const ruleSetSchema = z.object({
  id: z.string(), version: z.number().int(), name: z.string(), rules: rulesSchema, validFrom: z.string(), validUntil: z.string().nullable(),
  active: z.boolean().describe('In force today'), createdByName: z.string(), createdAt: z.string(),
});

const criterionResultSchema = z.object({
  criterionId: z.string(), kind: z.enum(criterionKinds as [string, ...string[]]), outcome: z.enum(['met', 'not_met', 'evidence_missing']),
  code: z.string(), label: text_, reason: text_, needs: z.array(z.string()),
});
const decisionResultSchema = z.object({
  decisionId: z.string(), outcome: z.enum(['eligible', 'denied']), overridden: z.boolean(),
  verdict: z.object({
    eligible: z.boolean(), criteriaMet: z.array(z.string()), results: z.array(criterionResultSchema), reasons: z.array(text_),
    denialCodes: z.array(z.string()), alternatives: z.array(z.string()), sammeltermin: z.boolean(),
  }),
  ruleSet: z.object({ id: z.string(), version: z.number().int(), name: z.string() }),
  letterDocumentId: z.string().nullable().describe('The denial letter (GET /api/documents/:id/pdf)'),
  letterSent: z.enum(['email', 'letter']).optional().describe('A denial letter was mailed to the requester, or waits to be printed'),
  requestVersion: z.number().int(),
});

/** "bescheid ä.pdf" → filename="bescheid _.pdf"; filename*=UTF-8''bescheid%20%C3%A4.pdf */
function contentDisposition(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

export const requestRoutes: AreaRoutes = async (app, ctx) => {
  app.get('/api/visit-requests', {
    config: { access: 'requests.read' },
    schema: {
      tags: ['visit-requests'], summary: 'Visit requests: the inbox and the list',
      description: 'Newest first; merged requests only when asked for by status. text searches the reference, the subject\'s and the requester\'s names and the organisation (accents folded).',
      querystring: z.object({
        status: z.union([z.enum(requestStatuses), z.array(z.enum(requestStatuses))]).optional().describe('One or more statuses (repeat the parameter)'),
        channel: z.enum(requestChannels).optional(),
        text: text(200).optional(),
        limit: z.coerce.number().int().min(1).max(maxRequestListLimit).optional(),
        offset: z.coerce.number().int().min(0).optional(),
      }),
      response: { 200: z.object({ requests: z.array(requestSummarySchema), total: z.number().int() }), ...errors },
    },
  }, async (request) => {
    const { status, ...query } = request.query;
    return listVisitRequests(ctx, principalOf(request), { ...query, status: status === undefined ? undefined : [status].flat() });
  });

  app.post('/api/visit-requests', {
    config: { access: 'requests.write' },
    schema: {
      tags: ['visit-requests'], summary: 'Take a request on the phone',
      description: `Channel phone. status open (default) needs the subject's name, the requester, the services and the chosen contact; draft may be incomplete. ${problemsNote} ` +
        'statusToken is the secret of the requester\'s status link; it is shown only in this answer.',
      body: z.object({
        status: z.enum(['draft', 'open']).default('open'),
        subject: subjectSchema, requester: requesterSchema,
        services: z.array(z.enum(serviceIds)).max(serviceIds.length),
        location: locationSchema.nullable(), availability: z.array(availabilitySchema).max(30).default([]),
        urgency: urgency.default('normal'), urgencyReason: text(500).nullable().optional(),
        neededBy: text(10).nullable().optional(), notes: text(4000).nullable().optional(),
      }),
      response: { 201: z.object({ request: requestViewSchema, statusToken: z.string() }), ...errors },
    },
  }, async (request, reply) => reply.code(201).send(await takePhoneRequest(ctx, principalOf(request), request.body)));

  app.get('/api/visit-requests/:id', {
    config: { access: 'requests.read' },
    schema: {
      tags: ['visit-requests'], summary: 'One request with its files, history, decisions and correspondence',
      params: idParams, response: { 200: requestViewSchema, ...errors },
    },
  }, async (request) => getVisitRequest(ctx, principalOf(request), request.params.id));

  app.patch('/api/visit-requests/:id', {
    config: { access: 'requests.write' },
    schema: {
      tags: ['visit-requests'], summary: 'Edit a request; open: true completes a draft',
      description: `Given fields replace the stored ones (subject, requester and location as whole objects). Only draft, open, eligible and denied requests can be edited (409 REQUEST_NOT_EDITABLE); a stale version answers 409 REQUEST_VERSION_CONFLICT. ${problemsNote}`,
      params: idParams,
      body: z.object({
        version: z.number().int().min(1),
        open: z.boolean().optional(),
        subject: subjectSchema.optional(), requester: requesterSchema.optional(),
        services: z.array(z.string().max(64)).max(serviceIds.length).optional(),
        location: locationSchema.nullable().optional(), availability: z.array(availabilitySchema).max(30).optional(),
        urgency: urgency.optional(), urgencyReason: text(500).nullable().optional(),
        neededBy: text(10).nullable().optional(), notes: text(4000).nullable().optional(),
      }),
      response: { 200: requestViewSchema, ...errors },
    },
  }, async (request) => {
    const { version, open, ...changes } = request.body;
    return updateVisitRequest(ctx, principalOf(request), { requestId: request.params.id, version, open, changes });
  });

  app.get('/api/visit-requests/:id/match-candidates', {
    config: { access: 'requests.write' },
    schema: {
      tags: ['visit-requests'], summary: 'Register persons who may be the request\'s subject',
      description: 'The register search by the subject\'s name and birth date, logged with the request\'s reference as purpose (§ 40 BMG).',
      params: idParams, querystring: z.object({ limit: z.coerce.number().int().min(1).max(50).optional() }),
      response: { 200: z.object({ hits: z.array(searchHitSchema) }), ...errors },
    },
  }, async (request) => suggestSubjectMatches(ctx, principalOf(request), request.params.id, { limit: request.query.limit }));

  app.post('/api/visit-requests/:id/match', {
    config: { access: 'requests.write' },
    schema: {
      tags: ['visit-requests'], summary: 'Match the subject to a register person (null undoes a match)',
      description: 'Logged as a register access with the request\'s reference as purpose. A person the role may not see answers 404.',
      params: idParams,
      body: z.object({ personId: z.string().max(64).nullable(), version: z.number().int().min(1).optional() }),
      response: { 200: requestViewSchema, ...errors },
    },
  }, async (request) => matchRequestSubject(ctx, principalOf(request), { requestId: request.params.id, ...request.body }));

  app.get('/api/visit-requests/:id/duplicates', {
    config: { access: 'requests.read' },
    schema: {
      tags: ['visit-requests'], summary: 'Active requests for the same person',
      description: 'Same register person, or the same name (accents and case folded) and birth date. Merge them with POST …/merge.',
      params: idParams,
      response: {
        200: z.object({
          duplicates: z.array(z.object({
            id: z.string(), reference: z.string(), status: z.string(), channel: z.string(), subjectName: z.string(), subjectBirthDate: z.string().nullable(),
            requesterName: z.string(), createdAt: z.string(), match: z.enum(['person', 'name_and_birth_date']),
          })),
        }),
        ...errors,
      },
    },
  }, async (request) => {
    const principal = principalOf(request);
    return { duplicates: await findDuplicateRequests(ctx.database.db, principal.municipalityId, request.params.id) };
  });

  app.post('/api/visit-requests/:id/merge', {
    config: { access: 'requests.write' },
    schema: {
      tags: ['visit-requests'], summary: 'Merge a duplicate into this request (the dispatcher consents)',
      description: 'The duplicate becomes merged (merged_into_id = this request); its files, mails and correspondence move here, services and availability are unioned. ' +
        'consent must be true. Errors: MERGE_NOT_ACTIVE, MERGE_ON_TOUR, MERGE_DIFFERENT_PERSONS (409).',
      params: idParams,
      body: z.object({ mergeId: z.string().max(64), consent: z.literal(true).describe('The dispatcher confirmed that both requests are about the same person') }),
      response: { 200: requestViewSchema, ...errors },
    },
  }, async (request) => mergeVisitRequests(ctx, principalOf(request), { keepId: request.params.id, mergeId: request.body.mergeId }));

  app.post('/api/visit-requests/:id/decide', {
    config: { access: 'requests.decide' },
    schema: {
      tags: ['visit-requests'], summary: 'Decide eligibility for a home visit',
      description: 'Evaluated with the rule set version in force today and the evidence seen; recorded with both. decision overrides the rules\' verdict (reason required). ' +
        'A denial issues the letter (visit_denial) with the reasons and the alternatives. Errors: REQUEST_NOT_DECIDABLE, ELIGIBILITY_NO_RULES, REQUEST_VERSION_CONFLICT (409), EVIDENCE_INVALID (400).',
      params: idParams,
      body: z.object({
        evidence: z.array(evidenceSchema).max(20),
        decision: z.object({ outcome: z.enum(['eligible', 'denied']), reason: text(1000) }).optional(),
        note: text(2000).nullable().optional(),
        version: z.number().int().min(1).optional(),
      }),
      response: { 200: decisionResultSchema, ...errors },
    },
  }, async (request) => decideEligibility(ctx, principalOf(request), {
    requestId: request.params.id,
    evidence: request.body.evidence as Parameters<typeof decideEligibility>[2]['evidence'],
    decision: request.body.decision, note: request.body.note, version: request.body.version,
  }));

  await app.register(async (plugin) => {
    const scope = plugin.withTypeProvider<ZodTypeProvider>();
    // Only this scope parses multipart bodies.
    await scope.register(fastifyMultipart, { limits: { fileSize: maxRequestAttachmentBytes, files: 1, fields: 5 } });
    scope.post('/api/visit-requests/:id/attachments', {
      config: { access: 'requests.write' },
      bodyLimit: maxRequestAttachmentBytes + 64 * 1024,
      schema: {
        tags: ['visit-requests'], summary: 'Upload evidence or a proof of authority (multipart/form-data, field "file")',
        description: `At most ${maxRequestAttachmentBytes / 1024 / 1024} MB. kind: evidence (Bescheid, Ausweis, Attest) or authority_proof (Vollmacht, Betreuerausweis).`,
        params: idParams, querystring: z.object({ kind: z.enum(uploadAttachmentKinds).default('evidence') }),
        response: { 201: z.object({ id: z.string(), kind: z.string(), size: z.number() }), 413: errorBody, ...errors },
      },
    }, async (request, reply) => {
      const principal = principalOf(request);
      requirePermission(principal, 'requests.write');
      if (!request.isMultipart()) {
        throw new AppError('ATTACHMENT_NOT_MULTIPART', 'Send the file as multipart/form-data in a field named "file".', 400, { field: 'file' });
      }
      const file = await request.file();
      if (!file) throw new AppError('ATTACHMENT_MISSING', 'The form has no file; send it in a field named "file".', 400, { field: 'file' });
      let content: Buffer;
      try {
        content = await file.toBuffer();
      } catch (error) {
        if (error instanceof Error && 'code' in error && error.code === 'FST_REQ_FILE_TOO_LARGE') {
          throw new AppError('ATTACHMENT_TOO_LARGE', `The file "${file.filename}" is larger than ${maxRequestAttachmentBytes / 1024 / 1024} MB. Send a smaller scan.`, 413);
        }
        throw error;
      }
      const stored = await uploadRequestAttachment(ctx, principal, {
        requestId: request.params.id, kind: request.query.kind, filename: file.filename || 'anhang', contentType: file.mimetype,
        content: new Uint8Array(content.buffer, content.byteOffset, content.byteLength),
      });
      return reply.code(201).send(stored);
    });
  });

  app.post('/api/visit-requests/:id/accept-offer', {
    config: { access: 'requests.write' },
    schema: {
      tags: ['visit-requests'], summary: 'Take a waitlist offer for the requester (who accepted it on the phone)',
      description: 'First come, first served, as through the status link: OFFER_TAKEN (409) when someone was quicker, OFFER_NONE (409) when nothing is open. ' +
        'On a confirmed tour the visit is confirmed at once (mail or letter).',
      params: idParams, body: z.object({ slotId: z.uuid().optional() }).optional(),
      response: {
        200: z.object({ tourId: z.string(), date: z.string(), startAt: z.string(), endAt: z.string(), confirmation: z.enum(['email', 'letter', 'with_tour', 'mail_failed']) }),
        ...errors,
      },
    },
  }, async (request) => {
    const placed = await acceptOfferAndConfirm(ctx, principalOf(request), { requestId: request.params.id, ...(request.body?.slotId ? { slotId: request.body.slotId } : {}) });
    return { ...placed, startAt: placed.startAt.toISOString(), endAt: placed.endAt.toISOString() };
  });

  app.get('/api/visit-requests/:id/attachments/:attachmentId', {
    config: { access: 'requests.read' },
    schema: {
      tags: ['visit-requests'], summary: 'Download an attachment (the original mail, a scan)',
      params: z.object({ id: z.string().max(64), attachmentId: z.string().max(64) }),
    },
  }, async (request, reply) => {
    const principal = principalOf(request);
    const { id, attachmentId } = request.params;
    const uuid = /^[0-9a-f-]{36}$/i;
    const attachment = uuid.test(id) && uuid.test(attachmentId) ? await getRequestAttachment(ctx.database.db, principal.municipalityId, id, attachmentId) : null;
    if (!attachment) throw notFound('The attachment');
    return reply.type(attachment.contentType).header('cache-control', 'private, no-store')
      .header('content-disposition', contentDisposition(attachment.filename))
      .send(Buffer.from(attachment.content.buffer, attachment.content.byteOffset, attachment.content.byteLength));
  });

  app.get('/api/eligibility-rule-sets', {
    config: { access: 'authenticated' },
    schema: {
      tags: ['visit-requests'], summary: 'Eligibility rule set versions, oldest first',
      description: 'The municipality\'s published rules for home visits (no personal data): every version with its validity; active marks the one in force today. presets are the built-in starting points.',
      response: {
        200: z.object({ versions: z.array(ruleSetSchema), presets: z.record(z.string(), z.object({ name: z.string(), rules: rulesSchema })) }),
        ...errors,
      },
    },
  }, async (request) => {
    const principal = principalOf(request);
    return { versions: await listEligibilityRuleSets(ctx.database.db, principal.municipalityId, registerToday(ctx.now())), presets: eligibilityPresets };
  });

  app.post('/api/eligibility-rule-sets', {
    config: { access: 'eligibility.manage' },
    schema: {
      tags: ['visit-requests'], summary: 'Store a new rule set version, in force from validFrom',
      description: 'Give exactly one of rules, preset (bochum, essen) or copyOfVersion (to go back to an earlier version). A version may not start before the newest one ' +
        '(409); starting on the same day replaces it from then on. Decisions keep naming the version they used. Errors: ELIGIBILITY_RULES_INVALID (400 with details.field and details.problems, 409).',
      body: z.object({
        name: text(200),
        validFrom: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a day YYYY-MM-DD'),
        rules: rulesSchema.optional(),
        preset: z.enum(['bochum', 'essen']).optional(),
        copyOfVersion: z.number().int().min(1).optional(),
      }),
      response: { 201: z.object({ version: ruleSetSchema }), ...errors },
    },
  }, async (request, reply) => {
    const principal = principalOf(request);
    const { name, validFrom, rules, preset, copyOfVersion } = request.body;
    if ([rules, preset, copyOfVersion].filter((given) => given !== undefined).length !== 1) {
      throw new AppError('ELIGIBILITY_RULES_INVALID', 'Give exactly one of rules, preset or copyOfVersion.', 400, {
        field: 'rules', text: { de: 'Geben Sie genau eines an: Regeln, eine Voreinstellung oder die Fassung, die übernommen werden soll.', en: 'Give exactly one of rules, preset or copyOfVersion.' },
      });
    }
    let chosen: EligibilityRules;
    if (preset) chosen = eligibilityPresets[preset].rules;
    else if (copyOfVersion !== undefined) {
      const earlier = await ruleSetVersion(ctx.database.db, principal.municipalityId, copyOfVersion);
      if (!earlier) throw notFound(`Rule set version ${copyOfVersion}`);
      chosen = earlier.rules;
    } else chosen = rules as EligibilityRules;
    const version = await addEligibilityRuleSet(ctx.database.db, principal, { municipalityId: principal.municipalityId, name, validFrom, rules: chosen });
    const today = registerToday(ctx.now());
    return reply.code(201).send({ version: { ...version, active: version.validFrom <= today } });
  });
};
