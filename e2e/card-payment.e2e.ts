import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { devicePortsFromConfig } from '../src/devices/from-config.ts';
import { createZvtTerminal } from '../src/devices/zvt/client.ts';
import { startZvtSimulator, type ZvtSimulator } from '../src/devices/zvt/simulator.ts';
import { poppler } from '../src/documents/testing.ts';
import { launchChromium } from './browser.ts';
import { startDemoCity, type RunningCity } from './harness.ts';
import { caseState, expectAccessible, logIn, nextStep, pickResident, startService, toOverview } from './pages.ts';

/**
 * Card payment at the bedside in the browser: the field officer charges the Meldebescheinigung's
 * fee on the card terminal (the ZVT simulator on loopback behind the real ZVT client, slowed so
 * its statuses show). The first attempt the officer aborts while the terminal waits for the card;
 * the second loses the link mid-payment: nothing is booked and the page says to check the
 * terminal's last receipt; the third is approved and booked with the terminal's receipt number.
 */
describe('card payment at the terminal (field officer)', () => {
  let city: RunningCity;
  let simulator: ZvtSimulator;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    simulator = await startZvtSimulator({ stepDelayMs: 400, script: [{ outcome: 'wait-for-card' }, { outcome: 'drop', at: 'after-pin' }, { outcome: 'approve' }] });
    const devices = {
      ...devicePortsFromConfig({ devicePrinter: 'simulator', deviceScanner: 'simulator', devicePayment: 'simulator' }),
      payment: createZvtTerminal({ host: simulator.host, port: simulator.port, dialogueTimeoutMs: 5_000 }),
    };
    city = await startDemoCity({ residents: 300, devices });
    browser = await launchChromium();
    context = await browser.newContext({ locale: 'de-DE' });
    page = await context.newPage();
  });
  afterEach(async (test) => {
    if (test.task.result?.state === 'fail') await page.screenshot({ path: `/tmp/bk-e2e-card-${test.task.name.slice(0, 40).replace(/\W+/g, '-')}.png`, fullPage: true });
  });
  afterAll(async () => {
    await browser?.close();
    await city?.close();
    await simulator?.close();
  });

  it('shows the terminal\'s status, books nothing when aborted or the result is lost, and books the approval with its receipt number', async () => {
    await logIn(page, city.baseUrl, 'aussendienst');
    const resident = await pickResident(city.database, { minAge: 30, maxAge: 60, taken: new Set() });
    await startService(page, city.baseUrl, resident.id, 'Meldebescheinigung');
    await page.getByLabel('Meldebescheinigung', { exact: true }).selectOption('simple');
    await nextStep(page);
    await page.getByLabel('Verwendungszweck').selectOption('general');
    await toOverview(page);
    await page.getByRole('button', { name: 'Erfassung abschließen' }).click();
    await expect.poll(() => caseState(page)).toBe('erfasst');

    const pay = page.getByRole('button', { name: /^Mit Karte am Terminal zahlen/ });
    const status = page.getByTestId('terminal-status');
    // The citizen changes their mind while the terminal waits for the card.
    await pay.click();
    await expect.poll(() => status.textContent(), { timeout: 10_000 }).toMatch(/^Terminal: .+/);
    await page.getByRole('button', { name: 'Zahlung am Terminal abbrechen' }).click();
    await page.getByRole('alert').filter({ hasText: 'Zahlung nicht genehmigt – nichts gebucht' }).waitFor({ timeout: 15_000 });
    expect(await caseState(page)).toBe('erfasst');
    expect(simulator.transactions.at(-1)).toMatchObject({ outcome: 'wait-for-card', abortedByEcr: true });

    await pay.click();
    await expect.poll(() => status.textContent(), { timeout: 10_000 }).toMatch(/^Terminal: .+/);
    await page.getByRole('alert').filter({ hasText: 'Ergebnis unbekannt – nichts gebucht' }).waitFor({ timeout: 15_000 });
    expect(await page.getByRole('alert').filter({ hasText: 'Ergebnis unbekannt' }).textContent()).toContain('letzten Beleg am Terminal');
    expect(await caseState(page)).toBe('erfasst');
    await expectAccessible(page, 'card payment, result unknown');

    await pay.click();
    const approved = page.getByText(/^Mit Karte bezahlt: 10,00\s€, Beleg-Nr\. \S+/);
    await approved.waitFor({ timeout: 15_000 });
    await expect.poll(() => caseState(page)).toBe('bezahlt');
    const receiptNumber = simulator.transactions.at(-1)?.receiptNumber ?? '';
    expect(receiptNumber).not.toBe('');
    expect(await approved.textContent()).toContain(`Beleg-Nr. ${receiptNumber}`);
    const caseId = page.url().split('/vorgaenge/')[1]?.split('?')[0] ?? '';
    const view = await (await page.request.get(`${city.baseUrl}/api/cases/${caseId}`)).json() as {
      payments: { method: string; cardReference: string | null }[]; documents: { id: string; kind: string }[];
    };
    expect(view.payments).toEqual([expect.objectContaining({ method: 'card', cardReference: receiptNumber })]);
    // The Quittung the officer prints carries the terminal's slip: the citizen's card receipt.
    const quittung = view.documents.find((d) => d.kind === 'fee_receipt');
    expect(quittung).toBeDefined();
    const pdf = await (await page.request.get(`${city.baseUrl}/api/documents/${quittung!.id}/pdf`)).body();
    const printed = poppler('pdftotext', pdf).normalize('NFC');
    expect(printed).toContain('Kartenzahlung – Terminalbeleg');
    expect(printed).toContain(`Beleg-Nr. ${receiptNumber}`);
    await page.getByText('Beleg des Terminals').click();
    expect(await page.getByTestId('terminal-receipt').textContent()).not.toBe('');
    await expectAccessible(page, 'card payment, approved');
  });
});
