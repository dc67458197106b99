import { z } from 'zod';
import type { AppContext } from '../../platform/context.ts';
import type { App } from '../../platform/http/types.ts';
import { maxNameLength } from './query.ts';
import { defaultSearchLimit, maxSearchLimit, searchPersons } from './search-persons.ts';
import { errorBody, principalOf } from '../../platform/http/route-helpers.ts';

export const searchHitSchema = z.object({
  personId: z.uuid(),
  familyName: z.string(),
  givenNames: z.array(z.string()),
  preferredGivenName: z.string().nullable().describe('The gebräuchlicher Vorname, when one is marked'),
  doctoralDegree: z.string().nullable(),
  birthDate: z.string().nullable().describe('YYYY, YYYY-MM or YYYY-MM-DD: register dates may be partial'),
  sex: z.string().describe('m, w, d or x (ohne Angabe)'),
  dateOfDeath: z.string().nullable(),
  address: z.object({ street: z.string(), houseNumber: z.string(), postcode: z.string(), city: z.string() }).nullable()
    .describe('The current Hauptwohnung'),
  score: z.number().describe('0–1: how well the name matches; 1 when every part was typed exactly'),
  blocked: z.object({ kinds: z.array(z.string()) }).nullable()
    .describe('Active Auskunftssperre (§ 51 BMG) or bedingter Sperrvermerk (§ 52); such persons are only returned to staff allowed to see them'),
});

const searchQuerystring = z.object({
  name: z.string().max(maxNameLength).describe('Name as typed: "Hans Müller", "Mueller", "Schmidt, Hans", "Must"'),
  birthDate: z.string().max(20).optional().describe('1950, 1950-06, 1950-06-17, 17.06.1950 or 06.1950'),
  address: z.string().max(200).optional().describe('Street of the current residence, optionally with house number: "Hauptstr. 12"'),
  limit: z.coerce.number().int().min(1).max(maxSearchLimit).default(defaultSearchLimit),
  purpose: z.string().max(200).optional().describe('Reason or Aktenzeichen, recorded in the access log (§ 40 BMG)'),
});

export async function registerSearchRoutes(app: App, ctx: AppContext): Promise<void> {
  app.get('/api/register/persons', {
    config: { access: 'register.search' },
    schema: {
      tags: ['register'],
      summary: 'Search persons in the Melderegister by name',
      description: 'Tolerates typos, missing umlauts (Mueller, Muller), sound-alike spellings (Meier/Mayer), swapped order and unfinished input. ' +
        'Every search is recorded in the access log; persons under an Auskunftssperre or bedingtem Sperrvermerk are left out unless the role may see them.',
      querystring: searchQuerystring,
      response: { 200: z.object({ hits: z.array(searchHitSchema) }), 400: errorBody, 401: errorBody, 403: errorBody },
    },
  }, async (request) => searchPersons(ctx, principalOf(request), request.query));
}
