import type { AreaRoutes } from '../platform/http/types.ts';

export const planningRoutes: AreaRoutes = async () => {};
