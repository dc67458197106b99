import type { AreaRoutes } from '../platform/http/types.ts';

export const identityRoutes: AreaRoutes = async () => {};
