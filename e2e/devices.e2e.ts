import { createServer } from 'node:net';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { devicePortsFromConfig } from '../src/devices/from-config.ts';
import { createPrinterSimulator } from '../src/devices/printer-simulator.ts';
import { launchChromium } from './browser.ts';
import { startDemoCity, type RunningCity } from './harness.ts';
import { expectAccessible, logIn } from './pages.ts';

/** A loopback port nothing listens on: a scanner that is switched off. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return address.port;
}

/**
 * The device page on the demo city: the real eSCL driver for a scanner that is switched off
 * (not working), a printer low on toner (warning) and the simulators of the other devices (OK).
 */
describe('device page (field officer)', () => {
  let city: RunningCity;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    const devices = {
      ...devicePortsFromConfig({ devicePrinter: 'simulator', deviceScanner: `escl://127.0.0.1:${await closedPort()}/eSCL`, devicePayment: 'simulator' }),
      printer: createPrinterSimulator({ stateReasons: ['toner-low-warning'] }),
    };
    city = await startDemoCity({ residents: 300, devices });
    browser = await launchChromium();
    context = await browser.newContext({ locale: 'de-DE' });
    page = await context.newPage();
  });
  afterEach(async (test) => {
    if (test.task.result?.state === 'fail') await page.screenshot({ path: `/tmp/bk-e2e-devices-${test.task.name.slice(0, 40).replace(/\W+/g, '-')}.png`, fullPage: true });
  });
  afterAll(async () => {
    await browser?.close();
    await city?.close();
  });

  const row = (name: string) => page.getByRole('row').filter({ has: page.getByRole('cell', { name, exact: true }) });

  it('shows each device with driver, status in words and what to do, and is accessible', async () => {
    await logIn(page, city.baseUrl, 'aussendienst');
    await page.getByRole('link', { name: 'Geräte' }).first().click();
    await page.getByRole('heading', { level: 1, name: 'Geräte' }).waitFor();
    const live = page.getByRole('status').filter({ hasText: /Geprüft am|Geräte werden geprüft/ });
    await expect.poll(() => live.textContent(), { timeout: 15_000 }).toMatch(/^Geprüft am .+: OK 5, Warnung 1, funktioniert nicht 1\.$/);
    await page.getByRole('heading', { level: 2, name: 'Nicht alle Geräte funktionieren.' }).waitFor();

    const scanner = row('Scanner');
    await expect.poll(() => scanner.textContent()).toContain('Funktioniert nicht');
    expect(await scanner.textContent()).toContain('eSCL (Netzwerkscanner)');
    expect(await scanner.textContent()).toContain('DEVICE_SCANNER');
    const printer = row('Drucker');
    expect(await printer.textContent()).toContain('Warnung');
    expect(await printer.textContent()).toContain('Verbrauchsmaterial');
    for (const name of ['Kamera (Lichtbild)', 'Fotocode-Abruf', 'Fingerabdruckscanner', 'Änderungsterminal (eID)', 'Kartenterminal']) {
      const text = await row(name).textContent();
      expect(text, name).toContain('OK');
      expect(text, name).toContain('Simulator');
      expect(text, name).toContain('Nichts zu tun');
    }
    await expectAccessible(page, 'device page');
  });

  it('checks again from the keyboard and announces the result', async () => {
    const button = page.getByRole('button', { name: 'Erneut prüfen' });
    await button.focus();
    const answered = page.waitForResponse((response) => response.url().endsWith('/api/devices/health') && response.status() === 200);
    await page.keyboard.press('Enter');
    await answered;
    const live = page.locator('#devices-status');
    expect(await live.getAttribute('aria-live')).toBe('polite');
    await expect.poll(() => live.textContent()).toMatch(/^Geprüft am .+: OK 5, Warnung 1, funktioniert nicht 1\.$/);
    await expect.poll(() => button.isEnabled()).toBe(true);
  });

  it('speaks English too, the devices\' messages included', async () => {
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { level: 1, name: 'Devices' }).waitFor();
    const scanner = page.getByRole('row').filter({ has: page.getByRole('cell', { name: 'Scanner', exact: true }) });
    await expect.poll(() => scanner.textContent()).toContain('Not working');
    expect(await scanner.textContent()).toContain('check its connection');
    const camera = page.getByRole('row').filter({ has: page.getByRole('cell', { name: 'Camera (photo)', exact: true }) });
    expect(await camera.textContent()).toContain('ready (simulator, no real hardware)');
    await expectAccessible(page, 'device page in English');
  });

  it('is in the navigation of clerks, not of dispatchers', async () => {
    const other = await browser.newContext({ locale: 'de-DE' });
    try {
      const clerkPage = await other.newPage();
      await logIn(clerkPage, city.baseUrl, 'sachbearbeitung');
      expect(await clerkPage.getByRole('link', { name: 'Geräte' }).count()).toBeGreaterThan(0);
      await other.clearCookies();
      await logIn(clerkPage, city.baseUrl, 'disposition');
      expect(await clerkPage.getByRole('link', { name: 'Geräte' }).count()).toBe(0);
    } finally {
      await other.close();
    }
  });
});
