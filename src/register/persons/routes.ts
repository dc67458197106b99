import { z } from 'zod';
import type { AppContext } from '../../platform/context.ts';
import type { App } from '../../platform/http/types.ts';
import { getPerson } from './get-person.ts';
import { personViewSchema } from './get-person.types.ts';
import { errorBody, principalOf } from '../../platform/http/route-helpers.ts';

export async function registerPersonRoutes(app: App, ctx: AppContext): Promise<void> {
  app.get('/api/register/persons/:id', {
    config: { access: 'register.read' },
    schema: {
      tags: ['register'],
      summary: 'A person\'s full register record',
      description: 'Names, birth, residences (current and earlier, with address and coordinates), ID documents with their validity, ' +
        'blocks and relations. Every read is recorded in the access log (§ 40 BMG). A person under an Auskunftssperre or bedingtem ' +
        'Sperrvermerk answers 404 to a role that may not see them, exactly like an unknown id.',
      params: z.object({ id: z.string().max(64).describe('The person id (UUID)') }),
      querystring: z.object({ purpose: z.string().max(200).optional().describe('Reason or Aktenzeichen, recorded in the access log') }),
      response: { 200: personViewSchema, 401: errorBody, 403: errorBody, 404: errorBody },
    },
  }, async (request) => getPerson(ctx, principalOf(request), request.params.id, request.query.purpose ? { purpose: request.query.purpose } : {}));
}
