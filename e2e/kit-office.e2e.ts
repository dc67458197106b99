// The office side of the kits in Chromium: an admin approves a kit's pairing after comparing the
// fingerprint, the kit sends captures the Rathaus did not apply, a clerk reviews them (a case
// opened after a register change is applied and opens as a Rathaus case; a reason is required;
// "apply" stops at a step the Rathaus does not know, "set aside" records it), the
// admin revokes the kit with a reason (dialog) and sees the wipe confirmed once the kit reports it.
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reserveNumbers } from '../src/cases/numbers.ts';
import { staffUsers } from '../src/identity/schema.ts';
import { generateKitKeys, keyFingerprint, signChallenge, type KitKeys } from '../src/kit/keys.ts';
import { kits } from '../src/planning/schema.ts';
import { launchChromium } from './browser.ts';
import { startDemoCity, type RunningCity } from './harness.ts';
import { expectAccessible, logIn, pickResident } from './pages.ts';

async function postJson<T>(url: string, body: unknown, headers: Record<string, string> = {}): Promise<T> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  if (!response.ok) throw new Error(`POST ${url}: ${response.status} ${await response.text()}`);
  return await response.json() as T;
}

/** What a kit does with its signing key: a signed challenge for a session, or for its wipe confirmation. */
async function signed(baseUrl: string, keys: KitKeys, pairingId: string, purpose: 'session' | 'wiped') {
  const { nonce } = await postJson<{ nonce: string }>(`${baseUrl}/api/kit/challenge`, { pairingId, purpose });
  return { pairingId, nonce, signature: await signChallenge(keys.signing.privateJwk, purpose, nonce) };
}

