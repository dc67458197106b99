import { z } from 'zod';
import type { AreaRoutes } from '../platform/http/types.ts';
import { getMunicipalityProfile, type MunicipalityProfile } from '../platform/tenancy/profile.ts';
import { revokeDocument } from './issue-documents.ts';
import { printDocument } from './print-document.ts';
import { readDocumentPdf } from './read-document-pdf.ts';
import { updateMunicipalityProfile } from './update-profile.ts';
import { verifyDocument } from './verify-document.ts';
import { renderVerifyForm, renderVerifyPage } from './verify-page.ts';
import { errorBody, principalOf } from '../platform/http/route-helpers.ts';

/** Verification is public: the limit per client address keeps codes from being enumerated. */
export const verifyRateLimit = { max: 60, timeWindow: '1 minute' } as const;

const fieldSchema = z.object({ label: z.string(), value: z.string() });
const verificationSchema = z.object({
  status: z.enum(['genuine', 'revoked', 'token_mismatch', 'unknown']),
  code: z.string().nullable(),
  tokenChecked: z.boolean(),
  document: z.object({
    kind: z.string(),
    title: z.string(),
    issuer: z.string(),
    issuedAt: z.string(),
    certifies: z.array(fieldSchema).nullable(),
    revokedAt: z.string().nullable(),
    revocationReason: z.string().nullable(),
  }).nullable(),
});

const profileSchema = z.object({
  authorityName: z.string().max(200),
  authorityCode: z.string().max(10).describe('Behördenkennzahl: exactly 4 characters of 0–9 and A–Z'),
  place: z.string().max(100),
  addressLines: z.array(z.string().max(200)).max(10),
  phone: z.string().max(60).nullable(),
  email: z.string().max(200).nullable(),
  website: z.string().max(200).nullable(),
  letterheadPng: z.string().max(1_500_000).nullable().describe('Base64 PNG (at most 1 MB), null for the text letterhead'),
  sealPng: z.string().max(750_000).nullable().describe('Base64 PNG (at most 512 KB), null for a circle to stamp into'),
});

const verifyParams = z.object({ code: z.string().max(40).describe('The Prüfcode, e.g. BK-7K3M-Q9XZ') });
const verifyQuery = z.object({ t: z.string().max(200).optional().describe('The signed token from the QR code') });

function presentProfile(profile: MunicipalityProfile) {
  return {
    authorityName: profile.authorityName,
    authorityCode: profile.authorityCode,
    place: profile.place,
    addressLines: profile.addressLines,
    phone: profile.phone,
    email: profile.email,
    website: profile.website,
    letterheadPng: profile.letterheadPng ? Buffer.from(profile.letterheadPng).toString('base64') : null,
    sealPng: profile.sealPng ? Buffer.from(profile.sealPng).toString('base64') : null,
  };
}

