import { and, eq, isNotNull, isNull } from 'drizzle-orm';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestImapServer, startTestSmtpServer, type TestImapServer, type TestSmtpServer } from '../src/platform/mail/testing.ts';
import { addresses, institutions, persons, residences } from '../src/register/schema.ts';
import { composeMail, samplePdf } from '../src/requests/mail/testing.ts';
import { visitRequests } from '../src/requests/schema.ts';
import { launchChromium } from './browser.ts';
import { startDemoCity, type RunningCity } from './harness.ts';
import { expectAccessible, logIn, pickResident } from './pages.ts';

/** A register resident with what a caller or a web form names: birth date and the Hauptwohnung (with coordinates, so the planner can place the visit). */
interface Subject {
  id: string;
  familyName: string;
  givenName: string;
  /** YYYY-MM-DD */
  birthDate: string;
  street: string;
  houseNumber: string;
  postcode: string;
  city: string;
}

async function pickSubject(city: RunningCity, taken: Set<string>): Promise<Subject> {
  const { db } = city.database;
  const careHomes = new Set((await db.select({ addressId: institutions.addressId }).from(institutions)).map((i) => i.addressId));
  for (let attempt = 0; attempt < 20; attempt += 1) {
    const resident = await pickResident(city.database, { minAge: 70, maxAge: 95, taken });
    const [row] = await db.select({
      birthYear: persons.birthYear, birthMonth: persons.birthMonth, birthDay: persons.birthDay, addressId: addresses.id,
      street: addresses.street, houseNumber: addresses.houseNumber, postcode: addresses.postcode, city: addresses.city,
    }).from(residences).innerJoin(persons, eq(persons.id, residences.personId)).innerJoin(addresses, eq(addresses.id, residences.addressId))
      .where(and(eq(residences.personId, resident.id), eq(residences.kind, 'haupt'), isNull(residences.movedOut), isNotNull(addresses.latitude), isNull(addresses.addition)))
      .limit(1);
    if (!row || careHomes.has(row.addressId) || !row.birthYear || !row.birthMonth || !row.birthDay) continue;
    const pad = (n: number) => String(n).padStart(2, '0');
    return {
      id: resident.id, familyName: resident.familyName, givenName: resident.givenNames[0]!,
      birthDate: `${row.birthYear}-${pad(row.birthMonth)}-${pad(row.birthDay)}`,
      street: row.street, houseNumber: row.houseNumber, postcode: row.postcode, city: row.city,
    };
  }
  throw new Error('the demo city has no suitable resident living at home');
}

const fullName = (s: Subject) => `${s.givenName} ${s.familyName}`;
const germanDate = (iso: string) => iso.split('-').reverse().join('.');

/** The Monday of the week after this one, in Berlin: the week the planning page opens on (web/src/pages/planning/week.ts). */
function comingMonday(): string {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
  const date = new Date(`${today}T12:00:00Z`);
  const weekday = date.getUTCDay() === 0 ? 7 : date.getUTCDay();
  date.setUTCDate(date.getUTCDate() - (weekday - 1) + 7);
  return date.toISOString().slice(0, 10);
}

/** On the request page: the evidence seen (Pflegegrad-Bescheid, Pflegegrad 4) and the decision, which must come out eligible. */
async function decideEligible(page: Page): Promise<void> {
  const section = page.getByRole('region', { name: 'Über die Berechtigung entscheiden' });
  await section.getByLabel('Vorliegender Nachweis').selectOption({ label: 'Pflegegrad-Bescheid' });
  await section.getByLabel('Pflegegrad (1–5)').selectOption('4');
  await section.getByRole('button', { name: 'Entscheiden' }).click();
  await section.getByRole('alert').filter({ hasText: 'Berechtigt für einen Hausbesuch' }).waitFor();
}

/** On the request page: the register's candidates for the request's subject, and the one meant. */
async function matchInRegister(page: Page, subject: Subject): Promise<void> {
  const section = page.getByRole('region', { name: 'Abgleich mit dem Melderegister' });
  await section.getByRole('button', { name: 'Mögliche Personen im Melderegister suchen' }).click();
  await section.getByRole('button', { name: new RegExp(`^Diese Person zuordnen\\W+${fullName(subject)}$`) }).click();
  await section.getByText(`Die Anfrage ist ${fullName(subject)} zugeordnet.`).waitFor();
}

