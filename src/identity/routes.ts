import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../platform/context.ts';
import { unauthenticated } from '../platform/errors.ts';
import type { AreaRoutes } from '../platform/http/types.ts';
import { sessionTokenOf } from './authenticate.ts';
import { signIn, signInSecondFactor, signOut, type ClientInfo } from './login.ts';
import { passwordMaxLength } from './passwords.ts';
import { permissions, roles, type Permission } from './policies.ts';
import { confirmTotpEnrolment, startTotpEnrolment } from './second-factor.ts';
import { sessionCookieName, type NewSession } from './sessions.ts';
import {
  changeOwnPassword, createStaffUser, describeSignedIn, getStaffUser, listStaffUsers, removeSecondFactor, resetStaffPassword, updateStaffUser,
} from './users.ts';
import { errorBody, principalOf } from '../platform/http/route-helpers.ts';

const signedInUserSchema = z.object({
  id: z.uuid(),
  username: z.string(),
  displayName: z.string(),
  email: z.string().nullable(),
  roles: z.array(z.enum(roles)),
  permissions: z.array(z.enum(permissions as [Permission, ...Permission[]])),
  hasSecondFactor: z.boolean(),
});

const staffUserSchema = z.object({
  id: z.uuid(),
  username: z.string(),
  displayName: z.string(),
  email: z.string().nullable(),
  roles: z.array(z.enum(roles)),
  disabled: z.boolean(),
  hasSecondFactor: z.boolean(),
  lockedUntil: z.string().nullable().describe('While locked after failed sign-ins (ISO 8601)'),
  createdAt: z.string(),
});

const municipalitySchema = z.object({ name: z.string(), ags: z.string().describe('Amtlicher Gemeindeschlüssel') });
const signedIn = z.object({ status: z.literal('ok'), user: signedInUserSchema, municipality: municipalitySchema, csrfToken: z.string() });
const totpCode = z.string().min(6).max(10).describe('The 6-digit code from the authenticator app');
const password = z.string().min(1).max(passwordMaxLength * 4);
const userIdParams = z.object({ id: z.uuid() });
const noContent = z.null().describe('Done');

function clientOf(request: FastifyRequest): ClientInfo {
  return { ip: request.ip, userAgent: request.headers['user-agent'] ?? null };
}

function setSessionCookie(reply: FastifyReply, ctx: AppContext, session: NewSession): void {
  reply.setCookie(sessionCookieName, session.token, {
    httpOnly: true, sameSite: 'strict', secure: ctx.config.cookieSecure, path: '/', expires: session.expiresAt,
  });
}

function clearSessionCookie(reply: FastifyReply, ctx: AppContext): void {
  reply.clearCookie(sessionCookieName, { httpOnly: true, sameSite: 'strict', secure: ctx.config.cookieSecure, path: '/' });
}

