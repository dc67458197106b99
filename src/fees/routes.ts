import { z } from 'zod';
import { serviceIds } from '../catalogue/services.ts';
import type { AreaRoutes } from '../platform/http/types.ts';
import { registerToday } from '../register/dates.ts';
import { addFeeTableVersion, listFeeTables, loadFeeTables } from './fee-tables.ts';
import { federalLineCodes, municipalLineCodes } from './fee-lines.ts';
import { quoteInputFrom, waiverNames } from './quote-request.ts';
import { quoteFee, tableValidOn } from './quote.ts';
import { errorBody, principalOf } from '../platform/http/route-helpers.ts';

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a day YYYY-MM-DD');
const flag = z.enum(['true', 'false']).optional();

const quoteQuery = z.object({
  service: z.enum(serviceIds).describe('Service id of the catalogue'),
  birthDate: z.string().regex(/^\d{4}(-\d{2}(-\d{2})?)?$/, 'must be YYYY-MM-DD, or YYYY-MM / YYYY as the register keeps it').optional()
    .describe('Birth date of the data subject; required for Personalausweis and Reisepass (the fee depends on the age at application)'),
  on: day.optional().describe('Application date; default: today (Europe/Berlin)'),
  photoByAuthority: flag.describe('The authority takes the photo (+6 € per document)'),
  postalDelivery: flag.describe('The document is sent by post (+15 €; not for provisional documents)'),
  outsideOfficeHours: flag.describe('Outside office hours on the citizen\'s request (PA +13 €, Pass doubled)'),
  notCompetent: flag.describe('Not the authority of the Hauptwohnung (PA +13 €, Pass doubled)'),
  passport48Pages: flag.describe('Reisepass with 48 pages'),
  express: flag.describe('Reisepass in express production'),
  extended: flag.describe('Extended Meldebescheinigung (§ 18 Abs. 2 BMG)'),
  pages: z.string().max(10).optional().describe('Beglaubigung of copies: number of pages (1–9999)'),
  signatures: z.string().max(10).optional().describe('Beglaubigung of signatures: number of signatures (1–9999)'),
  waiver: z.enum(waiverNames).optional().describe('Fee waiver: beduerftigkeit, or pension (= pension_or_social_purpose)'),
  reason: z.string().max(500).optional().describe('Reason for the waiver, recorded with the case (required with a waiver)'),
});

const waiverSchema = z.object({ kind: z.enum(['beduerftigkeit', 'pension_or_social_purpose']), reason: z.string() });

export const feeQuoteSchema = z.object({
  serviceId: z.enum(serviceIds),
  applicationDate: z.string(),
  ageAtApplication: z.number().int().nullable().describe('Null when the birth date is unknown or too incomplete to fix the age'),
  items: z.array(z.object({
    code: z.string(),
    label: z.string(),
    amountCents: z.number().int(),
    legalBasis: z.string(),
    quantity: z.number().int().optional(),
    unitCents: z.number().int().optional(),
  })),
  totalCents: z.number().int(),
  waived: waiverSchema.nullable(),
  split: z.object({ municipalityCents: z.number().int(), federalCents: z.number().int() }).nullable()
    .describe('Führungszeugnis: 2/5 stay with the Meldebehörde, 3/5 go to the Bundeskasse'),
  tables: z.array(z.object({ id: z.string(), validFrom: z.string(), validUntil: z.string().nullable() })),
  notes: z.array(z.string()).optional(),
});

const lineSchema = z.object({
  code: z.string().max(100),
  label: z.string().max(500),
  amountCents: z.number().describe('Whole euro cents, e.g. 1000 for 10,00 €'),
  legalBasis: z.string().max(500),
  pensionOrSocialPurposeFree: z.boolean().optional().describe('Municipal lines: free for pension or social-benefit purposes'),
});

const versionSchema = z.object({
  id: z.string(),
  kind: z.enum(['federal', 'municipal']),
  source: z.enum(['builtin', 'stored']),
  validFrom: z.string(),
  validUntil: z.string().nullable(),
  lines: z.array(lineSchema),
  createdAt: z.string().nullable(),
  createdByName: z.string(),
  inForceToday: z.boolean().describe('This version prices applications made today'),
});

