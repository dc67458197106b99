import type { AreaRoutes } from '../platform/http/types.ts';
import { registerImportRoutes } from './import/routes.ts';
import { registerInstitutionRoutes } from './institutions/routes.ts';
import { registerPersonRoutes } from './persons/routes.ts';
import { registerSearchRoutes } from './search/routes.ts';

export const registerRoutes: AreaRoutes = async (app, ctx) => {
  await registerSearchRoutes(app, ctx);
  await registerPersonRoutes(app, ctx);
  await registerImportRoutes(app, ctx);
  await registerInstitutionRoutes(app, ctx);
};
