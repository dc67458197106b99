import { z } from 'zod';
import type { AreaRoutes } from '../../platform/http/types.ts';
import { inboundStatuses, listInboundMails, listRequestCorrespondence } from './correspondence.ts';
import { pollMailInbox } from './poll-inbox.ts';
import { sendRequestMail } from './send-request-mail.ts';
import { errorBody, principalOf } from '../../platform/http/route-helpers.ts';

const idParams = z.object({ id: z.uuid().describe('The visit request id') });

const correspondenceItem = z.discriminatedUnion('direction', [
  z.object({
    direction: z.literal('in'), id: z.uuid(), at: z.string(), from: z.string(), fromName: z.string().nullable(), subject: z.string(), text: z.string(),
    status: z.string().describe('new (made the request) | linked (a later mail in its thread) | bounced (a delivery failure of one of our mails)'), messageId: z.string(),
  }),
  z.object({
    direction: z.literal('out'), id: z.uuid(), at: z.string(), kind: z.string(), channel: z.string().describe('email | letter'), recipient: z.string(),
    subject: z.string().nullable(), status: z.string().describe('queued | sent | failed'), error: z.string().nullable(), messageId: z.string().nullable(),
    inReplyTo: z.string().nullable(), documentId: z.uuid().nullable(), sentAt: z.string().nullable(),
  }),
]);

const pollResult = z.object({
  fetched: z.number().int().describe('New mails read'),
  created: z.number().int().describe('Draft requests made'),
  linked: z.number().int().describe('Mails added to the request they answer'),
  bounced: z.number().int().describe('Bounces: our mail marked failed with the reason (a letter queued for a tour confirmation or reminder), or kept for the dispatcher when the original is unknown'),
  ignored: z.number().int().describe('Copies of mails already taken in'),
  failed: z.number().int().describe('Unreadable mails, kept with an error'),
});

/** The intake inbox and the mail thread of each request. */
export const mailRoutes: AreaRoutes = async (app, ctx) => {
  app.get('/api/visit-requests/:id/correspondence', {
    config: { access: 'requests.read' },
    schema: {
      tags: ['visit-requests'],
      summary: 'The mails and letters of a request, oldest first',
      description: 'Mails from the requester (in) and mails and letters sent to them (out), with delivery status and threading ids.',
      params: idParams,
      response: { 200: z.object({ reference: z.string(), items: z.array(correspondenceItem) }), 401: errorBody, 403: errorBody, 404: errorBody },
    },
  }, async (request) => listRequestCorrespondence(ctx, principalOf(request), request.params.id));

  app.post('/api/visit-requests/:id/reply', {
    config: { access: 'requests.write' },
    schema: {
      tags: ['visit-requests'],
      summary: 'Mail the requester',
      description: 'Sent to the requester\'s email address as a reply to their last mail (In-Reply-To, References), ' +
        'the reference in the subject. 409 REQUEST_NO_EMAIL when there is no address; 502 MAIL_NOT_SENT when the mail server refused (recorded as failed).',
      params: idParams,
      body: z.object({
        subject: z.string().trim().min(1).max(200),
        text: z.string().trim().min(1).max(20_000),
      }),
      response: { 201: z.object({ correspondenceId: z.uuid(), messageId: z.string() }), 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody, 409: errorBody, 502: errorBody },
    },
  }, async (request, reply) => {
    const sent = await sendRequestMail(ctx, principalOf(request), { requestId: request.params.id, kind: 'reply', subject: request.body.subject, text: request.body.text });
    return reply.code(201).send(sent);
  });

  app.get('/api/mail/inbound', {
    config: { access: 'requests.read' },
    schema: {
      tags: ['mail'],
      summary: 'The intake inbox, newest first',
      description: 'Every mail read from IMAP_URL and what became of it: new (a draft request), linked, bounced (a delivery failure, the reason in error; without a request when the bounced mail is unknown), ignored (a copy, a delay notice), failed (with the error; open the request by hand).',
      querystring: z.object({
        status: z.enum(inboundStatuses).optional(),
        page: z.coerce.number().int().min(1).max(1_000_000).default(1),
        pageSize: z.coerce.number().int().min(1).max(200).default(50),
      }),
      response: {
        200: z.object({
          mails: z.array(z.object({
            id: z.uuid(), receivedAt: z.string(), fromAddress: z.string(), fromName: z.string().nullable(), subject: z.string(), excerpt: z.string(),
            status: z.string(), error: z.string().nullable(), requestId: z.uuid().nullable(), reference: z.string().nullable(),
          })),
          total: z.number().int(), page: z.number().int(), pageSize: z.number().int(),
        }),
        400: errorBody, 401: errorBody, 403: errorBody,
      },
    },
  }, async (request) => listInboundMails(ctx, principalOf(request), request.query));

  app.post('/api/mail/poll', {
    config: { access: 'requests.write' },
    schema: {
      tags: ['mail'],
      summary: 'Read the intake mailbox now',
      description: 'What the server does every IMAP_POLL_SECONDS. 409 MAIL_INTAKE_OFF without IMAP_URL; 502 MAIL_INBOX_UNREACHABLE when the mail server cannot be read.',
      response: { 200: pollResult, 401: errorBody, 403: errorBody, 409: errorBody, 502: errorBody },
    },
  }, async (request) => {
    const principal = principalOf(request);
    const result = await pollMailInbox(ctx, principal.municipalityId);
    request.log.info({ by: principal.username, ...result }, 'mail inbox polled on request');
    return result;
  });
};