export const documentRoutes: AreaRoutes = async (app, ctx) => {
  app.post('/api/documents/:id/print', {
    config: { access: 'cases.write' },
    schema: {
      tags: ['documents'],
      summary: 'Print an issued document on this place\'s printer',
      description: 'The kit\'s printer (DEVICE_PRINTER, IPP) or the counter\'s. Logged like a download. 502 PRINT_NOT_COMPLETED or a printer error (PRINTER_*) when the printer did not print it.',
      params: z.object({ id: z.string().max(64).describe('Document id (UUID)') }),
      body: z.object({ copies: z.number().int().min(1).max(10).default(1) }),
      response: { 200: z.object({ jobId: z.number().int(), state: z.string(), finishedAt: z.string().nullable() }), 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody, 502: errorBody },
    },
  }, async (request) => printDocument(ctx, principalOf(request), request.params.id, { copies: request.body.copies }));

  app.get('/api/documents/:id/pdf', {
    config: { access: 'cases.read' },
    schema: {
      tags: ['documents'],
      summary: 'The PDF/A of an issued document',
      description: 'Inline application/pdf. A document about a person is register data: every download is recorded in the access log (§ 40 BMG) with the case number as purpose.',
      params: z.object({ id: z.string().max(64).describe('Document id (UUID)') }),
    },
  }, async (request, reply) => {
    const document = await readDocumentPdf(ctx, principalOf(request), request.params.id);
    const filename = `${document.title.replace(/[^\p{L}\p{N} ._-]/gu, '').trim().replace(/\s+/g, '-') || 'dokument'}.pdf`;
    return reply
      .type('application/pdf')
      .header('content-disposition', `inline; filename="${filename.replace(/[^\x20-\x7e]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(filename)}`)
      .header('cache-control', 'no-store')
      .send(Buffer.from(document.pdf.buffer, document.pdf.byteOffset, document.pdf.byteLength));
  });

  app.post('/api/documents/:id/revoke', {
    config: { access: 'cases.review' },
    schema: {
      tags: ['documents'],
      summary: 'Revoke a certificate (issued in error, replaced)',
      description: 'From now on the verify page answers "revoked" with the date and reason, and no longer shows the certified fields. The stored PDF is kept as issued.',
      params: z.object({ id: z.string().max(64).describe('Document id (UUID)') }),
      body: z.object({ reason: z.string().max(500).describe('Why, e.g. "irrtümlich ausgestellt", "ersetzt durch BK-…"') }),
      response: { 200: z.object({ code: z.string(), revokedAt: z.string() }), 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody, 409: errorBody },
    },
  }, async (request) => revokeDocument(ctx.database.db, {
    municipalityId: principalOf(request).municipalityId, documentId: request.params.id, reason: request.body.reason, at: ctx.now(),
  }));

  app.get('/api/settings/profile', {
    config: { access: 'settings.manage' },
    schema: {
      tags: ['documents'],
      summary: 'How the municipality appears on documents',
      description: 'Authority name, Behördenkennzahl, place, address, contact, letterhead and Dienstsiegel (base64 PNG). Defaults until an admin saves a profile.',
      response: { 200: profileSchema, 401: errorBody, 403: errorBody },
    },
  }, async (request) => presentProfile(await getMunicipalityProfile(ctx.database.db, principalOf(request).municipalityId)));

  app.put('/api/settings/profile', {
    config: { access: 'settings.manage' },
    schema: {
      tags: ['documents'],
      summary: 'Change how the municipality appears on documents',
      description: 'Replaces the whole profile. Images are checked (PNG, size, proportions) and tried in a sample PDF before they are stored; 422 names the field and how to fix it.',
      body: profileSchema,
      response: { 200: profileSchema, 400: errorBody, 401: errorBody, 403: errorBody, 422: errorBody },
    },
  }, async (request) => presentProfile(await updateMunicipalityProfile(ctx, principalOf(request).municipalityId, request.body)));

  app.get('/api/verify/:code', {
    config: { access: 'public', rateLimit: verifyRateLimit },
    schema: {
      tags: ['documents'],
      summary: 'Verify a certificate by its Prüfcode (public)',
      description: 'genuine / revoked / token_mismatch / unknown. With t (the token from the QR code) the issuer\'s Ed25519 signature is checked. ' +
        'A genuine answer carries exactly the certified fields the document prints, nothing more. 404 for unknown codes.',
      params: verifyParams,
      querystring: verifyQuery,
      response: { 200: verificationSchema, 404: verificationSchema, 429: errorBody },
    },
  }, async (request, reply) => {
    const result = await verifyDocument(ctx.database.db, { code: request.params.code, token: request.query.t });
    return reply.code(result.status === 'unknown' ? 404 : 200).header('cache-control', 'no-store').send(result);
  });

  app.get('/verify', {
    config: { access: 'public', rateLimit: verifyRateLimit },
    schema: { hide: true, querystring: z.object({ code: z.string().max(40).optional() }) },
  }, async (request, reply) => {
    const typed = request.query.code?.trim();
    if (typed) return reply.redirect(`/verify/${encodeURIComponent(typed)}`, 303);
    return reply.type('text/html; charset=utf-8').send(renderVerifyForm());
  });

  app.get('/verify/:code', {
    config: { access: 'public', rateLimit: verifyRateLimit },
    schema: { hide: true, params: verifyParams, querystring: verifyQuery },
  }, async (request, reply) => {
    const result = await verifyDocument(ctx.database.db, { code: request.params.code, token: request.query.t });
    return reply
      .code(result.status === 'unknown' ? 404 : 200)
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-store')
      .send(renderVerifyPage(result, request.params.code));
  });
};