export const identityRoutes: AreaRoutes = async (app, ctx) => {
  const rateLimit = { max: ctx.config.loginRateLimitPerMinute, timeWindow: '1 minute' };

  app.post('/api/auth/login', {
    config: { access: 'public', rateLimit },
    schema: {
      tags: ['identity'],
      summary: 'Sign in with username and password',
      description: 'Sets the bk_session cookie. When the account has a second factor, the session only allows POST /api/auth/second-factor next.',
      body: z.object({ username: z.string().min(1).max(100), password }),
      response: {
        200: z.discriminatedUnion('status', [signedIn, z.object({ status: z.literal('second_factor_required'), csrfToken: z.string() })]),
        401: errorBody, 403: errorBody, 423: errorBody, 429: errorBody,
      },
    },
  }, async (request, reply) => {
    const result = await signIn(ctx, { ...request.body, replacesSessionToken: sessionTokenOf(request) }, clientOf(request));
    setSessionCookie(reply, ctx, result.session);
    return result.status === 'ok'
      ? { status: 'ok' as const, user: result.user, municipality: result.municipality, csrfToken: result.session.csrfToken }
      : { status: 'second_factor_required' as const, csrfToken: result.session.csrfToken };
  });

  app.post('/api/auth/second-factor', {
    config: { access: 'public', rateLimit },
    schema: {
      tags: ['identity'],
      summary: 'Finish signing in with the authenticator code',
      description: 'Needs the session cookie from the password step and its csrfToken as X-CSRF-Token. Issues a new session cookie.',
      body: z.object({ code: totpCode }),
      response: { 200: signedIn, 400: errorBody, 401: errorBody, 403: errorBody, 423: errorBody, 429: errorBody },
    },
  }, async (request, reply) => {
    const csrfHeader = request.headers['x-csrf-token'];
    const result = await signInSecondFactor(ctx, {
      sessionToken: sessionTokenOf(request),
      csrfToken: typeof csrfHeader === 'string' ? csrfHeader : undefined,
      code: request.body.code,
    }, clientOf(request));
    setSessionCookie(reply, ctx, result.session);
    return { status: 'ok' as const, user: result.user, municipality: result.municipality, csrfToken: result.session.csrfToken };
  });

  app.post('/api/auth/logout', {
    config: { access: 'authenticated' },
    schema: { tags: ['identity'], summary: 'Sign out (ends the session)', response: { 204: noContent } },
  }, async (request, reply) => {
    await signOut(ctx.database.db, principalOf(request).sessionId);
    clearSessionCookie(reply, ctx);
    return reply.code(204).send(null);
  });

  app.get('/api/auth/me', {
    config: { access: 'public' },
    schema: {
      tags: ['identity'],
      summary: 'The signed-in staff member, with roles and permissions',
      response: { 200: z.object({ user: signedInUserSchema, municipality: municipalitySchema, csrfToken: z.string() }), 401: errorBody },
    },
  }, async (request) => {
    if (!request.principal) throw unauthenticated();
    return { ...(await describeSignedIn(ctx, request.principal.userId)), csrfToken: request.principal.csrfToken };
  });

  app.post('/api/auth/password', {
    config: { access: 'authenticated' },
    schema: {
      tags: ['identity'],
      summary: 'Change the own password',
      description: 'Ends all other sessions of the user.',
      body: z.object({ currentPassword: password, newPassword: password }),
      response: { 204: noContent, 400: errorBody },
    },
  }, async (request, reply) => {
    await changeOwnPassword(ctx, principalOf(request), request.body.currentPassword, request.body.newPassword);
    return reply.code(204).send(null);
  });

  app.post('/api/auth/totp/setup', {
    config: { access: 'authenticated' },
    schema: {
      tags: ['identity'],
      summary: 'Start setting up an authenticator app (TOTP)',
      description: 'Returns a new seed; it becomes active only after POST /api/auth/totp/confirm with a code from it.',
      response: { 200: z.object({ secret: z.string(), otpauthUrl: z.string() }), 409: errorBody },
    },
  }, async (request) => startTotpEnrolment(ctx, principalOf(request)));

  app.post('/api/auth/totp/confirm', {
    config: { access: 'authenticated' },
    schema: {
      tags: ['identity'],
      summary: 'Activate the authenticator app with a code from it',
      body: z.object({ code: totpCode }),
      response: { 200: z.object({ user: signedInUserSchema }), 400: errorBody, 409: errorBody },
    },
  }, async (request) => ({ user: await confirmTotpEnrolment(ctx, principalOf(request), request.body.code) }));

  app.get('/api/admin/users', {
    config: { access: 'users.manage' },
    schema: {
      tags: ['identity'],
      summary: 'Staff accounts of the municipality',
      response: { 200: z.object({ users: z.array(staffUserSchema) }) },
    },
  }, async (request) => ({ users: await listStaffUsers(ctx, principalOf(request).municipalityId) }));

  app.post('/api/admin/users', {
    config: { access: 'users.manage' },
    schema: {
      tags: ['identity'],
      summary: 'Create a staff account',
      body: z.object({
        username: z.string().min(1).max(100),
        displayName: z.string().min(1).max(200),
        email: z.string().max(254).nullable().optional(),
        password,
        roles: z.array(z.enum(roles)).min(1),
      }),
      response: { 201: z.object({ user: staffUserSchema }), 400: errorBody, 409: errorBody },
    },
  }, async (request, reply) => {
    const { municipalityId } = principalOf(request);
    const { id } = await createStaffUser(ctx, { ...request.body, municipalityId });
    return reply.code(201).send({ user: await getStaffUser(ctx, municipalityId, id) });
  });

  app.patch('/api/admin/users/:id', {
    config: { access: 'users.manage' },
    schema: {
      tags: ['identity'],
      summary: 'Change name, email, roles or the disabled flag of a staff account',
      description: 'Disabling ends the user\'s sessions at once. Admins cannot remove their own admin role or disable themselves.',
      params: userIdParams,
      body: z.object({
        displayName: z.string().min(1).max(200).optional(),
        email: z.string().max(254).nullable().optional(),
        roles: z.array(z.enum(roles)).min(1).optional(),
        disabled: z.boolean().optional(),
      }),
      response: { 200: z.object({ user: staffUserSchema }), 400: errorBody, 404: errorBody, 409: errorBody },
    },
  }, async (request) => ({ user: await updateStaffUser(ctx, principalOf(request), request.params.id, request.body) }));

  app.post('/api/admin/users/:id/password', {
    config: { access: 'users.manage' },
    schema: {
      tags: ['identity'],
      summary: 'Set a new password for a staff account',
      description: 'Also lifts a lockout and ends the user\'s sessions.',
      params: userIdParams,
      body: z.object({ password }),
      response: { 204: noContent, 400: errorBody, 404: errorBody },
    },
  }, async (request, reply) => {
    await resetStaffPassword(ctx, principalOf(request), request.params.id, request.body.password);
    return reply.code(204).send(null);
  });

  app.delete('/api/admin/users/:id/second-factor', {
    config: { access: 'users.manage' },
    schema: {
      tags: ['identity'],
      summary: 'Remove the second factor of a staff account (lost phone)',
      params: userIdParams,
      response: { 200: z.object({ user: staffUserSchema }), 404: errorBody },
    },
  }, async (request) => ({ user: await removeSecondFactor(ctx, principalOf(request), request.params.id) }));
};
