import type { FastifyBaseLogger, FastifyInstance, FastifyRequest, RawReplyDefaultExpression, RawRequestDefaultExpression, RawServerDefault } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Access } from '../../identity/policies.ts';
import type { Principal } from '../../identity/principal.ts';
import type { AppContext } from '../context.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** What the route requires; every /api route must say it (checked at start-up). */
    access?: Access;
  }
  interface FastifyRequest {
    /** The signed-in staff member, or null. Set before any handler runs. */
    principal: Principal | null;
  }
}

export type App = FastifyInstance<RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, FastifyBaseLogger, ZodTypeProvider>;

/** Each area contributes its routes through one function of this shape. */
export type AreaRoutes = (app: App, ctx: AppContext) => Promise<void>;

/** Resolves the principal of a request from its session cookie (implemented by identity/). */
export type Authenticator = (request: FastifyRequest) => Promise<Principal | null>;
