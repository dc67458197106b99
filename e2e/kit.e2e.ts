// The kit's field UI in Chromium: a demo city as the Rathaus on loopback and `buergerkoffer kit`
// in process against it (own database, paired and approved), the officer logs in on the kit,
// downloads the day's tour package, sees the tour and the sync banner, starts a service from
// the visit and sees the step as not yet synced until "Jetzt synchronisieren" takes it over.
// Issue 5's Done-when: a Reisepass with photo and fingerprints at the same stop with the link cut
// in the middle; after reconnection each case is at the Rathaus exactly once, the certificate was
// printed on a real CUPS queue, and the biometrics are gone from the kit.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { and, eq, isNotNull } from 'drizzle-orm';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { caseAttachments, serviceCases } from '../src/cases/schema.ts';
import { encodePng } from '../src/devices/png.ts';
import { issuedDocuments } from '../src/documents/schema.ts';
import { printerFromUrl } from '../src/devices/ipp-printer.ts';
import { createSimulatedDevicePorts } from '../src/devices/simulators.ts';
import { startTestCups, type TestCups, type TestQueue } from '../src/devices/testing/cups.ts';
import { staffSessions } from '../src/identity/schema.ts';
import { totpCode } from '../src/identity/totp.ts';
import { kitBlobs, kitEventReceipts } from '../src/kit/schema.ts';
import { demoPassword } from '../src/demo/seed-demo.ts';
import { kitLocalRoutes } from '../src/kit/local-routes.ts';
import { KitRuntime, pairKit } from '../src/kit/runtime.ts';
import type { AppContext } from '../src/platform/context.ts';
import type { Database } from '../src/platform/db/database.ts';
import { createTestDatabase } from '../src/platform/db/testing.ts';
import { buildServer } from '../src/platform/http/server.ts';
import type { App } from '../src/platform/http/types.ts';
import { testContext } from '../src/platform/testing.ts';
import { kits } from '../src/planning/schema.ts';
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
  let cups: TestCups;
  let queue: TestQueue;
  const dir = mkdtempSync(join(tmpdir(), 'bk-e2e-kit-'));
  let network = true;
  /** The verification code the Meldebescheinigung printed on the kit carries. */
  let printedCode: string;
  // The notebook's link to the Rathaus: a cut makes every request fail like a dead network does.
  const kitFetch: typeof fetch = (input, init) => (network ? fetch(input, init) : Promise.reject(new TypeError('fetch failed')));
  const today = berlinToday();
  /** The Monday after today: a working day of the demo kits, in the future whatever day CI runs. */
  const tourDay = (() => {
    const date = new Date(`${today}T12:00:00Z`);
    date.setUTCDate(date.getUTCDate() + ((8 - date.getUTCDay()) % 7 || 7));
    return date.toISOString().slice(0, 10);
  })();

  beforeAll(async () => {
    city = await startDemoCity(300);
    const db = city.database.db;
    const municipalityId = city.seeded.municipality.id;
    const [kit] = await db.select().from(kits).where(eq(kits.municipalityId, municipalityId)).limit(1);
    if (!kit) throw new Error('the demo city has no kit');
    // The dispatcher plans next Monday in the Rathaus with a request of the demo city whose person
    // is in the register (pinned to this kit and day, so the plan is certain) and confirms the tour.
    // The first eligible one: in the demo that is Frau K. in the Seniorenzentrum, with the
    // bedingter Sperrvermerk of care-home residents — the kit's tour is the officers' legitimation.
    const [request] = await db.select().from(visitRequests)
      .where(and(eq(visitRequests.municipalityId, municipalityId), isNotNull(visitRequests.personId), eq(visitRequests.status, 'eligible'))).limit(1);
    if (!request?.personId) throw new Error('the demo city has no eligible visit request matched to a resident');
    reference = request.reference;
    const [subject] = await db.select({ id: persons.id, familyName: persons.familyName, givenNames: persons.givenNames }).from(persons).where(eq(persons.id, request.personId));
    person = subject!;
    await db.update(visitRequests).set({ services: ['meldebescheinigung', 'reisepass'], notes: 'Bitte zweimal klingeln.' }).where(eq(visitRequests.id, request.id));
    const dispatcher = await apiSession(city.baseUrl, 'disposition');
    const pinned = await fetch(`${city.baseUrl}/api/visit-requests/${request.id}/pin`, { method: 'POST', headers: dispatcher, body: JSON.stringify({ kitId: kit.id, date: tourDay }) });
    if (!pinned.ok) throw new Error(`pin: ${pinned.status} ${await pinned.text()}`);
    const planned = await fetch(`${city.baseUrl}/api/planning/weeks/${tourDay}/plan`, { method: 'POST', headers: dispatcher, body: JSON.stringify({ seed: 1 }) });
    if (!planned.ok) throw new Error(`plan: ${planned.status} ${await planned.text()}`);
    const { week } = await planned.json() as { week: { tours: { id: string; date: string; kitId: string; stops: { requests: { id: string }[] }[] }[] } };
    const tour = week.tours.find((t) => t.kitId === kit.id && t.date === tourDay && t.stops.some((stop) => stop.requests.some((r) => r.id === request.id)));
    if (!tour) throw new Error(`the plan put ${request.reference} on no tour of ${kit.name} on ${tourDay}`);
    const confirmed = await fetch(`${city.baseUrl}/api/planning/tours/${tour.id}/confirm`, { method: 'POST', headers: dispatcher, body: '{}' });
    if (!confirmed.ok) throw new Error(`confirm: ${confirmed.status} ${await confirmed.text()}`);

    // `buergerkoffer kit pair`, the admin's approval, then `buergerkoffer kit` on its own database.
    const identity = await pairKit(dir, city.baseUrl, kit.name);
    const admin = await apiSession(city.baseUrl, 'admin');
    const approved = await fetch(`${city.baseUrl}/api/kit-pairings/${identity.pairingId}/decision`, { method: 'POST', headers: admin, body: JSON.stringify({ decision: 'approve' }) });
    if (!approved.ok) throw new Error(`approval: ${approved.status} ${await approved.text()}`);
    // As `buergerkoffer kit` runs it: the working database in memory, the vault apart from it.
    kitDb = await createTestDatabase();
    vaultDb = await createTestDatabase();
    // The kit's printer is a real CUPS queue (Debian's cupsd on loopback), as in the suitcase.
    cups = await startTestCups();
    queue = await cups.addQueue('koffer', { kind: 'pdf' });
    const base: AppContext = { ...testContext(kitDb), devices: { ...createSimulatedDevicePorts(), printer: printerFromUrl(queue.url) } };
    const runtime = new KitRuntime(base, identity, { dir, vault: vaultDb, fetch: kitFetch });
    await runtime.refreshPairing();
    kitApp = await buildServer({ ...base, ...runtime.ports() },
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
    await cups?.stop();
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

  it('downloads the package of the tour planned in the Rathaus and shows it: stop, person, birth date, service, notes', async () => {
    expect(await page.getByLabel('Tag der Tour').inputValue()).toBe(today);
    await page.getByLabel('Tag der Tour').fill(tourDay);
    await page.getByRole('button', { name: 'Tourpaket laden' }).click();
    await page.getByText(/1 Tourpaket geladen \(\d+ Personen\)/).waitFor();
    await page.getByRole('cell', { name: /gültig|läuft bald ab/ }).first().waitFor();
    await page.getByRole('heading', { level: 2, name: /^Tour am .*, \d{2}:\d{2}–\d{2}:\d{2} Uhr$/ }).waitFor();
    await page.getByRole('heading', { level: 3, name: /^1\. \d{2}:\d{2}–\d{2}:\d{2} Uhr: / }).waitFor();
    const visit = page.getByRole('listitem').filter({ has: page.getByRole('heading', { level: 4 }), hasNot: page.getByRole('heading', { level: 3 }) }).filter({ hasText: reference });
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
    await page.getByRole('button', { name: new RegExp(`^Meldebescheinigung für .*${person.familyName}.* starten$`) }).click();
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
    const printed = execFileSync('pdftotext', ['-', '-'], { input: await queue.readOutput() }).toString('utf8');
    expect(printed).toContain('Meldebescheinigung');
    expect(printed).toContain(person.familyName);
    // The paper carries a verification code the kit signed with its tour package's key.
    printedCode = /BK-[0-9A-Z]{4}-[0-9A-Z]{4}/.exec(printed)?.[0] ?? '';
    expect(printedCode, printed).not.toBe('');
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
    // The completion waits for its printed documents' upload, which the cut link stops before it starts.
    await expect.poll(() => list.getByRole('row').filter({ hasText: 'Vorgang abgeschlossen' }).textContent()).toMatch(/wartet auf Übertragung.*Die Verbindung brach ab, bevor die Anlagen dieses Schritts/);
    await expect.poll(() => list.textContent()).toMatch(/Zahlung.*wartet auf Übertragung/);
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

  it('takes a Reisepass with photo and fingerprints with the link cut mid-visit; afterwards the case is at the Rathaus once and the biometrics are gone from the kit', async () => {
    await page.goto(`${kitUrl}/koffer`);
    await page.getByRole('button', { name: new RegExp(`^Reisepass für .*${person.familyName}.* starten$`) }).click();
    await page.waitForURL('**/vorgaenge/*');
    const caseId = new URL(page.url()).pathname.split('/').pop()!;
    // The long form through the kit's own API (the same routes the case page calls), with the page's session.
    const { csrfToken } = await (await page.request.get(`${kitUrl}/api/auth/me`)).json() as { csrfToken: string };
    const call = async (method: 'POST' | 'PATCH', path: string, data: unknown) => {
      const response = await page.request.fetch(`${kitUrl}/api/cases/${caseId}${path}`, { method, headers: { 'x-csrf-token': csrfToken }, data });
      expect(response.status(), `${method} ${path}: ${(await response.text()).slice(0, 400)}`).toBe(200);
      return await response.json() as { version: number; state: string; outstandingCents: number; attachments: { id: string; kind: string }[] };
    };
    let kase = await call('PATCH', '', { version: 1, data: {
      appearance: { inPerson: true }, identity: { dataMatchRegister: true, personMatchesDocument: true }, heightCm: 168, eyeColour: 'blau', photoCode: 'AB12-CD34-EF56',
    } });
    kase = await call('POST', '/devices/fetch_photo_code', { version: kase.version, input: {} });
    kase = await call('PATCH', '', { version: kase.version, data: { photo: { officerDecision: 'accepted' } } });

    // In the middle of the stop the network goes.
    network = false;
    kase = await call('POST', '/devices/capture_fingerprint', { version: kase.version, input: {} });
    kase = await call('POST', '/devices/capture_fingerprint', { version: kase.version, input: {} });
    const signature = Buffer.from(encodePng({ width: 60, height: 20, channels: 1, pixels: new Uint8Array(1200).fill(200) }));
    const upload = await page.request.post(`${kitUrl}/api/cases/${caseId}/attachments?kind=signature`, { headers: { 'x-csrf-token': csrfToken, 'content-type': 'image/png' }, data: signature });
    expect(upload.status(), await upload.text()).toBe(200);
    kase = await call('PATCH', '', { version: kase.version, data: { signature: (await upload.json() as { id: string }).id } });
    kase = await call('POST', '/capture', { version: kase.version });
    kase = await call('POST', '/payments', { method: 'cash', amountCents: kase.outstandingCents });
    kase = await call('POST', '/complete', { version: kase.version });
    expect(kase.state).toBe('completed');

    await page.goto(`${kitUrl}/koffer`);
    await banner().getByRole('button', { name: 'Jetzt synchronisieren' }).click();
    await expect.poll(() => banner().textContent(), { timeout: 10_000 }).toMatch(/Offline – keine Verbindung zum Rathaus.*\d+ Schritte noch nicht übertragen/);

    network = true;
    await banner().getByRole('button', { name: 'Jetzt synchronisieren' }).click();
    await expect.poll(() => banner().textContent(), { timeout: 30_000 }).toMatch(/Alle Schritte sind an das Rathaus übertragen/);

    // At the Rathaus: the case once, with every step received once and applied, the biometrics there.
    const atRathaus = await city.database.db.select().from(serviceCases).where(eq(serviceCases.id, caseId));
    expect(atRathaus).toHaveLength(1);
    expect(atRathaus[0]).toMatchObject({ serviceId: 'reisepass', state: 'completed', personId: person.id });
    const receipts = await city.database.db.select().from(kitEventReceipts).where(eq(kitEventReceipts.streamId, caseId));
    // Steps 1…n of the case, each once, none missing.
    expect(receipts.map((r) => r.seq).sort((a, b) => a - b)).toEqual(Array.from({ length: receipts.length }, (_, i) => i + 1));
    expect(receipts.length).toBeGreaterThanOrEqual(11);
    expect(receipts.every((r) => r.status === 'applied')).toBe(true);
    const rathausPrints = await city.database.db.select().from(caseAttachments).where(and(eq(caseAttachments.caseId, caseId), eq(caseAttachments.kind, 'fingerprint')));
    expect(rathausPrints).toHaveLength(2);
    expect(rathausPrints.every((a) => a.content !== null && a.content.byteLength > 0)).toBe(true);
    // On the kit: the photo and the prints are wiped from the vault and from the kit's own case.
    const blobs = await vaultDb.db.select().from(kitBlobs).where(eq(kitBlobs.biometric, true));
    expect(blobs.length).toBeGreaterThanOrEqual(3);
    expect(blobs.every((b) => b.sealed === null && b.wipedAt !== null)).toBe(true);
    // The case is done and the Rathaus has everything: nothing it captured stays on the kit (photo, prints, signature).
    const onKit = await kitDb.db.select().from(caseAttachments).where(eq(caseAttachments.caseId, caseId));
    expect(onKit.map((a) => a.kind).sort()).toEqual(['fingerprint', 'fingerprint', 'photo', 'signature']);
    expect(onKit.every((a) => a.content === null && a.deletedAt !== null)).toBe(true);
    // The Meldebescheinigung printed at the bedside is the Rathaus's record too: its code verifies there, and the PDF is the kit's.
    const verified = await fetch(`${city.baseUrl}/api/verify/${printedCode}`);
    expect(await verified.json()).toMatchObject({ status: 'genuine', code: printedCode, document: { kind: 'meldebescheinigung' } });
    const [kitCopy] = await kitDb.db.select({ sha256: issuedDocuments.sha256 }).from(issuedDocuments).where(eq(issuedDocuments.code, printedCode));
    const [rathausCopy] = await city.database.db.select({ sha256: issuedDocuments.sha256 }).from(issuedDocuments).where(eq(issuedDocuments.code, printedCode));
    expect(rathausCopy?.sha256).toBe(kitCopy?.sha256);
    await expectAccessible(page, 'kit start page after the Reisepass synced');
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

  it('an officer with a second factor logs in on the kit with the code from the app; a wrong code is refused', async () => {
    // Enrolled at the Rathaus; its clock stands still in the test, so the codes are those of its "now".
    const atRathaus = await apiSession(city.baseUrl, 'aussendienst2');
    const sessions = await city.database.db.select({ createdAt: staffSessions.createdAt }).from(staffSessions);
    const rathausNow = sessions.map((row) => row.createdAt).sort((a, b) => b.getTime() - a.getTime())[0]!;
    const { secret } = await (await fetch(`${city.baseUrl}/api/auth/totp/setup`, { method: 'POST', headers: atRathaus, body: '{}' })).json() as { secret: string };
    const confirmed = await fetch(`${city.baseUrl}/api/auth/totp/confirm`, { method: 'POST', headers: atRathaus, body: JSON.stringify({ code: totpCode(secret, rathausNow) }) });
    expect(confirmed.status, await confirmed.clone().text()).toBe(200);

    const officerPage = await (await browser.newContext({ locale: 'de-DE' })).newPage();
    await officerPage.goto(`${kitUrl}/anmelden`);
    await officerPage.getByLabel('Benutzername').fill('aussendienst2');
    await officerPage.getByLabel('Passwort', { exact: true }).fill(demoPassword);
    await officerPage.getByRole('button', { name: 'Anmelden' }).click();
    await officerPage.getByRole('heading', { level: 2, name: 'Bestätigungscode' }).waitFor();
    const valid = new Set([-30, 0, 30, 60].map((s) => totpCode(secret, new Date(rathausNow.getTime() + s * 1000))));
    await officerPage.getByLabel('6-stelliger Code').fill(['111111', '222222', '333333', '444444', '555555'].find((c) => !valid.has(c))!);
    await officerPage.getByRole('button', { name: 'Code bestätigen' }).click();
    await officerPage.getByRole('alert').filter({ hasText: 'Der Code ist falsch' }).waitFor();
    // The next step's code (the enrolment used the current one) signs in, on the same form.
    await officerPage.getByLabel('6-stelliger Code').fill(totpCode(secret, new Date(rathausNow.getTime() + 30_000)));
    await officerPage.getByRole('button', { name: 'Code bestätigen' }).click();
    await officerPage.waitForURL('**/koffer');
    await officerPage.getByRole('heading', { level: 1, name: /Koffer .*: Tour des Tages/ }).waitFor();
    await expect.poll(() => officerPage.getByRole('button', { name: 'Abmelden' }).count()).toBe(1);
    await officerPage.close();
  });
});
