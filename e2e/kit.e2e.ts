// The kit's field UI in Chromium: a demo city as the Rathaus on loopback and `buergerkoffer kit`
// in process against it (own database, paired and approved), the officer logs in on the kit,
// downloads the day's tour package, sees the tour and the sync banner, starts a service from
// the visit and sees the step as not yet synced until "Jetzt synchronisieren" takes it over.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { and, eq, isNotNull } from 'drizzle-orm';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { serviceCases } from '../src/cases/schema.ts';
import { demoPassword } from '../src/demo/seed-demo.ts';
import { kitLocalRoutes } from '../src/kit/local-routes.ts';
import { KitRuntime, pairKit } from '../src/kit/runtime.ts';
import type { AppContext } from '../src/platform/context.ts';
import type { Database } from '../src/platform/db/database.ts';
import { createTestDatabase } from '../src/platform/db/testing.ts';
import { buildServer } from '../src/platform/http/server.ts';
import type { App } from '../src/platform/http/types.ts';
import { testContext } from '../src/platform/testing.ts';
import { kits, tourStops, tours } from '../src/planning/schema.ts';
import { persons } from '../src/register/schema.ts';
import { visitRequests } from '../src/requests/schema.ts';
import { launchChromium } from './browser.ts';
import { startDemoCity, type RunningCity } from './harness.ts';
import { captureAndComplete, expectAccessible, nextStep, toOverview } from './pages.ts';

const berlinToday = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());

