import type { AreaRoutes } from '../platform/http/types.ts';

export const auditRoutes: AreaRoutes = async () => {};
