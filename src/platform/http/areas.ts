// The areas that contribute HTTP routes, in one list so the server and the route × role test see the same set.
import { auditRoutes } from '../../audit/routes.ts';
import { caseRoutes } from '../../cases/routes.ts';
import { catalogueRoutes } from '../../catalogue/routes.ts';
import { deviceRoutes } from '../../devices/routes.ts';
import { documentRoutes } from '../../documents/routes.ts';
import { exchangeRoutes } from '../../exchange/routes.ts';
import { feeRoutes } from '../../fees/routes.ts';
import { identityRoutes } from '../../identity/routes.ts';
import { kitRoutes } from '../../kit/routes.ts';
import { resourceRoutes } from '../../planning/resources/routes.ts';
import { planningRoutes } from '../../planning/routes.ts';
import { registerRoutes } from '../../register/routes.ts';
import { mailRoutes } from '../../requests/mail/routes.ts';
import { publicRequestRoutes } from '../../requests/public/routes.ts';
import { requestRoutes } from '../../requests/routes.ts';
import type { AreaRoutes } from './types.ts';

export { createAuthenticator } from '../../identity/authenticate.ts';

export const areaRoutes: AreaRoutes[] = [identityRoutes, registerRoutes, auditRoutes, planningRoutes, resourceRoutes, feeRoutes, exchangeRoutes, catalogueRoutes, caseRoutes, documentRoutes, mailRoutes, requestRoutes, publicRequestRoutes, kitRoutes, deviceRoutes];
