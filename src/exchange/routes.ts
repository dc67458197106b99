import { z } from 'zod';
import type { AreaRoutes } from '../platform/http/types.ts';
import { getOutboxMessage } from './get-outbox-message.ts';
import { listOutbox } from './list-outbox.ts';
import { cancelOutboxMessage, retryOutboxMessage } from './manage-outbox-message.ts';
import { outboundKinds, outboxListSchema, outboxMessageDetailSchema, outboxMessageSummarySchema } from './outbox-view.types.ts';
import { outboundStatuses } from './schema.ts';
import { errorBody, principalOf } from '../platform/http/route-helpers.ts';

const idParams = z.object({ id: z.string().max(64).describe('The message id (UUID)') });
const reasonBody = z.object({ reason: z.string().max(500).describe('Why (at least 3 characters): recorded with the action in the access log') });

/** The clerk's outbox: what left or is leaving for the Bundesdruckerei, other Meldebehörden and the Bundesamt für Justiz. */
export const exchangeRoutes: AreaRoutes = async (app, ctx) => {
  app.get('/api/outbox', {
    config: { access: 'outbox.read' },
    schema: {
      tags: ['outbox'],
      summary: 'Outgoing messages, newest first',
      description: 'Status, attempts, last error, due day and the overdue flag (a Rückmeldung must leave within 3 working days, § 33 BMG). ' +
        'No payload and no personal data beyond the recipient authority.',
      querystring: z.object({
        status: z.enum(outboundStatuses).optional(),
        kind: z.enum(outboundKinds).optional(),
        caseId: z.uuid().optional().describe('Only the messages of this case'),
        overdue: z.enum(['true', 'false']).optional().describe('true: only messages past their due day that have not gone out'),
        page: z.coerce.number().int().min(1).max(1_000_000).default(1),
        pageSize: z.coerce.number().int().min(1).max(200).default(50),
      }),
      response: { 200: outboxListSchema, 400: errorBody, 401: errorBody, 403: errorBody },
    },
  }, async (request) => {
    const { overdue, ...rest } = request.query;
    return listOutbox(ctx, principalOf(request), { ...rest, overdue: overdue === 'true' });
  });

  app.get('/api/outbox/:id', {
    config: { access: 'outbox.read' },
    schema: {
      tags: ['outbox'],
      summary: 'One outgoing message with its delivery attempts',
      description: 'The payload holds personal data: it is shown to roles that may read the register (including blocked records) ' +
        'and each such read is recorded in the access log (§ 40 BMG); other roles get payload null and payloadWithheld true. ' +
        'Attempts carry the SHA-256 and size of what was sent, never the bytes.',
      params: idParams,
      querystring: z.object({ purpose: z.string().max(200).optional().describe('Reason or Aktenzeichen, recorded in the access log') }),
      response: { 200: outboxMessageDetailSchema, 401: errorBody, 403: errorBody, 404: errorBody },
    },
  }, async (request) => getOutboxMessage(ctx, principalOf(request), request.params.id, request.query.purpose ? { purpose: request.query.purpose } : {}));

  app.post('/api/outbox/:id/retry', {
    config: { access: 'outbox.manage' },
    schema: {
      tags: ['outbox'],
      summary: 'Send a failed, rejected or waiting message again, now',
      description: 'Who retried is recorded in the access log, with the reason when one is given.',
      params: idParams,
      body: z.object({ reason: z.string().max(500).optional().describe('Why, e.g. "disk space freed"; recorded in the access log') }).optional(),
      response: { 200: outboxMessageSummarySchema, 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody, 409: errorBody },
    },
  }, async (request) => retryOutboxMessage(ctx, principalOf(request), request.params.id, request.body ?? {}));

  app.post('/api/outbox/:id/cancel', {
    config: { access: 'outbox.manage' },
    schema: {
      tags: ['outbox'],
      summary: 'Cancel a message that has not been delivered',
      description: 'Final. The case no longer waits for it (it becomes transmitted when its other messages are delivered).',
      params: idParams,
      body: reasonBody,
      response: { 200: outboxMessageSummarySchema, 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody, 409: errorBody },
    },
  }, async (request) => cancelOutboxMessage(ctx, principalOf(request), request.params.id, request.body));
};
