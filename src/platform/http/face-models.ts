import { createRequire } from 'node:module';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { App } from './types.ts';

/**
 * The face model of the photo pre-check for the browser (web/src/kit/PhotoCapture.tsx): the
 * weights human ships in node_modules, served from disk under /models/human/ so the field UI
 * never reaches a CDN (the CSP's connect-src 'self' allows exactly this). Only the three models
 * the pre-check loads are served; the browser runs them on WebGL, which needs no WASM and no
 * 'wasm-unsafe-eval'. Not under /api: static files without session, like the web app's assets.
 */
export const faceModelsPrefix = '/models/human/';

/** The models the pre-check needs: face box, mesh (head angles) and iris. */
const served = new Set(['blazeface', 'facemesh', 'iris'].flatMap((name) => [`/${name}.json`, `/${name}.bin`]));

export function faceModelsDir(): string {
  const require = createRequire(import.meta.url);
  return path.join(path.dirname(require.resolve('@vladmandic/human')), '..', 'models');
}

export async function serveFaceModels(app: App): Promise<void> {
  await app.register(fastifyStatic, {
    root: faceModelsDir(),
    prefix: faceModelsPrefix,
    // The web app's registration decorates the reply already.
    decorateReply: false,
    wildcard: false,
    index: false,
    allowedPath: (pathName) => served.has(pathName),
    // The weights change only with an update of human; a day in the cache spares the kit's uplink.
    maxAge: 24 * 60 * 60 * 1000,
  });
}