const requestIdOf = (page: Page) => new URL(page.url()).pathname.split('/').pop()!;

/**
 * Issue 4's "Done when": a request by phone, one by a real email through IMAP and one through the
 * public web form each end up in a planned, confirmed tour in the demo city — driven in the
 * browser as the dispatcher and the citizen do it, with real SMTP and IMAP servers on loopback.
 */
describe('visit requests: phone, email and web form to a confirmed tour', () => {
  let city: RunningCity;
  let smtp: TestSmtpServer;
  let imap: TestImapServer;
  let browser: Browser;
  let office: BrowserContext;
  let page: Page;
  let citizen: BrowserContext;
  const taken = new Set<string>();

  beforeAll(async () => {
    [smtp, imap] = await Promise.all([startTestSmtpServer(), startTestImapServer()]);
    city = await startDemoCity({ residents: 1500, config: { smtpUrl: smtp.url, imapUrl: imap.url, imapPollSeconds: 1 } });
    // The seeded requests' subjects stay out: a person has one open request at a time.
    for (const r of await city.database.db.select({ personId: visitRequests.personId }).from(visitRequests)) if (r.personId) taken.add(r.personId);
    browser = await launchChromium();
    office = await browser.newContext({ locale: 'de-DE' });
    page = await office.newPage();
    citizen = await browser.newContext({ locale: 'de-DE' });
    await logIn(page, city.baseUrl, 'disposition');
  });
  afterEach(async (test) => {
    if (test.task.result?.state === 'fail') await page.screenshot({ path: '/tmp/bk-e2e-visit-requests.png', fullPage: true });
  });
  afterAll(async () => {
    await browser?.close();
    await city?.close();
    await Promise.allSettled([smtp?.stop(), imap?.stop()]);
  });

  it('plans and confirms a phone request, a mailed one and a web-form one in the demo city', async () => {
    const byPhone = await pickSubject(city, taken);
    const byMail = await pickSubject(city, taken);
    const byWeb = await pickSubject(city, taken);
    const mailRequester = { name: `Sabine ${byMail.familyName}`, address: 'sabine.angehoerige@example.org' };
    const webEmail = 'selbst.antrag@example.org';

    // 1. Phone: the dispatcher takes the call, matches the register person and takes over the Hauptwohnung.
    await page.goto(`${city.baseUrl}/anfragen/neu`);
    await page.getByRole('heading', { level: 1, name: 'Telefonische Anfrage erfassen' }).waitFor();
    await page.getByLabel('Name', { exact: true }).fill(`Karin ${byPhone.familyName}`);
    await page.getByLabel('Beziehung zur besuchten Person').selectOption({ label: 'Angehörige/r' });
    await page.getByLabel('Rückrufnummer').fill('0234 5551234');
    await page.getByLabel('Postanschrift (eine Zeile je Angabe)').fill(`${byPhone.street} ${byPhone.houseNumber}\n${byPhone.postcode} ${byPhone.city}`);
    await page.getByLabel('Familienname').fill(byPhone.familyName);
    await page.getByLabel('Vornamen').fill(byPhone.givenName);
    await page.getByLabel('Geburtsdatum').fill(byPhone.birthDate);
    await page.getByRole('button', { name: new RegExp(`^Zuordnen\\W+${fullName(byPhone)}$`) }).click();
    await page.getByRole('button', { name: 'Anschrift als Besuchsort übernehmen' }).click();
    await expect.poll(() => page.getByLabel('Straße').inputValue()).toBe(byPhone.street);
    expect(await page.getByLabel('Postleitzahl').inputValue()).toBe(byPhone.postcode);
    await page.getByLabel('Personalausweis', { exact: true }).check();
    await page.getByRole('button', { name: 'Anfrage speichern' }).click();
    await page.waitForURL(/\/anfragen\/[^/]+$/);
    await page.getByText(/Anfrage .* ist erfasst\./).first().waitFor();
    const phoneId = requestIdOf(page);
    await page.getByRole('region', { name: 'Abgleich mit dem Melderegister' }).getByText('Die Anfrage ist einer Person im Melderegister zugeordnet.').waitFor();
    await decideEligible(page);

    // 2. Email: a relative writes to the intake mailbox; the job turns the mail into a draft.
    const raw = await composeMail({
      from: `${mailRequester.name} <${mailRequester.address}>`,
      to: 'hausbesuch@bochum.example',
      subject: `Hausbesuch für meine Mutter ${fullName(byMail)}`,
      text: `Guten Tag,\n\nmeine Mutter ${fullName(byMail)}, geboren am ${germanDate(byMail.birthDate)}, wohnt in der ${byMail.street} ${byMail.houseNumber}, `
        + `${byMail.postcode} ${byMail.city}. Sie hat Pflegegrad 4 und kann nicht mehr ins Bürgerbüro kommen. Ihr Personalausweis läuft ab; `
        + 'bitte kommen Sie zu ihr nach Hause. Den Bescheid der Pflegekasse habe ich angehängt.\n\nMit freundlichen Grüßen\n' + mailRequester.name,
      attachments: [{ filename: 'pflegegrad-bescheid.pdf', content: samplePdf, contentType: 'application/pdf' }],
    });
    await imap.append(raw);
    await page.goto(`${city.baseUrl}/anfragen`);
    const mailRow = page.getByRole('row').filter({ hasText: mailRequester.name });
    await expect.poll(async () => {
      if (await mailRow.count() === 0) await page.reload();
      await page.getByRole('heading', { level: 1, name: 'Anfragen für Hausbesuche' }).waitFor();
      return mailRow.count();
    }, { timeout: 30_000, interval: 1_000 }).toBe(1);
    expect(await mailRow.textContent()).toContain('Entwurf');
    await mailRow.getByRole('link').first().click();
    await page.waitForURL(/\/anfragen\/[^/]+$/);
    await page.getByRole('link', { name: /pflegegrad-bescheid\.pdf herunterladen/ }).waitFor();
    const mailId = requestIdOf(page);
    // The dispatcher reads who is to be visited, what for and where out of the mail and completes the draft.
    const draft = page.getByRole('region', { name: 'Entwurf vervollständigen' });
    await draft.getByLabel('Familienname').waitFor();
    await expectAccessible(page, 'mail draft on the request page');
    await draft.getByLabel('Familienname').fill(byMail.familyName);
    await draft.getByLabel('Vornamen').fill(byMail.givenName);
    await draft.getByLabel('Geburtsdatum').fill(byMail.birthDate);
    await draft.getByLabel('Beziehung zur besuchten Person').selectOption({ label: 'Angehörige/r' });
    await draft.getByLabel('Personalausweis', { exact: true }).check();
    await draft.getByLabel('Art des Besuchsorts').selectOption({ label: 'Wohnung' });
    await draft.getByLabel('Straße').fill(byMail.street);
    await draft.getByLabel('Hausnummer').fill(byMail.houseNumber);
    await draft.getByLabel('Postleitzahl').fill(byMail.postcode);
    await draft.getByLabel('Ort', { exact: true }).fill(byMail.city);
    await draft.getByRole('button', { name: 'Speichern und als offen übernehmen' }).click();
    await expect.poll(() => page.getByRole('region', { name: 'Angaben' }).textContent()).toContain('Offen');
    await matchInRegister(page, byMail);
    await decideEligible(page);

    // 3. Web form: the citizen asks for a visit for themselves, without an account.
    const portal = await citizen.newPage();
    await portal.goto(`${city.baseUrl}/hausbesuch`);
    await portal.getByRole('heading', { level: 1, name: 'Hausbesuch beantragen' }).waitFor();
    await expectAccessible(portal, 'public visit request form');
    await portal.getByLabel('Ihr Name').fill(fullName(byWeb));
    await portal.getByLabel('E-Mail-Adresse').fill(webEmail);
    await portal.getByLabel('Familienname').fill(byWeb.familyName);
    await portal.getByLabel('Vornamen').fill(byWeb.givenName);
    await portal.getByLabel('Geburtsdatum').fill(germanDate(byWeb.birthDate));
    await portal.getByLabel('Personalausweis', { exact: true }).check();
    await portal.getByLabel('in der Wohnung').check();
    await portal.getByLabel('Straße').fill(byWeb.street);
    await portal.getByLabel('Hausnummer').fill(byWeb.houseNumber);
    await portal.getByLabel('Postleitzahl').fill(byWeb.postcode);
    await portal.getByLabel('Ort', { exact: true }).fill(byWeb.city);
    await portal.getByLabel(/Ich habe die Datenschutzhinweise gelesen/).check();
    await portal.getByRole('button', { name: 'Anfrage senden' }).click();
    // The proof of work runs in the page; the form goes out once it is done.
    await portal.getByRole('heading', { level: 1, name: 'Ihre Anfrage ist eingegangen' }).waitFor({ timeout: 30_000 });
    const webReference = ((await portal.locator('.kern-alert strong.bk-mono').textContent()) ?? '').trim();
    expect(webReference).toMatch(/\S/);
    const statusHref = await portal.getByRole('link', { name: 'Stand Ihrer Anfrage ansehen' }).getAttribute('href');
    expect(statusHref).toMatch(/^\/hausbesuch\/status\//);

    // The dispatcher finds it by its reference, matches the register person and decides.
    await page.goto(`${city.baseUrl}/anfragen`);
    await page.getByLabel('Suche (Aktenzeichen, Name, Einrichtung)').fill(webReference);
    await page.getByRole('button', { name: 'Filtern' }).click();
    await page.getByRole('link', { name: webReference, exact: true }).click();
    await page.waitForURL(/\/anfragen\/[^/]+$/);
    await page.getByRole('heading', { level: 1, name: `Anfrage ${webReference}` }).waitFor();
    const webId = requestIdOf(page);
    await matchInRegister(page, byWeb);
    await decideEligible(page);

    // 4. Planning: the coming week, then every tour with one of the three is confirmed.
    await page.goto(`${city.baseUrl}/planung?woche=${comingMonday()}`);
    await page.getByRole('heading', { level: 1, name: 'Tourenplanung' }).waitFor();
    await page.getByRole('button', { name: 'Woche planen' }).click();
    await page.getByText(/Anfragen? eingeplant/).first().waitFor({ timeout: 30_000 });
    const tourOf = (s: Subject) => page.locator('article.bk-tour-card').filter({ has: page.getByRole('link', { name: fullName(s), exact: true }) });
    for (const subject of [byPhone, byMail, byWeb]) {
      const card = tourOf(subject);
      await expect.poll(() => card.count(), { message: `${fullName(subject)} is on a tour` }).toBe(1);
      if (await card.getByText('bestätigt', { exact: true }).count() > 0) continue;
      await card.getByRole('button', { name: /^Tour bestätigen und benachrichtigen/ }).click();
      await card.getByText('Tour bestätigt').waitFor({ timeout: 20_000 });
      await card.getByText('bestätigt', { exact: true }).waitFor();
    }
    for (const id of [phoneId, mailId, webId]) {
      const response = await page.request.get(`${city.baseUrl}/api/visit-requests/${id}`);
      expect(response.status()).toBe(200);
      expect(((await response.json()) as { status: string }).status, `request ${id}`).toBe('confirmed');
    }
    await expectAccessible(page, 'planning page with confirmed tours');

    // The phone caller has no mail address: the letter waits to be printed, as one PDF per tour.
    const print = tourOf(byPhone).getByRole('link', { name: /^Briefe drucken \(\d+\)/ });
    await print.waitFor();
    const letters = await page.request.get(`${city.baseUrl}${await print.getAttribute('href')}`);
    expect(letters.status()).toBe(200);
    expect(letters.headers()['content-type']).toContain('application/pdf');

    // The mail and the web-form requesters got the confirmation with a calendar entry.
    for (const address of [mailRequester.address, webEmail]) {
      await expect.poll(() => smtp.messages.some((m) => m.envelope.to.includes(address)
        && m.parsed.attachments.some((a) => a.filename?.endsWith('.ics') || a.contentType === 'text/calendar')),
      { message: `confirmation with .ics to ${address}`, timeout: 15_000 }).toBe(true);
    }

    // The citizen's status link shows the confirmed visit.
    await portal.goto(`${city.baseUrl}${statusHref}`);
    await portal.getByRole('heading', { level: 2, name: 'Der Termin ist bestätigt.' }).waitFor().catch(async (error: unknown) => {
      // Say what the page showed instead: the state the requester saw is the clue.
      throw new Error(`status page: ${(await portal.locator('main').innerText().catch(() => '(no main)')).slice(0, 600)}`, { cause: error });
    });
    await portal.getByRole('heading', { level: 2, name: 'Ihr Termin' }).waitFor();
  }, 120_000);
});
