import { z } from 'zod';
import type { AppContext } from '../../platform/context.ts';
import { errorBody, principalOf } from '../../platform/http/route-helpers.ts';
import type { App } from '../../platform/http/types.ts';
import { listInstitutions } from './list-institutions.ts';

const institutionSchema = z.object({
  id: z.string(), name: z.string(), kind: z.string().describe('care_home | hospital | prison | disability_home'),
  street: z.string(), houseNumber: z.string(), postcode: z.string(), city: z.string(),
  phone: z.string().nullable(), email: z.string().nullable(),
  visitingHours: z.record(z.string(), z.array(z.tuple([z.string(), z.string()]))).describe('Per weekday (1 = Monday): [["09:30","11:30"], …]'),
});

export async function registerInstitutionRoutes(app: App, ctx: AppContext): Promise<void> {
  app.get('/api/institutions', {
    config: { access: 'requests.read' },
    schema: {
      tags: ['register'],
      summary: 'The municipality\'s institutions',
      description: 'Care homes, hospitals, prisons and homes for people with disabilities, with address and visiting hours: ' +
        'the places of Sammeltermine. Active ones only, by name.',
      response: { 200: z.object({ institutions: z.array(institutionSchema) }), 401: errorBody, 403: errorBody },
    },
  }, async (request) => ({ institutions: await listInstitutions(ctx.database.db, principalOf(request).municipalityId) }));
}
