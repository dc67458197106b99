import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import fastifyCookie from '@fastify/cookie';
import fastifyHelmet from '@fastify/helmet';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import { sql } from 'drizzle-orm';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import Fastify, { type FastifyError, type FastifyReply, type FastifyRequest } from 'fastify';
import {
  hasZodFastifySchemaValidationErrors, isResponseSerializationError, jsonSchemaTransform, serializerCompiler, validatorCompiler,
} from 'fastify-type-provider-zod';
import { z } from 'zod';
import { can, type Access } from '../../identity/policies.ts';
import { AppError } from '../errors.ts';
import type { AppContext } from '../context.ts';
import { areaRoutes, createAuthenticator } from './areas.ts';
import { serveFaceModels } from './face-models.ts';
import type { App, AreaRoutes } from './types.ts';

const unsafeMethods = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export interface ServerOptions {
  /** Directory of the built web app; defaults to dist/web. */
  webRoot?: string;
  /** Told about every route as it is registered (the route × role test collects them). */
  onRoute?: (route: { method: string; url: string; access: Access | undefined }) => void;
  /** Routes of one face only (the kit's own routes in `buergerkoffer kit`). */
  extraRoutes?: AreaRoutes[];
}

/** Builds the Rathaus HTTP server: API, OpenAPI docs and the web app. */
export async function buildServer(ctx: AppContext, options: ServerOptions = {}): Promise<App> {
  const app = Fastify({
    loggerInstance: ctx.logger,
    trustProxy: true,
  }).withTypeProvider<ZodTypeProvider>() as unknown as App;
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(handleError);

  await app.register(fastifyHelmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        styleSrc: ["'self'", "'unsafe-inline'"],
        scriptSrc: ["'self'"],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
        upgradeInsecureRequests: null,
      },
    },
    strictTransportSecurity: ctx.config.cookieSecure,
  });
  await app.register(fastifyCookie);
  await app.register(fastifyRateLimit, { global: false });
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Bürgerkoffer Rathaus API',
        description: 'Central server of the Bürgerkoffer: Melderegister, access log, staff identity.',
        version: '0.1.0',
      },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'bk_session' } } },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs' });

  // Every API route must declare what it needs; a forgotten declaration stops the start.
  app.addHook('onRoute', (route) => {
    if (route.url.startsWith('/api/') && !route.url.startsWith('/api/docs') && route.url !== '/api/openapi.json' && !route.config?.access) {
      throw new Error(`Route ${String(route.method)} ${route.url} does not declare its access (config.access).`);
    }
    for (const method of [route.method].flat()) options.onRoute?.({ method, url: route.url, access: route.config?.access });
  });

  const authenticate = createAuthenticator(ctx);
  app.decorateRequest('principal', null);
  app.addHook('onRequest', async (request) => {
    const access = request.routeOptions.config.access;
    if (!access || access === 'public' || access === 'kit') {
      // Public routes still learn who is signed in (login page, "me").
      request.principal = await authenticate(request);
      return;
    }
    const principal = await authenticate(request);
    if (!principal) throw new AppError('UNAUTHENTICATED', 'Please sign in.', 401);
    request.principal = principal;
    if (unsafeMethods.has(request.method) && request.headers['x-csrf-token'] !== principal.csrfToken) {
      throw new AppError('CSRF_TOKEN_INVALID', 'The request lacks a valid X-CSRF-Token header. Reload the page and try again.', 403);
    }
    if (access !== 'authenticated' && !can(principal.roles, access)) {
      throw new AppError('FORBIDDEN', `Your role does not allow this (needs permission ${access}).`, 403);
    }
  });

  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  app.get('/api/health', {
    config: { access: 'public' },
    schema: { tags: ['platform'], summary: 'Liveness and database check', response: { 200: z.object({ status: z.literal('ok') }) } },
  }, async () => {
    await ctx.database.db.execute(sql`select 1`);
    return { status: 'ok' as const };
  });

  for (const register of [...areaRoutes, ...(options.extraRoutes ?? [])]) await register(app, ctx);

  await serveWebApp(app, options.webRoot ?? resolve('dist/web'));
  await serveFaceModels(app);
  return app;
}

async function serveWebApp(app: App, webRoot: string): Promise<void> {
  const indexHtml = join(webRoot, 'index.html');
  if (existsSync(indexHtml)) {
    await app.register(fastifyStatic, { root: webRoot, wildcard: false, index: ['index.html'] });
  }
  // Client-side routes (/suche, /personen/…) get the app shell; unknown API paths get JSON 404.
  app.setNotFoundHandler((request: FastifyRequest, reply: FastifyReply) => {
    if (request.method === 'GET' && !request.url.startsWith('/api/')) {
      if (existsSync(indexHtml)) return reply.type('text/html').sendFile('index.html');
      return reply.code(503).type('text/plain').send('The web app is not built yet. Run: npm run build');
    }
    return reply.code(404).send({ error: { code: 'NOT_FOUND', message: `No route ${request.method} ${request.url}.` } });
  });
}

function handleError(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  if (hasZodFastifySchemaValidationErrors(error)) {
    const issues = error.validation.map((issue) => ({
      path: `${error.validationContext ?? 'request'}${issue.instancePath.replaceAll('/', '.')}`,
      message: issue.message ?? 'is invalid',
    }));
    return reply.code(400).send({
      error: {
        code: 'VALIDATION_FAILED',
        message: `The request is invalid: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`,
        issues,
      },
    });
  }
  if (error instanceof AppError) {
    return reply.code(error.status).send({ error: { code: error.code, message: error.message, ...(error.details ? { details: error.details } : {}) } });
  }
  if (error.statusCode === 429) {
    return reply.code(429).send({ error: { code: 'RATE_LIMITED', message: 'Too many attempts. Wait a minute and try again.' } });
  }
  if (isResponseSerializationError(error)) {
    request.log.error({ err: error }, 'response does not match its schema');
    return reply.code(500).send({ error: { code: 'INTERNAL', message: 'Internal error; the incident was logged.' } });
  }
  if (error.statusCode && error.statusCode < 500) {
    return reply.code(error.statusCode).send({ error: { code: error.code ?? 'BAD_REQUEST', message: error.message } });
  }
  request.log.error({ err: error }, 'unhandled error');
  return reply.code(500).send({ error: { code: 'INTERNAL', message: 'Internal error; the incident was logged.' } });
}
