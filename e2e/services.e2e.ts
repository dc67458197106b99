import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { poppler } from '../src/documents/testing.ts';
import { launchChromium } from './browser.ts';
import { startDemoCity, type RunningCity } from './harness.ts';
import {
  captureAndComplete, caseDocuments, caseState, expectAccessible, idCardOf, logIn, nextStep, pickResident, startService, toOverview,
} from './pages.ts';

/**
 * The services at the counter, end to end in the office UI on the demo city: a clerk opens the
 * person, starts the service, walks the guided steps, sees the rules' violations and the fee,
 * captures, pays, completes and prints; certificates verify through their public code.
 */
/** Today in Europe/Berlin, as the server dates applications (between 23:00 and 24:00 UTC it is already tomorrow there). */
function berlinToday(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
}

describe('services at the counter', () => {
  let city: RunningCity;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const taken = new Set<string>();

  beforeAll(async () => {
    city = await startDemoCity();
    browser = await launchChromium();
    context = await browser.newContext({ locale: 'de-DE' });
    page = await context.newPage();
    await logIn(page, city.baseUrl, 'sachbearbeitung');
  });
  afterEach(async (test) => {
    // A failing walk leaves its last screen behind for the developer.
    if (test.task.result?.state === 'fail') await page.screenshot({ path: `/tmp/bk-e2e-${test.task.name.slice(0, 40).replace(/\W+/g, '-')}.png`, fullPage: true });
  });
  afterAll(async () => {
    await browser?.close();
    await city?.close();
  });

  /** The verification page a citizen reaches from the QR code: public, no session. */
  async function verifyPublicly(code: string, expectText: string): Promise<void> {
    const anonymous = await browser.newContext({ locale: 'de-DE' });
    const visitor = await anonymous.newPage();
    await visitor.goto(`${city.baseUrl}/verify/${code}`);
    const body = await visitor.locator('body').textContent();
    expect(body).toContain(code);
    expect(body).toContain(expectText);
    expect(body).toMatch(/echt/i);
    await anonymous.close();
  }

  function verificationCode(text: string): string {
    const match = /BK-[0-9A-Z]{4}-[0-9A-Z]{4}/.exec(text);
    if (!match) throw new Error(`no verification code in:\n${text}`);
    return match[0];
  }

  /** Draws a signature on the pad the way a finger would, then hands it in. */
  async function sign(): Promise<void> {
    const pad = page.locator('canvas.bk-signature__pad');
    const box = await pad.boundingBox();
    if (!box) throw new Error('no signature pad');
    await page.mouse.move(box.x + 20, box.y + box.height * 0.6);
    await page.mouse.down();
    for (let i = 1; i <= 12; i += 1) await page.mouse.move(box.x + 20 + i * 25, box.y + box.height * (0.6 - 0.25 * Math.sin(i)));
    await page.mouse.up();
    await page.getByRole('button', { name: 'Unterschrift übernehmen' }).click();
    await page.getByRole('img', { name: /Erfasstes Bild/ }).first().waitFor();
  }

  const caseIdOf = () => page.url().split('/vorgaenge/')[1]?.split('?')[0] ?? '';

  it('takes a Personalausweis application with photo, fingerprints and signature; the order goes out; hand-over deletes the fingerprints', async () => {
    const resident = await pickResident(city.database, { minAge: 30, maxAge: 80, withIdCard: true, taken });
    const oldCard = await idCardOf(city.database, resident.id);
    await startService(page, city.baseUrl, resident.id, 'Personalausweis beantragen');
    await page.getByLabel('Die Person ist persönlich anwesend').check();
    await page.getByLabel('Vorgelegtes Ausweisdokument').selectOption('personalausweis');
    await page.getByLabel('Nummer des vorgelegten Dokuments').fill(oldCard);
    await page.getByLabel('Die anwesende Person ist die auf dem Lichtbild des Dokuments').check();
    await page.getByLabel('Namen, Geburtsdaten und Anschrift stimmen mit dem Melderegister überein').check();
    await nextStep(page);
    await nextStep(page); // competence: the Hauptwohnung is here
    await page.getByRole('button', { name: 'Lichtbild aufnehmen starten' }).click();
    await page.getByLabel('Entscheidung über das Lichtbild').selectOption('accepted');
    await expectAccessible(page, 'photo step');
    await nextStep(page);
    for (const finger of ['left_index', 'right_index']) {
      await page.getByLabel('Finger für die nächste Aufnahme').selectOption(finger);
      await page.getByRole('button', { name: 'Fingerabdruck erfassen starten' }).click();
      await expect.poll(() => page.getByRole('img', { name: /Erfasstes Bild/ }).count()).toBeGreaterThan(finger === 'left_index' ? 0 : 1);
    }
    await nextStep(page);
    await sign();
    await nextStep(page);
    await page.getByLabel('Größe in cm').fill('168');
    await page.getByLabel('Augenfarbe', { exact: true }).selectOption('braun');
    await nextStep(page);
    await page.getByLabel('Über die Online-Ausweisfunktion und den PIN-Brief unterrichtet').check();
    await nextStep(page);
    await page.getByLabel('Aushändigung', { exact: true }).selectOption('pickup');
    await toOverview(page);
    const total = await captureAndComplete(page);
    expect(total).toBe('52,00 €'); // 46 € + 6 € for the photo taken by the authority
    const status = page.getByTestId('message-status').first();
    await expect.poll(() => status.textContent(), { timeout: 30_000 }).toBe('zugestellt');
    await expect.poll(() => caseState(page), { timeout: 10_000 }).toBe('übermittelt');
    const documents = await caseDocuments(page, city.baseUrl);
    const summary = [...documents.entries()].find(([name]) => name.startsWith('Antrag'))?.[1];
    expect(summary, `documents: ${[...documents.keys()].join(', ')}`).toBeDefined();
    expect(poppler('pdftotext', summary ?? Buffer.alloc(0))).toContain(resident.familyName);

    // Four weeks later: the new card is handed over.
    await page.getByLabel('Datum der Aushändigung').fill(berlinToday());
    await page.getByLabel('Uhrzeit').fill('10:30');
    await page.getByLabel('Empfangen durch').selectOption('holder');
    const receiver = page.getByLabel('Name der empfangenden Person');
    if (await receiver.isVisible()) await receiver.fill(resident.familyName);
    const evidence = page.getByLabel('Nachweis (Vollmacht, Ausweis der empfangenden Person)');
    if (await evidence.isVisible()) await evidence.fill('Personalausweis');
    await page.getByLabel('Nummer des bisherigen Dokuments').fill(oldCard);
    await page.getByLabel('Bisheriges Dokument').selectOption('invalidated_returned');
    await page.getByRole('button', { name: 'Aushändigung dokumentieren' }).click();
    await expect.poll(() => caseState(page), { timeout: 10_000 }).toBe('ausgehändigt');
    const view = await (await page.request.get(`${city.baseUrl}/api/cases/${caseIdOf()}`)).json() as { attachments: { kind: string; deleted: boolean }[] };
    const prints = view.attachments.filter((a) => a.kind === 'fingerprint');
    expect(prints.length).toBeGreaterThanOrEqual(2);
    expect(prints.every((a) => a.deleted)).toBe(true);
  });

  it('registers a person moving in from Herne: Meldebestätigung, and the XMeld Rückmeldung leaves valid', async () => {
    await page.goto(`${city.baseUrl}/vorgaenge`);
    await page.getByRole('link', { name: 'Anmeldung einer neu zuziehenden Person' }).click();
    await page.getByLabel('Anmeldung (Zuzug)').check();
    await page.getByRole('button', { name: 'Vorgang anlegen' }).click();
    await page.waitForURL('**/vorgaenge/*');
    const movedIn = new Date(Date.now() - 3 * 86_400_000).toISOString().slice(0, 10);
    const einzug = page.getByRole('group', { name: 'Neue Wohnung' });
    await page.getByLabel('Einzugsdatum', { exact: true }).fill(movedIn);
    await einzug.getByLabel('Straße').fill('Kortumstraße');
    await einzug.getByLabel('Hausnummer').fill('45');
    await einzug.getByLabel('Postleitzahl').fill('44787');
    await einzug.getByLabel('Ort').fill('Bochum');
    await page.getByLabel('Wohnungsstatus').selectOption('haupt');
    await nextStep(page);
    await page.getByLabel('Familienname', { exact: true }).fill('Nowak');
    await page.getByLabel('Vornamen (durch Leerzeichen getrennt)').fill('Zofia');
    await page.getByLabel('Geburtsdatum').fill('1990-04-12');
    await page.getByLabel('Geburtsort').fill('Herne');
    await page.getByLabel('Geschlecht').selectOption('w');
    await page.getByLabel('Staatsangehörigkeit(en) (Ländercodes, z. B. DE, PL)').fill('DE PL');
    await nextStep(page);
    await page.getByLabel('Zuzug').selectOption('inland');
    const previous = page.getByRole('group', { name: 'Bisherige Anschrift' });
    await previous.getByLabel('Straße').fill('Bahnhofstraße');
    await previous.getByLabel('Hausnummer').fill('12');
    await previous.getByLabel('Postleitzahl').fill('44623');
    await previous.getByLabel('Ort').fill('Herne');
    await page.getByLabel('Bisherige Meldebehörde (Gemeinde)').fill('Herne');
    await page.getByLabel('Gemeindeschlüssel der bisherigen Gemeinde').fill('05916000');
    await nextStep(page);
    await nextStep(page); // nobody moves along
    await page.getByLabel('Form der Bestätigung').selectOption('paper');
    await page.getByLabel('Name des Wohnungsgebers').fill('Wohnungsbaugesellschaft Ruhr eG');
    const landlord = page.getByRole('group', { name: 'Anschrift des Wohnungsgebers' });
    await landlord.getByLabel('Straße').fill('Huestraße');
    await landlord.getByLabel('Hausnummer').fill('2');
    await landlord.getByLabel('Postleitzahl').fill('44787');
    await landlord.getByLabel('Ort').fill('Bochum');
    await page.getByLabel('Einzugsdatum laut Bestätigung').fill(movedIn);
    const flat = page.getByRole('group', { name: 'Wohnung laut Bestätigung' });
    await flat.getByLabel('Straße').fill('Kortumstraße');
    await flat.getByLabel('Hausnummer').fill('45');
    await flat.getByLabel('Postleitzahl').fill('44787');
    await flat.getByLabel('Ort').fill('Bochum');
    await page.getByLabel('Genannte Personen (eine je Zeile)').fill('Zofia Nowak');
    await toOverview(page);
    const total = await captureAndComplete(page);
    expect(total).toBe('0,00 €');
    const documents = await caseDocuments(page, city.baseUrl);
    const [, confirmation] = [...documents.entries()].find(([name]) => name.startsWith('Meldebestätigung')) ?? ['', Buffer.alloc(0)];
    const text = poppler('pdftotext', confirmation);
    expect(text).toContain('Nowak');
    expect(text).toContain('Kortumstraße 45');
    const status = page.getByTestId('message-status').first();
    await expect.poll(() => status.textContent(), { timeout: 30_000 }).toBe('zugestellt');

    // The dropped Rückmeldung is a valid XMeld 25.11a message.
    const folder = join(city.dataDir, 'outbox', 'xmeld_rueckmeldung');
    const files = existsSync(folder) ? readdirSync(folder).filter((f) => f.endsWith('.xml')) : [];
    expect(files.length).toBe(1);
    const xmeld = resolve('../shared/standards/xmeld');
    execFileSync('xmllint', ['--nonet', '--noout', '--schema', join(xmeld, 'xmeld-25.11a/xinneres.xmeld.xsd'), join(folder, files[0] ?? '')], {
      env: { ...process.env, XML_CATALOG_FILES: join(xmeld, 'catalog.xml') }, stdio: 'pipe',
    });
  });

  it('issues a Meldebescheinigung: fee from the tariff, cash payment, certificate with a code that verifies', async () => {
    const resident = await pickResident(city.database, { minAge: 30, maxAge: 60, taken });
    await startService(page, city.baseUrl, resident.id, 'Meldebescheinigung');
    await expectAccessible(page, 'case step');
    await page.getByLabel('Meldebescheinigung', { exact: true }).selectOption('simple');
    await nextStep(page);
    await page.getByLabel('Verwendungszweck').selectOption('general');
    await toOverview(page);
    await expectAccessible(page, 'case summary');
    const total = await captureAndComplete(page, 'bar');
    expect(total).toBe('10,00 €');
    const documents = await caseDocuments(page, city.baseUrl);
    expect([...documents.keys()]).toEqual(expect.arrayContaining(['Quittung', 'Meldebescheinigung']));
    const text = poppler('pdftotext', documents.get('Meldebescheinigung') ?? Buffer.alloc(0));
    expect(text).toContain(resident.familyName);
    expect(text).toContain('§ 18 Abs. 1 BMG');
    await verifyPublicly(verificationCode(text), resident.familyName);
    await expect.poll(() => caseState(page)).toMatch(/abgeschlossen|erledigt/);
  });

  it('issues a Lebensbescheinigung for a pension free of charge', async () => {
    const resident = await pickResident(city.database, { minAge: 70, maxAge: 99, withIdCard: true, taken });
    await startService(page, city.baseUrl, resident.id, 'Lebensbescheinigung');
    await page.getByLabel('Vorgelegtes Ausweisdokument').selectOption('personalausweis');
    await page.getByLabel('Dokumentennummer').fill(await idCardOf(city.database, resident.id));
    await page.getByLabel('Lichtbild und Person verglichen', { exact: false }).check();
    await page.getByLabel('Die Person ist persönlich anwesend').check();
    await nextStep(page);
    await page.getByLabel('Bescheinigung auf').selectOption('municipal');
    await page.getByLabel('Verwendungszweck').selectOption('pension');
    await page.getByLabel('Stelle (Rentenversicherung, Leistungsträger)').fill('Deutsche Rentenversicherung Westfalen');
    await toOverview(page);
    const total = await captureAndComplete(page);
    expect(total).toBe('0,00 €');
    const documents = await caseDocuments(page, city.baseUrl);
    const [title, pdf] = [...documents.entries()].find(([name]) => name.startsWith('Lebensbescheinigung')) ?? ['', Buffer.alloc(0)];
    expect(title).not.toBe('');
    const text = poppler('pdftotext', pdf);
    expect(text).toContain(resident.familyName);
    await verifyPublicly(verificationCode(text), resident.familyName);
  });

  it('refuses to certify a copy of an altered original, then certifies a clean one with its scanned pages', async () => {
    const resident = await pickResident(city.database, { minAge: 20, maxAge: 40, taken });
    await startService(page, city.baseUrl, resident.id, 'Kopie beglaubigen');
    await page.getByLabel('Art des Schriftstücks').selectOption('zeugnis');
    await page.getByLabel('Genaue Bezeichnung').fill('Zeugnis der allgemeinen Hochschulreife');
    await page.getByLabel('Ausgestellt von').fill('Goethe-Gymnasium Bochum');
    await page.getByLabel('Datum des Schriftstücks').fill('2019-06-28');
    await page.getByLabel('Seitenzahl des Originals').fill('2');
    await page.getByLabel('Vorgelegt als').selectOption('urschrift');
    await page.getByLabel('Ausgestellt durch').selectOption('authority');
    await nextStep(page);
    await page.getByRole('group', { name: 'Festgestellte Auffälligkeiten' }).getByRole('checkbox').first().check();
    await toOverview(page);
    await page.getByRole('button', { name: 'Erfassung abschließen' }).click();
    const summary = page.locator('.bk-error-summary');
    await summary.waitFor();
    expect(await summary.textContent()).toContain('§ 33 Abs. 2 VwVfG');
    expect(await caseState(page)).toBe('Entwurf');

    // The officer looks again: no defects after all.
    await page.getByRole('link', { name: /Prüfung des Originals/ }).first().click();
    for (const box of await page.getByRole('group', { name: 'Festgestellte Auffälligkeiten' }).getByRole('checkbox').all()) await box.uncheck();
    await page.getByLabel('Das Original zeigt keine Änderungen', { exact: false }).check();
    await nextStep(page);
    await page.getByLabel('Anzahl beglaubigter Kopien').fill('1');
    await page.getByLabel('Verwendungszweck').selectOption('general');
    await nextStep(page);
    await page.getByRole('button', { name: /Alle Seiten scannen/ }).click();
    await page.getByRole('img', { name: /Erfasstes Bild/ }).first().waitFor();
    await toOverview(page);
    await captureAndComplete(page);
    const documents = await caseDocuments(page, city.baseUrl);
    const [, pdf] = [...documents.entries()].find(([name]) => name.startsWith('Beglaubigung')) ?? ['', Buffer.alloc(0)];
    const info = poppler('pdfinfo', pdf);
    expect(Number(/Pages:\s+(\d+)/.exec(info)?.[1])).toBeGreaterThanOrEqual(3);
    const text = poppler('pdftotext', pdf);
    expect(text).toContain('Zeugnis der allgemeinen Hochschulreife');
    expect(text).toContain('Dienstsiegel');
    await verifyPublicly(verificationCode(text), 'Zeugnis der allgemeinen Hochschulreife');
  });

  it('takes a Führungszeugnis application to an authority: the Amtsgericht hint must be acknowledged, 13 € split, BZR message in the outbox', async () => {
    const resident = await pickResident(city.database, { minAge: 25, maxAge: 50, withIdCard: true, taken });
    await startService(page, city.baseUrl, resident.id, 'Führungszeugnis beantragen');
    await page.getByLabel('Belegart').selectOption('O');
    await page.getByLabel('Verwendungszweck').fill('Tätigkeit als Tagespflegeperson');
    await nextStep(page);
    await page.getByLabel('Behörde', { exact: true }).fill('Stadt Bochum – Jugendamt');
    await page.getByLabel('Anschrift der Behörde').fill('Gustav-Heinemann-Platz 2–6, 44777 Bochum');
    await page.getByLabel('Aktenzeichen der Behörde').fill('51.2-2026-117');
    await toOverview(page);
    await page.getByRole('button', { name: 'Erfassung abschließen' }).click();
    const summary = page.locator('.bk-error-summary');
    await summary.waitFor();
    expect(await summary.textContent()).toMatch(/Amtsgericht/);

    await page.getByRole('link', { name: /Empfangende Behörde/ }).first().click();
    await page.getByLabel('Auf die Einsichtnahme beim Amtsgericht hingewiesen', { exact: false }).check();
    await nextStep(page);
    await page.getByLabel('Vorgelegter Ausweis').selectOption('register');
    await page.getByLabel('Ausweisnummer').fill(await idCardOf(city.database, resident.id));
    await toOverview(page);
    const total = await captureAndComplete(page);
    expect(total).toBe('13,00 €');
    expect((await page.locator('body').textContent())?.replace(/\s/g, ' ')).toContain('Meldebehörde 5,20 €, Bundeskasse 7,80 €');
    const message = page.getByTestId('message-status').first();
    await message.waitFor();
    await expect.poll(() => message.textContent(), { timeout: 20_000 }).toBe('zugestellt');
  });

  it('resets the PIN at the Änderungsterminal without the PIN ever reaching the software', async () => {
    const resident = await pickResident(city.database, { minAge: 30, maxAge: 70, withIdCard: true, taken });
    await startService(page, city.baseUrl, resident.id, 'PIN neu setzen');
    await page.getByLabel('Seriennummer des Personalausweises').fill(await idCardOf(city.database, resident.id));
    await page.getByLabel('Der Ausweisinhaber ist anwesend', { exact: false }).check();
    await page.getByLabel('Identität anhand des Lichtbilds geprüft').check();
    await nextStep(page);
    await page.getByRole('button', { name: /PIN am Terminal neu setzen/ }).click();
    await page.getByText('Ergebnis übernommen', { exact: false }).waitFor({ state: 'attached' });
    await toOverview(page);
    await captureAndComplete(page);
    const view = await (await page.request.get(`${city.baseUrl}/api/cases/${page.url().split('/vorgaenge/')[1]?.split('?')[0]}`)).text();
    expect(view.toLowerCase()).not.toMatch(/"pin"\s*:/);
  });

  it('changes a PIN the holder knows on the PIN pad: the officer picks "PIN ändern (alte PIN bekannt)"', async () => {
    const resident = await pickResident(city.database, { minAge: 30, maxAge: 70, withIdCard: true, taken });
    await startService(page, city.baseUrl, resident.id, 'PIN neu setzen');
    await page.getByLabel('Seriennummer des Personalausweises').fill(await idCardOf(city.database, resident.id));
    await page.getByLabel('Der Ausweisinhaber ist anwesend', { exact: false }).check();
    await page.getByLabel('Identität anhand des Lichtbilds geprüft').check();
    await page.getByLabel('Kennt der Inhaber seine bisherige PIN?').selectOption('aenderung');
    await nextStep(page);
    // Only the chosen route's button shows.
    expect(await page.getByRole('button', { name: /PIN am Terminal neu setzen/ }).count()).toBe(0);
    await page.getByRole('button', { name: /PIN am PIN-Pad ändern/ }).click();
    await page.getByText('Ergebnis übernommen', { exact: false }).waitFor({ state: 'attached' });
    await toOverview(page);
    await captureAndComplete(page);
    const text = await (await page.request.get(`${city.baseUrl}/api/cases/${page.url().split('/vorgaenge/')[1]?.split('?')[0]}`)).text();
    const view = JSON.parse(text) as { state: string; data: { variant?: string; terminal?: { ok: boolean; variant?: string } } };
    expect(view).toMatchObject({ state: 'completed', data: { variant: 'aenderung', terminal: { ok: true, variant: 'aenderung' } } });
    expect(text.toLowerCase()).not.toMatch(/"(pin|newpin|oldpin)"\s*:/);
  });

  it('grants a Befreiung von der Ausweispflicht to a care-home resident with a verifiable certificate', async () => {
    const resident = await pickResident(city.database, { minAge: 80, maxAge: 105, taken });
    await startService(page, city.baseUrl, resident.id, 'Befreiung von der Ausweispflicht');
    await page.getByLabel('Grund nach § 1 Abs. 3 PAuswG').selectOption('unterbringung');
    await page.getByLabel('Art der Einrichtung').selectOption('pflegeheim');
    await page.getByLabel('Name der Einrichtung').fill('Seniorenzentrum Am Stadtpark');
    await nextStep(page);
    await page.getByLabel('Nachweis beschreiben').fill('Heimvertrag vom 01.09.2026 eingesehen');
    await nextStep(page);
    await page.getByLabel('Befreiung wird erteilt').check();
    await page.getByLabel('Gründe der Entscheidung').fill('Dauerhaft in einer Pflegeeinrichtung untergebracht.');
    await page.getByLabel('Gültig ab').fill(berlinToday());
    await page.getByLabel('Dauer').selectOption('unlimited');
    await toOverview(page);
    await captureAndComplete(page);
    const documents = await caseDocuments(page, city.baseUrl);
    const [, pdf] = [...documents.entries()].find(([name]) => name.includes('Befreiung')) ?? ['', Buffer.alloc(0)];
    const text = poppler('pdftotext', pdf);
    expect(text).toContain(resident.familyName);
    await verifyPublicly(verificationCode(text), resident.familyName);
  });

  it('shows the clerk the outbox with the delivered messages and the review queue, both accessible', async () => {
    await page.goto(`${city.baseUrl}/postausgang`);
    await page.getByRole('heading', { level: 1, name: 'Postausgang' }).waitFor();
    const delivered = page.getByRole('row').filter({ hasText: 'zugestellt' });
    await expect.poll(() => delivered.count()).toBeGreaterThanOrEqual(3); // ID order, Rückmeldung, BZR application
    await expectAccessible(page, 'outbox');
    await page.getByRole('link', { name: 'Prüfung' }).first().click();
    await page.getByRole('heading', { level: 1, name: 'Prüfung' }).waitFor();
    await expectAccessible(page, 'review queue');
    await page.getByRole('link', { name: 'Vorgänge' }).first().click();
    await page.getByRole('heading', { level: 1, name: 'Vorgänge' }).waitFor();
    await expect.poll(() => page.getByRole('row').count()).toBeGreaterThan(8);
    await expectAccessible(page, 'case list');
  });
});