export const feeRoutes: AreaRoutes = async (app, ctx) => {
  app.get('/api/fees/quote', {
    config: { access: 'cases.read' },
    schema: {
      tags: ['fees'],
      summary: 'Itemised fee of a service, as a case would be charged',
      description: 'Priced from the fee table versions of the signed-in user\'s municipality valid on the application date ' +
        '(stored versions, else the built-in ones). The same as `buergerkoffer fees quote`. Errors: FEE_INPUT_INVALID (400, ' +
        'details.field names the input), FEE_NO_TABLE (422, no version covers the day), FEE_WAIVER_NOT_APPLICABLE (422).',
      querystring: quoteQuery,
      response: { 200: feeQuoteSchema, 400: errorBody, 422: errorBody },
    },
  }, async (request) => {
    const { municipalityId } = principalOf(request);
    const q = request.query;
    const input = quoteInputFrom({
      service: q.service,
      birthDate: q.birthDate,
      on: q.on ?? registerToday(ctx.now()),
      photoByAuthority: q.photoByAuthority === 'true',
      postalDelivery: q.postalDelivery === 'true',
      outsideOfficeHours: q.outsideOfficeHours === 'true',
      notCompetent: q.notCompetent === 'true',
      passport48Pages: q.passport48Pages === 'true',
      express: q.express === 'true',
      extended: q.extended === 'true',
      pages: q.pages,
      signatures: q.signatures,
      waiver: q.waiver,
      reason: q.reason,
    });
    return quoteFee(input, await loadFeeTables(ctx.database.db, municipalityId));
  });

  app.get('/api/settings/fee-tables', {
    config: { access: 'settings.manage' },
    schema: {
      tags: ['fees'],
      summary: 'Fee table versions of the municipality, stored and built-in',
      description: 'By kind (federal, municipal) and start date. On a given day a stored version wins over a built-in one; ' +
        'lineCodes lists the lines every version of a kind must have.',
      response: {
        200: z.object({
          versions: z.array(versionSchema),
          lineCodes: z.object({ federal: z.array(z.string()), municipal: z.array(z.string()) }),
        }),
      },
    },
  }, async (request) => {
    const { municipalityId } = principalOf(request);
    const db = ctx.database.db;
    const [versions, set] = [await listFeeTables(db, municipalityId), await loadFeeTables(db, municipalityId)];
    const today = registerToday(ctx.now());
    const inForce = new Set([tableValidOn(set, 'federal', today)?.id, tableValidOn(set, 'municipal', today)?.id]);
    return {
      versions: versions.map((version) => ({ ...version, inForceToday: inForce.has(version.id) })),
      lineCodes: { federal: [...federalLineCodes], municipal: [...municipalLineCodes] },
    };
  });

  app.post('/api/settings/fee-tables', {
    config: { access: 'settings.manage' },
    schema: {
      tags: ['fees'],
      summary: 'Store a new fee table version',
      description: 'The version has every line of its kind exactly once (amounts in whole cents) and starts after the newest ' +
        'stored version of its kind, which is closed the day before. Versions are only added, never changed: quotes frozen ' +
        'on cases keep naming the version they used. Errors: FEE_TABLE_INVALID (400; 409 when the start date conflicts).',
      body: z.object({
        kind: z.enum(['federal', 'municipal']),
        validFrom: day.describe('First day the version applies'),
        lines: z.array(lineSchema).max(100),
      }),
      response: { 201: z.object({ version: versionSchema.omit({ inForceToday: true }) }), 400: errorBody, 409: errorBody },
    },
  }, async (request, reply) => {
    const principal = principalOf(request);
    const version = await addFeeTableVersion(ctx.database.db, {
      municipalityId: principal.municipalityId,
      kind: request.body.kind,
      validFrom: request.body.validFrom,
      lines: request.body.lines,
      actor: { id: principal.userId, name: `${principal.displayName} (${principal.username})` },
    });
    return reply.code(201).send({ version });
  });
};
