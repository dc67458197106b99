import type { AreaRoutes } from '../platform/http/types.ts';
import { registerSearchRoutes } from './search/routes.ts';

export const registerRoutes: AreaRoutes = async (app, ctx) => {
  await registerSearchRoutes(app, ctx);
};
