import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestUser, testSessionHeaders } from '../../identity/testing.ts';
import type { Role } from '../../identity/policies.ts';
import type { Database } from '../db/database.ts';
import { createTestDatabase, testMunicipality } from '../db/testing.ts';
import { testContext } from '../testing.ts';
import { buildServer } from './server.ts';
import type { App } from './types.ts';

/*
 * Route × role matrix. The expectations are written out here, on purpose not derived from
 * policies.ts: a change of a route's access or of a role's grants must show up as a change
 * of this table in review. A new route without a row fails the test.
 */
type Who = 'anonymous' | Role;
const who: readonly Who[] = ['anonymous', 'admin', 'dispatcher', 'field_officer', 'clerk', 'auditor'];
const everyone: readonly Who[] = who;
const anyStaff: readonly Who[] = ['admin', 'dispatcher', 'field_officer', 'clerk', 'auditor'];

/** Kit routes answer 401 to anybody without a kit's bearer token, staff sessions included. */
const kitOnly: readonly Who[] = [];
const kitRouteKeys = new Set(['GET /api/kit/escrow', 'GET /api/kit/tour-packages', 'POST /api/kit/events', 'GET /api/kit/uploads/:sha256', 'PUT /api/kit/uploads/:sha256']);

const expected: Record<string, readonly Who[]> = {
  'GET /api/health': everyone,

  'POST /api/auth/login': everyone,
  'POST /api/auth/second-factor': everyone,
  // Public, but without a session there is nobody to describe: 401.
  'GET /api/auth/me': anyStaff,
  'POST /api/auth/logout': anyStaff,
  'POST /api/auth/password': anyStaff,
  'POST /api/auth/totp/setup': anyStaff,
  'POST /api/auth/totp/confirm': anyStaff,

  'GET /api/admin/users': ['admin'],
  'POST /api/admin/users': ['admin'],
  'PATCH /api/admin/users/:id': ['admin'],
  'POST /api/admin/users/:id/password': ['admin'],
  'DELETE /api/admin/users/:id/second-factor': ['admin'],

  'GET /api/register/persons': ['dispatcher', 'field_officer', 'clerk'],
  'GET /api/register/persons/:id': ['dispatcher', 'field_officer', 'clerk'],
  'POST /api/register/import': ['clerk'],

  'GET /api/audit/entries': ['auditor'],
  'GET /api/audit/verify': ['auditor', 'admin'],
  'GET /api/audit/retention': ['auditor'],

  'GET /api/fees/quote': ['dispatcher', 'field_officer', 'clerk'],
  'GET /api/settings/fee-tables': ['admin'],
  'POST /api/settings/fee-tables': ['admin'],

  'GET /api/catalogue/services': anyStaff,
  'GET /api/catalogue/services/:id/form': anyStaff,

  'GET /api/cases': ['dispatcher', 'field_officer', 'clerk'],
  'GET /api/cases/review': ['clerk'],
  'POST /api/cases': ['field_officer', 'clerk'],
  'POST /api/cases/number-reservations': ['admin', 'field_officer', 'clerk'],
  'GET /api/cases/:id': ['dispatcher', 'field_officer', 'clerk'],
  'PATCH /api/cases/:id': ['field_officer', 'clerk'],
  'POST /api/cases/:id/capture': ['field_officer', 'clerk'],
  'POST /api/cases/:id/payments': ['field_officer', 'clerk'],
  'POST /api/cases/:id/payments/card': ['field_officer', 'clerk'],
  'GET /api/cases/:id/payments/card': ['field_officer', 'clerk'],
  'POST /api/cases/:id/payments/card/abort': ['field_officer', 'clerk'],
  'POST /api/cases/:id/complete': ['field_officer', 'clerk'],
  'POST /api/cases/:id/hand-over': ['field_officer', 'clerk'],
  'POST /api/cases/:id/close': ['field_officer', 'clerk'],
  'POST /api/cases/:id/cancel': ['field_officer', 'clerk'],
  'POST /api/cases/:id/review': ['clerk'],
  'POST /api/cases/:id/devices/:action': ['field_officer', 'clerk'],
  'POST /api/cases/:id/attachments': ['field_officer', 'clerk'],
  'GET /api/cases/:id/attachments/:attachmentId': ['dispatcher', 'field_officer', 'clerk'],

  'GET /api/documents/:id/pdf': ['dispatcher', 'field_officer', 'clerk'],
  'POST /api/documents/:id/print': ['field_officer', 'clerk'],
  'POST /api/documents/:id/revoke': ['clerk'],
  'GET /api/settings/profile': ['admin'],
  'PUT /api/settings/profile': ['admin'],
  // Public: citizens and third parties check certificates without an account.
  'GET /api/verify/:code': everyone,

  'GET /api/institutions': ['dispatcher'],
  'GET /api/kits': ['admin', 'dispatcher', 'field_officer'],
  'POST /api/kits': ['admin', 'dispatcher'],
  'PATCH /api/kits/:id': ['admin', 'dispatcher'],
  'GET /api/officers': ['admin', 'dispatcher', 'field_officer'],
  'POST /api/officers': ['admin', 'dispatcher'],
  'PATCH /api/officers/:id': ['admin', 'dispatcher'],
  'POST /api/officers/:id/absences': ['admin', 'dispatcher'],
  'DELETE /api/officers/:id/absences/:absenceId': ['admin', 'dispatcher'],
  'GET /api/planning/resources': ['admin', 'dispatcher', 'field_officer'],
  'GET /api/planning/weeks/:weekStart': ['dispatcher', 'field_officer'],
  'POST /api/planning/weeks/:weekStart/plan': ['dispatcher'],
  'POST /api/planning/tours/:id/lock': ['dispatcher'],
  'POST /api/planning/tours/:id/confirm': ['dispatcher'],
  'GET /api/planning/tours/:id/letters': ['dispatcher'],
  'POST /api/planning/reminders': ['dispatcher'],
  'POST /api/visit-requests/:id/pin': ['dispatcher'],
  'POST /api/visit-requests/:id/accept-offer': ['dispatcher'],

  'GET /api/devices/health': ['admin', 'field_officer', 'clerk'],

  'GET /api/outbox': ['admin', 'clerk'],
  'GET /api/outbox/:id': ['admin', 'clerk'],
  'POST /api/outbox/:id/retry': ['clerk'],
  'POST /api/outbox/:id/cancel': ['clerk'],

  'GET /api/visit-requests/:id/correspondence': ['dispatcher'],
  'POST /api/visit-requests/:id/reply': ['dispatcher'],
  'GET /api/mail/inbound': ['dispatcher'],
  'POST /api/mail/poll': ['dispatcher'],

  'GET /api/visit-requests': ['dispatcher'],
  'POST /api/visit-requests': ['dispatcher'],
  'GET /api/visit-requests/:id': ['dispatcher'],
  'PATCH /api/visit-requests/:id': ['dispatcher'],
  'GET /api/visit-requests/:id/match-candidates': ['dispatcher'],
  'POST /api/visit-requests/:id/match': ['dispatcher'],
  'GET /api/visit-requests/:id/duplicates': ['dispatcher'],
  'POST /api/visit-requests/:id/merge': ['dispatcher'],
  'POST /api/visit-requests/:id/decide': ['dispatcher'],
  'POST /api/visit-requests/:id/attachments': ['dispatcher'],
  'GET /api/visit-requests/:id/attachments/:attachmentId': ['dispatcher'],
  // The published rules for home visits (no personal data): every staff member may read them.
  'GET /api/eligibility-rule-sets': anyStaff,
  'POST /api/eligibility-rule-sets': ['admin'],

  // The public request form and the requester's status link: no login (proof of work, rate limits, the link's secret).
  'GET /api/public/challenge': everyone,
  'POST /api/public/visit-requests': everyone,
  'GET /api/public/visit-requests/status/:token': everyone,
  'POST /api/public/visit-requests/status/:token/cancel': everyone,
  'POST /api/public/visit-requests/status/:token/accept-offer': everyone,

  // A kit without an account yet asks to be paired, signs challenges, confirms a wipe.
  'POST /api/kit/pairings': everyone,
  'GET /api/kit/pairings/:id/status': everyone,
  'POST /api/kit/challenge': everyone,
  'POST /api/kit/session': everyone,
  'POST /api/kit/wiped': everyone,
  'GET /api/kit/tour-packages': kitOnly,
  'GET /api/kit/escrow': kitOnly,
  'POST /api/kit/events': kitOnly,
  'GET /api/kit/uploads/:sha256': kitOnly,
  'PUT /api/kit/uploads/:sha256': kitOnly,
  'GET /api/kit-reviews': ['clerk'],
  'POST /api/kit-reviews/:streamId/decision': ['clerk'],
  'GET /api/kit-pairings': ['admin'],
  'POST /api/kit-pairings/:id/decision': ['admin'],
  'POST /api/kit-pairings/:id/revoke': ['admin'],
};

