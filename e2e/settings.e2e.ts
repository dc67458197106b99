import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { drawSealPng } from '../src/documents/demo-images.ts';
import { demoMunicipalTariff } from '../src/fees/demo-tariff.ts';
import { addFeeTableVersion } from '../src/fees/fee-tables.ts';
import { launchChromium } from './browser.ts';
import { startDemoCity, type RunningCity } from './harness.ts';
import { expectAccessible, logIn } from './pages.ts';

/** YYYY-MM-DD of the day in Europe/Berlin plus n: the server's "today" (the machine clock may be UTC). */
function localDay(plus: number): string {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
  const date = new Date(`${today}T12:00:00Z`);
  date.setUTCDate(date.getUTCDate() + plus);
  return date.toISOString().slice(0, 10);
}
const german = (iso: string) => iso.split('-').reverse().join('.');
// Intl writes a no-break space before the euro sign.
const text = async (page: Page, selector: string) => ((await page.locator(selector).textContent()) ?? '').replace(/\s+/g, ' ');

/**
 * The admin's settings in the office UI on the demo city: a new version of the municipal tariff
 * (the Meldebescheinigung gets dearer from tomorrow) and the document profile (phone, seal).
 */
describe('settings (admin)', () => {
  let city: RunningCity;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    city = await startDemoCity(300);
    browser = await launchChromium();
    context = await browser.newContext({ locale: 'de-DE' });
    page = await context.newPage();
    await logIn(page, city.baseUrl, 'admin');
  });
  afterEach(async (test) => {
    if (test.task.result?.state === 'fail') await page.screenshot({ path: `/tmp/bk-e2e-settings-${test.task.name.slice(0, 40).replace(/\W+/g, '-')}.png`, fullPage: true });
  });
  afterAll(async () => {
    await browser?.close();
    await city?.close();
  });

  it('stores a new municipal tariff version from tomorrow with a dearer Meldebescheinigung and lists it', async () => {
    const tomorrow = localDay(1);
    const today = localDay(0);
    await page.getByRole('link', { name: 'Einstellungen' }).first().click();
    await page.getByRole('heading', { level: 1, name: 'Einstellungen' }).waitFor();
    await expectAccessible(page, 'settings overview');
    await page.getByRole('link', { name: 'Gebührentabellen' }).click();
    await page.getByRole('heading', { level: 1, name: 'Gebührentabellen' }).waitFor();

    // The demo city's own tariff (stored 2025-01-01) is in force and shows its lines.
    const inForce = page.getByTestId('fee-version-municipal-2025-01-01');
    await inForce.waitFor();
    expect(await text(page, '[data-testid="fee-version-municipal-2025-01-01"]')).toContain('gilt heute');
    expect(await text(page, '[data-testid="fee-version-municipal-2025-01-01"]')).toMatch(/Meldebescheinigung \(einfach\).*10,00 €/);
    await expectAccessible(page, 'fee tables');

    // The form starts from the version in force, from tomorrow.
    const amount = page.getByLabel('Meldebescheinigung (einfach)', { exact: true });
    expect(await amount.inputValue()).toBe('10,00');
    expect(await page.getByLabel('Gültig ab').inputValue()).toBe(tomorrow);

    // A wrong amount is named in the error summary and at its field; the summary takes the focus.
    await amount.fill('zwölf');
    await page.getByRole('button', { name: 'Neue Version speichern' }).click();
    const summary = page.locator('.bk-error-summary');
    await summary.waitFor();
    expect(await summary.textContent()).toContain('„zwölf“ ist kein Betrag');
    await expect.poll(() => summary.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await amount.getAttribute('aria-invalid')).toBe('true');
    await expectAccessible(page, 'fee table form with errors');
    // Keyboard: the summary's link moves the focus to the field.
    await summary.getByRole('link').first().focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => amount.evaluate((el) => el === document.activeElement)).toBe(true);

    await amount.fill('12,50');
    await page.getByLabel('Gültig ab').fill(tomorrow);
    await page.getByRole('button', { name: 'Neue Version speichern' }).click();
    await page.getByText(`Sie gilt ab ${german(tomorrow)}.`).waitFor();

    const upcoming = `[data-testid="fee-version-municipal-${tomorrow}"]`;
    await page.locator(upcoming).waitFor();
    expect(await text(page, upcoming)).toContain('künftig');
    expect(await text(page, upcoming)).toMatch(/Meldebescheinigung \(einfach\).*12,50 €/);
    expect(await text(page, upcoming)).toContain('Sabine Hartmann');
    // The previous version now ends today and still prices today's applications.
    expect(await text(page, '[data-testid="fee-version-municipal-2025-01-01"]')).toContain(`Gültig vom 01.01.2025 bis ${german(today)}`);
    expect(await text(page, '[data-testid="fee-version-municipal-2025-01-01"]')).toContain('gilt heute');

    // The next draft starts from the version just stored, no earlier than the day after it.
    expect(await amount.inputValue()).toBe('12,50');
    expect(await page.getByLabel('Gültig ab').inputValue()).toBe(localDay(2));
    await page.getByLabel('Gültig ab').fill(tomorrow);
    await page.getByRole('button', { name: 'Neue Version speichern' }).click();
    expect(await summary.textContent()).toContain(`frühestens am ${german(localDay(2))}`);
    await expectAccessible(page, 'fee tables after saving');

    // Stored as the server keeps it: whole cents, the other lines copied unchanged.
    const tables = await (await page.request.get(`${city.baseUrl}/api/settings/fee-tables`)).json() as {
      versions: { kind: string; validFrom: string; lines: { code: string; amountCents: number }[] }[];
    };
    const stored = tables.versions.find((v) => v.kind === 'municipal' && v.validFrom === tomorrow);
    expect(stored?.lines.find((l) => l.code === 'meldebescheinigung.simple')?.amountCents).toBe(1250);
    expect(stored?.lines.find((l) => l.code === 'meldebescheinigung.extended')?.amountCents).toBe(1500);
  });

  it('shows the server\'s refusal at the start date when another admin stored a later version meanwhile', async () => {
    await page.goto(`${city.baseUrl}/einstellungen/gebuehren`);
    const validFrom = page.getByLabel('Gültig ab');
    await validFrom.waitFor();
    // Another admin (here: straight through the fee area) stores a version from in five days.
    await addFeeTableVersion(city.database.db, {
      municipalityId: city.seeded.municipality.id, kind: 'municipal', validFrom: localDay(5), lines: demoMunicipalTariff,
      actor: { id: null, name: 'zweite Administration' },
    });
    await validFrom.fill(localDay(3));
    await page.getByRole('button', { name: 'Neue Version speichern' }).click();
    const summary = page.locator('.bk-error-summary');
    await summary.waitFor();
    expect(await summary.textContent()).toContain(`Es gibt bereits eine Version ab ${localDay(5)}`);
    expect(await validFrom.getAttribute('aria-invalid')).toBe('true');
    await expectAccessible(page, 'fee tables with a server refusal');
  });

  it('changes the phone number and the seal of the document profile', async () => {
    await page.goto(`${city.baseUrl}/einstellungen`);
    await page.getByRole('link', { name: 'Dokumentprofil' }).click();
    await page.getByRole('heading', { level: 1, name: 'Dokumentprofil' }).waitFor();
    const code = page.getByLabel('Behördenkennzahl');
    await code.waitFor();
    await expectAccessible(page, 'document profile');
    const storedCode = await code.inputValue();
    expect(storedCode).toMatch(/^[0-9A-Z]{4}$/);

    // Three characters are refused before the round trip, with the summary and the field naming it.
    await code.fill('L7F');
    await page.getByRole('button', { name: 'Profil speichern' }).click();
    const summary = page.locator('.bk-error-summary');
    await summary.waitFor();
    expect(await summary.textContent()).toContain('genau 4 Zeichen');
    expect(await code.getAttribute('aria-invalid')).toBe('true');
    await expectAccessible(page, 'document profile with errors');
    await code.fill(storedCode);

    // A file that is no PNG is refused at the field.
    const seal = page.getByLabel('Neues Dienstsiegel wählen (PNG)');
    await seal.setInputFiles({ name: 'siegel.png', mimeType: 'image/png', buffer: Buffer.from('kein Bild') });
    await page.getByText('Die Datei ist kein PNG-Bild.').waitFor();

    const newSeal = drawSealPng({ top: 'STADT BOCHUM', bottom: 'E2E-SIEGEL' });
    await seal.setInputFiles({ name: 'siegel.png', mimeType: 'image/png', buffer: Buffer.from(newSeal) });
    await page.getByText('Geändert – wird mit „Profil speichern“ übernommen.').waitFor();

    await page.getByLabel('Telefon').fill('0234 910-4711');
    await page.getByRole('button', { name: 'Profil speichern' }).click();
    await page.getByText('Das Dokumentprofil ist gespeichert.').waitFor();

    const stored = await page.request.get(`${city.baseUrl}/api/settings/profile`);
    const profile = await stored.json() as { phone: string | null; authorityCode: string; sealPng: string | null };
    expect(profile.phone).toBe('0234 910-4711');
    expect(profile.authorityCode).toBe(storedCode);
    expect(profile.sealPng).toBe(Buffer.from(newSeal).toString('base64'));

    // After a reload the page shows what is stored, with the seal previewed.
    await page.reload();
    await page.getByLabel('Telefon').waitFor();
    expect(await page.getByLabel('Telefon').inputValue()).toBe('0234 910-4711');
    await page.getByRole('img', { name: 'Dienstsiegel, wie es auf den Dokumenten steht' }).waitFor();
    await expectAccessible(page, 'document profile after saving');

    // The same page in English.
    await page.getByRole('button', { name: /English/ }).first().click();
    await page.getByRole('heading', { level: 1, name: 'Document profile' }).waitFor();
    expect(await page.getByLabel('Phone').inputValue()).toBe('0234 910-4711');
    await expectAccessible(page, 'document profile in English');
    await page.goto(`${city.baseUrl}/einstellungen/gebuehren`);
    await page.getByRole('heading', { level: 1, name: 'Fee tables' }).waitFor();
    await page.getByRole('heading', { level: 2, name: 'New version of the municipal tariff' }).waitFor();
    await expectAccessible(page, 'fee tables in English');
  });
});