/** Signs in over the API as a demo account: the cookie and CSRF token for further calls. */
async function apiSession(baseUrl: string, username: string): Promise<Record<string, string>> {
  const response = await fetch(`${baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: demoPassword }) });
  if (!response.ok) throw new Error(`login ${username}: ${response.status} ${await response.text()}`);
  const cookie = (response.headers.get('set-cookie') ?? '').split(';')[0]!;
  const { csrfToken } = await response.json() as { csrfToken: string };
  return { cookie, 'x-csrf-token': csrfToken, 'content-type': 'application/json' };
}

describe('the kit in the field (field officer on the kit notebook)', () => {
  let city: RunningCity;
  let kitDb: Database;
  let vaultDb: Database;
  let kitApp: App;
  let kitUrl: string;
  let browser: Browser;
  let page: Page;
  let person: { id: string; familyName: string; givenNames: string[] };
  let reference: string;
  let caseUrl: string;
  const dir = mkdtempSync(join(tmpdir(), 'bk-e2e-kit-'));
  let network = true;
  // The notebook's link to the Rathaus: a cut makes every request fail like a dead network does.
  const kitFetch: typeof fetch = (input, init) => (network ? fetch(input, init) : Promise.reject(new TypeError('fetch failed')));
  const today = berlinToday();

  beforeAll(async () => {
    city = await startDemoCity(300);
    const db = city.database.db;
    const municipalityId = city.seeded.municipality.id;
    const [kit] = await db.select().from(kits).where(eq(kits.municipalityId, municipalityId)).limit(1);
    if (!kit) throw new Error('the demo city has no kit');
    // The demo seeds open requests, no tour: today's confirmed tour of this kit, one stop, one
    // request whose subject is in the register (as planning and confirmation leave it).
    const [request] = await db.select().from(visitRequests)
      .where(and(eq(visitRequests.municipalityId, municipalityId), isNotNull(visitRequests.personId))).limit(1);
    if (!request?.personId) throw new Error('the demo city has no visit request matched to a resident');
    reference = request.reference;
    const [subject] = await db.select({ id: persons.id, familyName: persons.familyName, givenNames: persons.givenNames }).from(persons).where(eq(persons.id, request.personId));
    person = subject!;
    await db.update(visitRequests).set({ status: 'confirmed', services: ['meldebescheinigung'], notes: 'Bitte zweimal klingeln.' }).where(eq(visitRequests.id, request.id));
    const at = (time: string) => new Date(`${today}T${time}:00+01:00`);
    const [tour] = await db.insert(tours).values({ municipalityId, date: today, kitId: kit.id, status: 'confirmed', departAt: at('08:00'), returnAt: at('12:00') }).returning();
    await db.insert(tourStops).values({ municipalityId, tourId: tour!.id, sequence: 1, requestIds: [request.id], place: 'Am Stadtpark 3, 44791 Bochum', latitude: 51.48, longitude: 7.22, arriveAt: at('09:00'), startAt: at('09:00'), endAt: at('09:30') });

    // `buergerkoffer kit pair`, the admin's approval, then `buergerkoffer kit` on its own database.
    const identity = await pairKit(dir, city.baseUrl, kit.name);
    const admin = await apiSession(city.baseUrl, 'admin');
    const approved = await fetch(`${city.baseUrl}/api/kit-pairings/${identity.pairingId}/decision`, { method: 'POST', headers: admin, body: JSON.stringify({ decision: 'approve' }) });
    if (!approved.ok) throw new Error(`approval: ${approved.status} ${await approved.text()}`);
    // As `buergerkoffer kit` runs it: the working database in memory, the vault apart from it.
    kitDb = await createTestDatabase();
    vaultDb = await createTestDatabase();
    const base: AppContext = { ...testContext(kitDb) };
    const runtime = new KitRuntime(base, identity, { dir, vault: vaultDb, fetch: kitFetch });
    await runtime.refreshPairing();
    kitApp = await buildServer({ ...base, caseCommands: runtime.caseCommands(), passwordSignIn: (input, client) => runtime.signIn(input, client) },
      { webRoot: resolve('dist/web'), extraRoutes: [kitLocalRoutes(runtime)] });
    await kitApp.listen({ host: '127.0.0.1', port: 0 });
    const address = kitApp.server.address();
    kitUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;

    browser = await launchChromium();
    page = await (await browser.newContext({ locale: 'de-DE' })).newPage();
  });
  afterEach(async (test) => {
    if (test.task.result?.state === 'fail') await page.screenshot({ path: `/tmp/bk-e2e-kit-${test.task.name.slice(0, 40).replace(/\W+/g, '-')}.png`, fullPage: true });
  });
  afterAll(async () => {
    await browser?.close();
    await kitApp?.close();
    await kitDb?.close();
    await vaultDb?.close();
    await city?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const banner = () => page.getByRole('region', { name: /Verbindung und Übertragung|connection and sync/ });

  it('shows the banner before login, and after the officer\'s login the kit start page', async () => {
    await page.goto(`${kitUrl}/anmelden`);
    await expect.poll(() => banner().textContent()).toMatch(/Mit dem Rathaus verbunden/);
    await expect.poll(() => banner().textContent()).toMatch(/Nach der Anmeldung sehen Sie/);
    await page.getByLabel('Benutzername').fill('aussendienst');
    await page.getByLabel('Passwort', { exact: true }).fill(demoPassword);
    await page.getByRole('button', { name: 'Anmelden' }).click();
    await page.waitForURL('**/koffer');
    await page.getByRole('heading', { level: 1, name: /Koffer .*: Tour des Tages/ }).waitFor();
    await expect.poll(() => banner().textContent(), { timeout: 10_000 }).toMatch(/Alle Schritte sind an das Rathaus übertragen/);
    await banner().getByRole('button', { name: 'Jetzt synchronisieren' }).waitFor();
    await page.getByText(/kein gültiges Tourpaket/).waitFor();
  });

  it('downloads today\'s tour package and shows the tour: stop, person, birth date, service, notes', async () => {
    expect(await page.getByLabel('Tag der Tour').inputValue()).toBe(today);
    await page.getByRole('button', { name: 'Tourpaket laden' }).click();
    await page.getByText(/1 Tourpaket geladen \(1 Personen\)/).waitFor();
    await page.getByRole('cell', { name: /gültig|läuft bald ab/ }).first().waitFor();
    await page.getByRole('heading', { level: 2, name: /^Tour am .*, 08:00–12:00 Uhr$/ }).waitFor();
    await page.getByRole('heading', { level: 3, name: '1. 09:00–09:30 Uhr: Am Stadtpark 3, 44791 Bochum' }).waitFor();
    const visit = page.getByRole('listitem').filter({ has: page.getByRole('heading', { level: 4 }), hasNot: page.getByRole('heading', { level: 3 }) });
    await expect.poll(() => visit.textContent()).toContain(person.familyName);
    const text = await visit.textContent();
    expect(text).toContain(reference);
    expect(text).toContain('Meldebescheinigung');
    expect(text).toContain('Bitte zweimal klingeln.');
    expect(text).toMatch(/Geburtsdatum\d{2}\.\d{2}\.\d{4}/);
    await page.getByRole('heading', { level: 2, name: 'Noch nicht übertragen' }).waitFor();
    await expectAccessible(page, 'kit start page with the tour');
  });

  it('starts the service from the visit; the step shows as not yet synced until the sync takes it to the Rathaus', async () => {
    await page.getByRole('button', { name: /^Meldebescheinigung für .* starten$/ }).click();
    await page.waitForURL('**/vorgaenge/*');
    const caseId = new URL(page.url()).pathname.split('/').pop()!;
    await expect.poll(() => banner().textContent(), { timeout: 10_000 }).toMatch(/1 Schritt noch nicht übertragen/);
    await expectAccessible(page, 'case page on the kit with the banner');

    await page.goto(`${kitUrl}/koffer`);
    await page.getByRole('link', { name: /Vorgang .* fortsetzen/ }).waitFor();
    const row = page.getByRole('table', { name: 'Noch nicht übertragen' }).getByRole('row').filter({ hasText: 'Vorgang angelegt' });
    await expect.poll(() => row.textContent()).toMatch(/wartet auf Übertragung/);

    await banner().getByRole('button', { name: 'Jetzt synchronisieren' }).click();
    await expect.poll(() => banner().textContent(), { timeout: 15_000 }).toMatch(/Alle Schritte sind an das Rathaus übertragen/);
    await expect.poll(() => banner().textContent()).toMatch(/Synchronisiert: 1 bestätigt, 0 offen/);
    await page.getByText('Alles ist an das Rathaus übertragen.').waitFor();
    const [atRathaus] = await city.database.db.select().from(serviceCases).where(eq(serviceCases.id, caseId));
    expect(atRathaus).toMatchObject({ serviceId: 'meldebescheinigung', personId: person.id, state: 'draft' });
    await expectAccessible(page, 'kit start page after the sync');
    caseUrl = `${kitUrl}/vorgaenge/${caseId}`;
  });

  it('completes the case at the visit and prints the certificate on the kit\'s printer', async () => {
    await page.goto(caseUrl);
    await page.getByLabel('Meldebescheinigung', { exact: true }).selectOption('simple');
    await nextStep(page);
    await page.getByLabel('Verwendungszweck').selectOption('general');
    await toOverview(page);
    await captureAndComplete(page, 'bar');
    const print = page.getByRole('button', { name: 'Meldebescheinigung drucken' });
    await print.click();
    await page.getByRole('status').filter({ hasText: '„Meldebescheinigung“ wurde gedruckt.' }).waitFor();
    await expectAccessible(page, 'completed case on the kit with print buttons');
    await expect.poll(() => banner().textContent(), { timeout: 10_000 }).toMatch(/Schritte? noch nicht übertragen/);
  });

  it('with the link cut, says offline and lists each step not yet synced with the reason, in German and English', async () => {
    network = false;
    await page.goto(`${kitUrl}/koffer`);
    await banner().getByRole('button', { name: 'Jetzt synchronisieren' }).click();
    await expect.poll(() => banner().textContent(), { timeout: 10_000 }).toMatch(/Offline – keine Verbindung zum Rathaus/);
    expect(await banner().textContent()).toMatch(/\d+ Schritte? noch nicht übertragen/);
    await banner().getByRole('link', { name: /noch nicht übertragen/ }).click();
    const list = page.getByRole('table', { name: 'Noch nicht übertragen' });
    await expect.poll(() => list.getByRole('row').filter({ hasText: 'Vorgang abgeschlossen' }).textContent()).toMatch(/gesendet, Antwort ausstehend.*Keine Antwort vom Rathaus/);
    await expectAccessible(page, 'kit start page offline with unsettled steps');

    await page.getByRole('button', { name: /English/ }).click();
    await expect.poll(() => banner().textContent()).toMatch(/Offline – no connection to the Rathaus.*steps? not yet synced/);
    await page.getByRole('table', { name: 'Not yet synced' }).getByRole('row').filter({ hasText: 'Case completed' }).waitFor();
    await expectAccessible(page, 'kit start page offline, in English');
    await page.getByRole('button', { name: /Deutsch/ }).click();

    network = true;
    await banner().getByRole('button', { name: 'Jetzt synchronisieren' }).click();
    await expect.poll(() => banner().textContent(), { timeout: 15_000 }).toMatch(/Mit dem Rathaus verbunden.*Alle Schritte sind an das Rathaus übertragen/);
    await page.getByText('Alles ist an das Rathaus übertragen.').waitFor();
  });

  it('at the Rathaus the web app knows it is no kit: no banner, the usual start page', async () => {
    const rathausPage = await (await browser.newContext({ locale: 'de-DE' })).newPage();
    await rathausPage.goto(`${city.baseUrl}/anmelden`);
    await rathausPage.getByLabel('Benutzername').fill('aussendienst');
    await rathausPage.getByLabel('Passwort', { exact: true }).fill(demoPassword);
    await rathausPage.getByRole('button', { name: 'Anmelden' }).click();
    await rathausPage.getByRole('button', { name: 'Abmelden' }).waitFor();
    // The start page waits for the answer of /api/kit-local/status: once its heading shows, the 404 has come.
    await rathausPage.getByRole('heading', { level: 1 }).waitFor();
    expect(new URL(rathausPage.url()).pathname).toBe('/');
    expect(await rathausPage.getByRole('region', { name: /Verbindung und Übertragung/ }).count()).toBe(0);
    await rathausPage.close();
  });
});