interface RegisteredRoute { method: string; url: string }

describe('route × role access matrix', () => {
  let database: Database;
  let app: App;
  let ctx: ReturnType<typeof testContext>;
  let municipalityId: string;
  const routes: RegisteredRoute[] = [];
  const users = new Map<Role, { id: string }>();

  beforeAll(async () => {
    database = await createTestDatabase();
    municipalityId = (await testMunicipality(database)).id;
    ctx = testContext(database);
    app = await buildServer(ctx, {
      webRoot: '/nonexistent',
      onRoute: ({ method, url, access }) => {
        // HEAD routes are Fastify's automatic twins of GET routes, with the same config.
        if (url.startsWith('/api/') && access !== undefined && method !== 'HEAD') routes.push({ method, url });
      },
    });
    for (const role of anyStaff as Role[]) users.set(role, await createTestUser(ctx, municipalityId, { roles: [role] }));
  });
  afterAll(async () => {
    await app.close();
    await database.close();
  });

  it('has a row for every registered /api route, and no row for a route that does not exist', () => {
    const registered = routes.map((r) => `${r.method} ${r.url}`).sort();
    const missingRows = registered.filter((key) => !(key in expected));
    const staleRows = Object.keys(expected).filter((key) => !registered.includes(key));
    expect(missingRows, 'add these routes to the table in access-matrix.db.test.ts').toEqual([]);
    expect(staleRows, 'these rows name routes that are not registered').toEqual([]);
  });

  it('allows exactly the listed roles on every route', async () => {
    const mismatches: string[] = [];
    for (const route of routes) {
      const allowed = expected[`${route.method} ${route.url}`];
      if (!allowed) continue;
      const url = route.url.replace(/:sha256/g, 'a'.repeat(64)).replace(/:[A-Za-z]+/g, () => randomUUID());
      for (const subject of who) {
        const user = subject === 'anonymous' ? undefined : users.get(subject);
        // A fresh session per request: some routes (logout, password change) end sessions.
        const headers = user ? await testSessionHeaders(ctx, user, municipalityId) : {};
        const unsafe = route.method !== 'GET';
        const response = await app.inject({
          method: route.method as 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
          url,
          headers,
          ...(unsafe ? { payload: {} } : {}),
        });
        const status = response.statusCode;
        const shouldAllow = allowed.includes(subject);
        const denyStatus = subject === 'anonymous' || kitRouteKeys.has(`${route.method} ${route.url}`) ? 401 : 403;
        const ok = shouldAllow ? status !== 401 && status !== 403 : status === denyStatus;
        if (!ok) {
          mismatches.push(`${route.method} ${route.url} as ${subject}: expected ${shouldAllow ? 'allow' : `deny (${denyStatus})`}, got ${status} ${response.body.slice(0, 160)}`);
        }
      }
    }
    expect(mismatches).toEqual([]);
  });
});
