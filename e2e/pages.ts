import AxeBuilder from '@axe-core/playwright';
import { and, eq, isNull, notInArray, sql } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { demoPassword } from '../src/demo/seed-demo.ts';
import type { Database } from '../src/platform/db/database.ts';
import { idDocuments, persons, residences } from '../src/register/schema.ts';

/** axe-core on the page as it is now: no serious or critical violations allowed. */
export async function expectAccessible(page: Page, label: string): Promise<void> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const severe = result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join('; ')}`);
  expect(severe, `accessibility violations on ${label}`).toEqual([]);
}

export async function logIn(page: Page, baseUrl: string, username: string): Promise<void> {
  await page.goto(`${baseUrl}/anmelden`);
  await page.getByLabel('Benutzername').fill(username);
  await page.getByLabel('Passwort', { exact: true }).fill(demoPassword);
  await page.getByRole('button', { name: 'Anmelden' }).click();
  await page.getByRole('button', { name: 'Abmelden' }).waitFor();
}

export interface Resident {
  id: string;
  familyName: string;
  givenNames: string[];
}

/**
 * A living demo resident without any block, with a full birth date, a current Hauptwohnung in
 * the city and, when asked, a valid Personalausweis; `taken` keeps the tests on distinct people
 * (a person has at most one open case per service).
 */
export async function pickResident(database: Database, options: { minAge: number; maxAge: number; withIdCard?: boolean; taken: Set<string> }): Promise<Resident> {
  const birth = sql`make_date(${persons.birthYear}, ${persons.birthMonth}, ${persons.birthDay})`;
  const age = sql`date_part('year', age(current_date, ${birth}))`;
  const conditions = [
    isNull(persons.dateOfDeath),
    sql`${persons.birthDay} is not null and ${persons.birthMonth} is not null`,
    sql`${age} between ${options.minAge} and ${options.maxAge}`,
    sql`'DE' = any(${persons.nationalities})`,
    sql`not exists (select 1 from person_block b where b.person_id = ${persons.id})`,
    sql`exists (select 1 from ${residences} r where r.person_id = ${persons.id} and r.kind = 'haupt' and r.moved_out is null)`,
  ];
  if (options.withIdCard) {
    conditions.push(sql`exists (select 1 from ${idDocuments} d where d.person_id = ${persons.id} and d.kind = 'personalausweis' and d.status = 'valid' and d.valid_until > current_date + 30)`);
  }
  if (options.taken.size > 0) conditions.push(notInArray(persons.id, [...options.taken]));
  const [row] = await database.db.select({ id: persons.id, familyName: persons.familyName, givenNames: persons.givenNames })
    .from(persons)
    .where(and(...conditions, eq(sql`array_length(${persons.givenNames}, 1)`, 1)))
    .orderBy(persons.familyName, persons.id)
    .limit(1);
  if (!row) throw new Error(`the demo city has no resident aged ${options.minAge}–${options.maxAge}${options.withIdCard ? ' with an ID card' : ''}`);
  options.taken.add(row.id);
  return row;
}

/** The valid Personalausweis of a resident (its serial number), as the officer reads it off the card. */
export async function idCardOf(database: Database, personId: string): Promise<string> {
  const [row] = await database.db.select({ serialNumber: idDocuments.serialNumber }).from(idDocuments)
    .where(and(eq(idDocuments.personId, personId), eq(idDocuments.kind, 'personalausweis'), eq(idDocuments.status, 'valid')));
  if (!row) throw new Error(`person ${personId} has no valid Personalausweis`);
  return row.serialNumber;
}

/** Starts a service for a person from the person view, as a clerk does at the counter. */
export async function startService(page: Page, baseUrl: string, personId: string, service: string): Promise<void> {
  await page.goto(`${baseUrl}/personen/${personId}`);
  await page.getByRole('link', { name: 'Neue Dienstleistung beginnen' }).click();
  await page.getByLabel(service, { exact: true }).check();
  await page.getByRole('button', { name: 'Vorgang anlegen' }).click();
  await page.waitForURL('**/vorgaenge/*');
  await page.getByRole('heading', { level: 2 }).first().waitFor();
}

/** Saves the open step and waits for the next one (by its heading "Schritt n von m"). */
export async function nextStep(page: Page): Promise<void> {
  const heading = page.getByRole('heading', { level: 2 }).first();
  const before = await heading.textContent();
  await page.getByRole('button', { name: 'Speichern und weiter' }).click();
  await expect.poll(() => heading.textContent()).not.toBe(before);
}

/** Walks on to the summary, saving each step. */
export async function toOverview(page: Page): Promise<void> {
  const overview = page.getByRole('heading', { name: 'Übersicht und Abschluss' });
  for (let i = 0; i < 15 && !(await overview.isVisible()); i += 1) await nextStep(page);
  await overview.waitFor();
}

/** The state badge's text in the case header. */
export async function caseState(page: Page): Promise<string> {
  return (await page.locator('.bk-case__header .kern-badge').first().textContent())?.trim() ?? '';
}

/**
 * From the summary: capture, pay the outstanding fee (when there is one) and complete. Returns the
 * fee total as the page showed it.
 */
export async function captureAndComplete(page: Page, payment: 'bar' | 'Karte' = 'Karte'): Promise<string> {
  await page.getByRole('button', { name: 'Erfassung abschließen' }).click();
  await expect.poll(() => caseState(page)).not.toBe('Entwurf');
  // Intl writes a no-break space before the euro sign.
  const total = (await page.getByTestId('fee-total').textContent())?.replace(/\s/g, ' ').trim() ?? '';
  if (await page.getByRole('button', { name: 'Zahlung buchen' }).isVisible()) {
    await page.getByLabel(payment, { exact: true }).check();
    if (payment === 'Karte') await page.getByLabel('Beleg-Nr. des Kartenterminals').fill('ZVT-000417');
    await page.getByRole('button', { name: 'Zahlung buchen' }).click();
    await expect.poll(() => caseState(page)).toBe('bezahlt');
  }
  const complete = page.getByRole('button', { name: 'Vorgang abschließen und Dokumente erstellen' });
  await complete.waitFor();
  // The payment's receipt is still being fetched and rendered on a loaded machine: click on a settled page.
  await page.waitForLoadState('networkidle');
  await complete.click();
  await expect.poll(() => caseState(page), { timeout: 20_000 }).toMatch(/abgeschlossen|übermittelt/);
  return total;
}

/** The PDFs listed on the case page, by title, downloaded through the signed-in browser session. */
export async function caseDocuments(page: Page, baseUrl: string): Promise<Map<string, Buffer>> {
  const links = await page.locator('a[href^="/api/documents/"]').evaluateAll((anchors) =>
    anchors.map((a) => ({ href: a.getAttribute('href') ?? '', title: a.textContent ?? '' })));
  const out = new Map<string, Buffer>();
  for (const link of links) {
    const response = await page.request.get(`${baseUrl}${link.href}`);
    expect(response.headers()['content-type']).toContain('application/pdf');
    out.set(link.title.trim(), await response.body());
  }
  return out;
}