describe('kit pairing and kit review in the office', () => {
  let city: RunningCity;
  let browser: Browser;
  let admin: BrowserContext;
  let clerk: BrowserContext;
  let adminPage: Page;
  let clerkPage: Page;
  let keys: KitKeys;
  let kitName: string;
  let pairingId: string;
  let kitId: string;

  beforeAll(async () => {
    city = await startDemoCity(300);
    browser = await launchChromium();
    admin = await browser.newContext({ locale: 'de-DE' });
    clerk = await browser.newContext({ locale: 'de-DE' });
    adminPage = await admin.newPage();
    clerkPage = await clerk.newPage();
    const [kit] = await city.database.db.select().from(kits).where(eq(kits.municipalityId, city.seeded.municipality.id)).limit(1);
    if (!kit) throw new Error('the demo city has no kit');
    kitName = kit.name;
    kitId = kit.id;
    keys = await generateKitKeys();
  });
  afterAll(async () => {
    await browser?.close();
    await city?.close();
  });

  it('lets the admin approve a pending pairing after comparing the fingerprint', async () => {
    const requested = await postJson<{ pairingId: string; fingerprint: string }>(`${city.baseUrl}/api/kit/pairings`, {
      kitName, signingKey: keys.signing.publicJwk, encryptionKey: keys.encryption.publicJwk,
    });
    pairingId = requested.pairingId;
    // The fingerprint the kit shows on its own screen.
    const shownOnKit = keyFingerprint(keys.signing.publicJwk, keys.encryption.publicJwk);

    await logIn(adminPage, city.baseUrl, 'admin');
    await adminPage.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link', { name: 'Koffer koppeln' }).click();
    await adminPage.getByRole('heading', { level: 1, name: 'Koffer koppeln' }).waitFor();
    const pending = adminPage.getByRole('article', { name: kitName });
    await pending.getByText('wartet auf Freigabe').waitFor();
    const groups = await pending.getByRole('list', { name: 'Fingerabdruck der Schlüssel' }).getByRole('listitem').allTextContents();
    expect(groups.join(' ')).toBe(shownOnKit);
    await expect(pending.getByText(/Vergleichen Sie diesen Fingerabdruck Gruppe für Gruppe/).isVisible()).resolves.toBe(true);
    await expectAccessible(adminPage, 'Koffer koppeln (pending)');

    // Keyboard: focus the approve button and press Enter.
    await pending.getByRole('button', { name: `Freigeben: ${kitName}` }).focus();
    await adminPage.keyboard.press('Enter');
    await adminPage.getByRole('status').getByText(`${kitName} ist freigegeben.`, { exact: false }).waitFor();
    const active = adminPage.getByRole('region', { name: 'Gekoppelte Koffer' }).getByRole('article', { name: kitName });
    await active.getByText('gekoppelt').waitFor();
    await active.getByText('noch nie').waitFor();
    // What the kit reads when it asks.
    const status = await (await fetch(`${city.baseUrl}/api/kit/pairings/${pairingId}/status`)).json() as { status: string };
    expect(status.status).toBe('active');
  });

  it('lets a clerk review kit captures the Rathaus did not apply: apply one after review, reason required, set one aside', async () => {
    // The kit opens a session and sends two cases: a Meldebescheinigung opened without the
    // register basis of a tour package (REGISTER_CHANGED), and a step of a kind the Rathaus does
    // not know (KIND_UNKNOWN).
    const session = await postJson<{ token: string }>(`${city.baseUrl}/api/kit/session`, await signed(city.baseUrl, keys, pairingId, 'session'));
    const [officer] = await city.database.db.select({ id: staffUsers.id }).from(staffUsers).where(eq(staffUsers.username, 'aussendienst'));
    if (!officer) throw new Error('the demo city has no field officer');
    const taken = new Set<string>();
    const moved = await pickResident(city.database, { minAge: 30, maxAge: 90, taken });
    const person = await pickResident(city.database, { minAge: 30, maxAge: 90, taken });
    // The numbers a tour package download reserves for the kit.
    const { numbers: [caseNumber] } = await reserveNumbers(city.database.db, city.seeded.municipality.id, { series: 'case', count: 1, reservedFor: `kit:${kitId} e2e` });
    const caseId = randomUUID();
    const streamId = randomUUID();
    const now = new Date().toISOString();
    const { outcomes } = await postJson<{ outcomes: { status: string; code?: string }[] }>(`${city.baseUrl}/api/kit/events`, {
      sentAt: now,
      events: [
        { id: randomUUID(), streamId: caseId, seq: 1, kind: 'case.opened', attachments: [], capturedAt: now, officerId: officer.id,
          payload: { caseId, number: caseNumber, serviceId: 'meldebescheinigung', personId: moved.id, applicant: { kind: 'self' } } },
        { id: randomUUID(), streamId, seq: 1, kind: 'visit.greeted', payload: { personId: person.id }, attachments: [], capturedAt: now, officerId: officer.id },
      ],
    }, { authorization: `Bearer ${session.token}` });
    expect(outcomes).toMatchObject([{ status: 'review', code: 'REGISTER_CHANGED' }, { status: 'review', code: 'KIND_UNKNOWN' }]);

    await logIn(clerkPage, city.baseUrl, 'sachbearbeitung');
    await clerkPage.goto(`${city.baseUrl}/pruefung`);
    await clerkPage.getByRole('link', { name: 'Koffer-Erfassungen prüfen' }).click();
    await clerkPage.getByRole('heading', { level: 1, name: 'Koffer-Erfassungen prüfen' }).waitFor();

    const movedName = `${moved.givenNames.join(' ')} ${moved.familyName}`;
    const opened = clerkPage.getByRole('region', { name: `Meldebescheinigung – ${movedName}`, exact: true });
    await opened.getByText(/Der Registereintrag der Person hat sich geändert/).first().waitFor();
    await opened.getByRole('table', { name: 'Gehaltene Schritte' }).getByRole('cell', { name: 'Vorgang angelegt' }).waitFor();
    await opened.getByRole('textbox', { name: 'Begründung' }).fill('Mit dem aktuellen Register verglichen: Anschrift unverändert.');
    await opened.getByRole('button', { name: 'Nach Prüfung übernehmen' }).click();
    const applied = opened.getByRole('status');
    await applied.getByRole('heading', { name: 'Übernommen' }).waitFor();
    await applied.getByText('1 Schritt wurde übernommen.').waitFor();
    expect(await applied.getByRole('link', { name: 'Zum Vorgang' }).getAttribute('href')).toBe(`/vorgaenge/${caseId}`);

    const name = `${person.givenNames.join(' ')} ${person.familyName}`;
    const item = clerkPage.getByRole('region', { name, exact: true });
    await item.getByRole('link', { name }).waitFor();
    expect(await item.getByRole('link', { name }).getAttribute('href')).toBe(`/personen/${person.id}`);
    await item.getByText(/Das Rathaus kennt diese Art von Schritt nicht/).first().waitFor();
    await item.getByText(/does not know events of kind "visit.greeted"/).waitFor();
    await item.getByRole('table', { name: 'Gehaltene Schritte' }).getByRole('cell', { name: 'visit.greeted' }).waitFor();
    await expectAccessible(clerkPage, 'Koffer-Erfassungen prüfen');

    // Without a reason: the error is on the field, which takes the focus.
    await item.getByRole('button', { name: 'Beiseitelegen' }).click();
    const reason = item.getByRole('textbox', { name: 'Begründung' });
    await item.getByText('Geben Sie einen Grund an.').waitFor();
    expect(await reason.getAttribute('aria-invalid')).toBe('true');
    expect(await reason.evaluate((el) => el === document.activeElement)).toBe(true);
    await expectAccessible(clerkPage, 'Koffer-Erfassungen prüfen (reason missing)');

    // Apply: the step's kind is still unknown, so it stays in review; no case link.
    await reason.fill('Mit dem Register verglichen, Anschrift stimmt.');
    await item.getByRole('button', { name: 'Nach Prüfung übernehmen' }).click();
    const result = item.getByRole('status');
    await result.getByText('Nicht alles übernommen').waitFor();
    await result.getByText(/1 Schritt ist weiter in Prüfung/).waitFor();
    expect(await result.getByRole('link', { name: 'Zum Vorgang' }).count()).toBe(0);

    await reason.fill('Unbekannte Schrittart; Koffer wird aktualisiert, Erfassung beiseitegelegt.');
    await item.getByRole('button', { name: 'Beiseitelegen' }).click();
    await result.getByRole('heading', { name: 'Beiseitegelegt' }).waitFor();
    await result.getByText('1 Schritt wurde beiseitegelegt.').waitFor();
    expect(await item.getByRole('button', { name: 'Beiseitelegen' }).count()).toBe(0);
    await expectAccessible(clerkPage, 'Koffer-Erfassungen prüfen (set aside)');
    // The applied case is a case of the Rathaus now; both are gone from the queue.
    await opened.getByRole('link', { name: 'Zum Vorgang' }).click();
    await clerkPage.waitForURL(`**/vorgaenge/${caseId}`);
    await clerkPage.getByRole('heading', { level: 1, name: 'Meldebescheinigung' }).waitFor();
    await clerkPage.getByText(caseNumber!).first().waitFor();
    await clerkPage.goto(`${city.baseUrl}/pruefung/koffer`);
    await clerkPage.getByText('Derzeit wartet keine Koffer-Erfassung auf eine Prüfung.').waitFor();
  });

  it('lets the admin revoke the kit with a reason and see when the kit confirmed its wipe', async () => {
    await adminPage.reload();
    const active = adminPage.getByRole('region', { name: 'Gekoppelte Koffer' }).getByRole('article', { name: kitName });
    // The session the kit opened counts as contact.
    await active.getByRole('heading', { name: kitName }).waitFor();
    await active.getByText('Letzter Kontakt').waitFor();
    expect(await active.getByText('noch nie').count()).toBe(0);
    await active.getByRole('button', { name: `Sperren: ${kitName}` }).click();
    const dialog = adminPage.getByRole('dialog', { name: `${kitName} sperren` });
    await dialog.waitFor();
    const reason = dialog.getByRole('textbox', { name: 'Grund der Sperrung' });
    expect(await reason.evaluate((el) => el === document.activeElement)).toBe(true);
    await expectAccessible(adminPage, 'Koffer sperren (dialog)');
    // Escape closes without revoking.
    await adminPage.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    await active.getByRole('button', { name: `Sperren: ${kitName}` }).click();
    await dialog.getByRole('button', { name: 'Koffer sperren' }).click();
    await dialog.getByText('Geben Sie einen Grund an.').waitFor();
    await reason.fill('Notebook verloren');
    await dialog.getByRole('button', { name: 'Koffer sperren' }).click();
    await dialog.waitFor({ state: 'detached' });
    await adminPage.getByRole('status').getByText(`${kitName} ist gesperrt.`).waitFor();
    const revoked = adminPage.getByRole('region', { name: 'Gesperrte Koffer' }).getByRole('article', { name: kitName });
    await revoked.getByText('Notebook verloren').waitFor();
    await revoked.getByText('Löschung noch nicht bestätigt (der Koffer hat sich seitdem nicht gemeldet)').waitFor();
    await expectAccessible(adminPage, 'Koffer koppeln (revoked)');

    // The kit learns of it at its next contact, wipes and confirms with a signed challenge.
    const refused = await fetch(`${city.baseUrl}/api/kit/challenge`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ pairingId, purpose: 'session' }),
    });
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ error: { code: 'KIT_REVOKED', details: { wipe: true } } });
    await postJson(`${city.baseUrl}/api/kit/wiped`, await signed(city.baseUrl, keys, pairingId, 'wiped'));
    await adminPage.reload();
    await revoked.getByText(/^Löschung bestätigt am \d/).waitFor();
  });
});
