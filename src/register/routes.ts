import type { AreaRoutes } from '../platform/http/types.ts';

export const registerRoutes: AreaRoutes = async () => {};
