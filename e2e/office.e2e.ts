import AxeBuilder from '@axe-core/playwright';
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoPassword } from '../src/demo/seed-demo.ts';
import { persons } from '../src/register/schema.ts';
import { launchChromium } from './browser.ts';
import { startDemoCity, type RunningCity } from './harness.ts';

/** axe-core on the page as it is now: no serious or critical violations allowed. */
async function expectAccessible(page: Page, label: string): Promise<void> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const severe = result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join('; ')}`);
  expect(severe, `accessibility violations on ${label}`).toEqual([]);
}

async function logIn(page: Page, baseUrl: string, username: string): Promise<void> {
  await page.goto(`${baseUrl}/anmelden`);
  await page.getByLabel('Benutzername').fill(username);
  await page.getByLabel('Passwort', { exact: true }).fill(demoPassword);
  await page.getByRole('button', { name: 'Anmelden' }).click();
  await page.getByRole('button', { name: 'Abmelden' }).waitFor();
}

/** A misspelling as people type it: the umlaut dropped, or two inner letters swapped. */
function misspell(name: string): string {
  const withoutUmlaut = name.replace('ü', 'u').replace('ö', 'o').replace('ä', 'a');
  if (withoutUmlaut !== name) return withoutUmlaut;
  const i = Math.floor(name.length / 2);
  return name.slice(0, i - 1) + name[i] + name[i - 1] + name.slice(i + 1);
}

describe('office web app', () => {
  let city: RunningCity;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    city = await startDemoCity();
    browser = await launchChromium();
    context = await browser.newContext({ locale: 'de-DE' });
    page = await context.newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await city?.close();
  });

  it('lets a clerk find a misspelled resident, open the record, and an auditor see that access in the log', async () => {
    // A living resident without any block, with a family name long enough to misspell.
    const [target] = await city.database.db.select({ id: persons.id, familyName: persons.familyName, givenNames: persons.givenNames })
      .from(persons)
      .where(and(isNull(persons.dateOfDeath), sql`length(${persons.familyName}) >= 6`,
        sql`not exists (select 1 from person_block b where b.person_id = ${persons.id})`,
        eq(sql`array_length(${persons.givenNames}, 1)`, 1)))
      .orderBy(persons.familyName)
      .limit(1);
    if (!target) throw new Error('the demo city has no suitable resident');
    const typed = `${target.givenNames[0]} ${misspell(target.familyName)}`;

    await logIn(page, city.baseUrl, 'sachbearbeitung');
    await expectAccessible(page, 'start page');

    await page.getByRole('link', { name: 'Melderegister-Suche' }).first().click();
    const nameField = page.getByLabel('Name', { exact: true });
    await expect.poll(() => nameField.evaluate((el) => el === document.activeElement)).toBe(true);
    await nameField.fill(typed);
    await page.getByLabel('Zweck / Aktenzeichen').fill('E2E-4711');
    await page.getByRole('button', { name: 'Suchen' }).click();
    const hit = page.locator(`a[href^="/personen/${target.id}"]`);
    await hit.waitFor();
    await expectAccessible(page, 'search results');

    // Keyboard-first: the first result is reachable with the arrow keys and opens with Enter.
    await hit.focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(`**/personen/${target.id}**`);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toContain(target.familyName);
    await expectAccessible(page, 'person view');

    await page.getByRole('button', { name: 'Abmelden' }).click();
    await page.getByLabel('Benutzername').waitFor();
    await expectAccessible(page, 'login page');

    await logIn(page, city.baseUrl, 'datenschutz');
    await page.getByRole('link', { name: 'Zugriffsprotokoll' }).first().click();
    await page.getByLabel('Person-ID').fill(target.id);
    await page.getByRole('button', { name: 'Filtern' }).click();
    const readRow = page.getByRole('row').filter({ hasText: 'Person angesehen' }).filter({ hasText: 'sachbearbeitung' });
    await readRow.first().waitFor();
    await expect.poll(() => readRow.first().textContent()).toContain('E2E-4711');
    const searchRow = page.getByRole('row').filter({ hasText: 'Suche im Melderegister' }).filter({ hasText: 'sachbearbeitung' });
    await searchRow.first().waitFor();
    await expectAccessible(page, 'access log');
  });

  it('shows the admin the user administration without accessibility violations', async () => {
    await context.clearCookies();
    await logIn(page, city.baseUrl, 'admin');
    await page.getByRole('link', { name: 'Benutzerverwaltung' }).first().click();
    await page.getByRole('cell', { name: 'datenschutz' }).first().waitFor();
    await expectAccessible(page, 'user administration');
    await page.getByRole('link', { name: 'Mein Konto' }).first().click();
    await page.getByRole('heading', { level: 1 }).waitFor();
    await expectAccessible(page, 'account page');
  });

  it('switches the interface to English', async () => {
    await page.getByRole('button', { name: /English/ }).first().click();
    await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe('en');
    await expect.poll(() => page.getByRole('button', { name: 'Sign out' }).count()).toBeGreaterThan(0);
  });
});
