// Pieces every area's routes share: the error response schema and the signed-in principal.
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Principal } from '../../identity/principal.ts';
import { unauthenticated } from '../errors.ts';

/** The body of every error answer (see the error handler in server.ts). */
export const errorBody = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.record(z.string(), z.unknown()).optional() }),
});

/** The server has checked access before the handler runs; this only narrows the type. */
export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw unauthenticated();
  return request.principal;
}
