import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { serviceCases } from '../src/cases/schema.ts';
import { decodeImage } from '../src/devices/image-codec.ts';
import type { RgbaImage } from '../src/devices/photo-analysis.ts';
import { enlarge } from '../src/devices/photo-test-images.ts';
import { startDemoCity, type RunningCity } from './harness.ts';
import { expectAccessible, idCardOf, logIn, nextStep, pickResident, startService } from './pages.ts';

/** One frame as YUV4MPEG2 (4:2:0, full-range BT.601), the format Chromium's fake camera plays. */
function y4m(image: RgbaImage): Buffer {
  const { width, height, data } = image;
  const y = Buffer.alloc(width * height);
  const cw = width / 2;
  const u = Buffer.alloc(cw * (height / 2));
  const v = Buffer.alloc(cw * (height / 2));
  for (let row = 0; row < height; row += 1) {
    for (let col = 0; col < width; col += 1) {
      const i = (row * width + col) * 4;
      const r = data[i] ?? 0;
      const g = data[i + 1] ?? 0;
      const b = data[i + 2] ?? 0;
      y[row * width + col] = Math.round(0.299 * r + 0.587 * g + 0.114 * b);
      if (row % 2 === 0 && col % 2 === 0) {
        const c = (row / 2) * cw + col / 2;
        u[c] = Math.max(0, Math.min(255, Math.round(128 - 0.168736 * r - 0.331264 * g + 0.5 * b)));
        v[c] = Math.max(0, Math.min(255, Math.round(128 + 0.5 * r - 0.418688 * g - 0.081312 * b)));
      }
    }
  }
  return Buffer.concat([Buffer.from(`YUV4MPEG2 W${width} H${height} F5:1 Ip A1:1 C420jpeg\n`), Buffer.from('FRAME\n'), y, u, v]);
}

/**
 * The browser camera in the photo step, in Debian's Chromium with its fake camera playing NASA's
 * public-domain astronaut portrait (src/devices/fixtures) enlarged as a webcam would deliver it:
 * the face model loads from the server's /models/human/ (nothing from outside, the CSP holds), the
 * live pre-check finds one face and lists every check; the frozen frame names what fails (the
 * head's pitch, about 7° as photographed) and Veto returns to the live picture. The officer decides
 * (DESIGN §5): Accept opens only after the explicit "Trotz Hinweisen übernehmen", and the server
 * records that override with the photo it cut itself (browser-camera.db.test.ts tests that cut).
 */
describe('browser camera in the photo step', () => {
  let city: RunningCity;
  let dir: string;
  const browsers: Browser[] = [];
  const taken = new Set<string>();
  let page: Page | undefined;
  let astronaut: RgbaImage;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'bk-e2e-camera-'));
    astronaut = decodeImage(readFileSync(new URL('../src/devices/fixtures/astronaut-eileen-collins.png', import.meta.url)));
    city = await startDemoCity({ residents: 300 });
  });
  afterEach(async (test) => {
    if (test.task.result?.state === 'fail') await page?.screenshot({ path: `/tmp/bk-e2e-camera-${test.task.name.slice(0, 40).replace(/\W+/g, '-')}.png`, fullPage: true });
  });
  afterAll(async () => {
    for (const browser of browsers) await browser.close();
    await city?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** A browser whose camera plays `frame`, signed in as a clerk, on the photo step of a new Personalausweis case. */
  async function photoStep(name: string, frame: RgbaImage): Promise<{ page: Page; outside: string[]; cspViolations: string[]; models: string[] }> {
    const video = join(dir, `${name}.y4m`);
    writeFileSync(video, y4m(frame));
    const browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync',
        // WebGL on the CPU (SwiftShader), the camera from the file, no permission prompt.
        '--use-angle=swiftshader', '--enable-unsafe-swiftshader',
        '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', `--use-file-for-fake-video-capture=${video}`],
    });
    browsers.push(browser);
    const context: BrowserContext = await browser.newContext({ locale: 'de-DE', permissions: ['camera'] });
    const opened = await context.newPage();
    page = opened;
    const outside: string[] = [];
    const cspViolations: string[] = [];
    const models: string[] = [];
    const origin = new URL(city.baseUrl).origin;
    opened.on('request', (request) => {
      const url = request.url();
      if (!url.startsWith(origin) && !url.startsWith('data:') && !url.startsWith('blob:')) outside.push(url);
    });
    opened.on('console', (message) => { if (/Content Security Policy/i.test(message.text())) cspViolations.push(message.text()); });
    opened.on('response', (response) => { if (response.url().includes('/models/human/')) models.push(`${response.status()} ${new URL(response.url()).pathname}`); });

    await logIn(opened, city.baseUrl, 'sachbearbeitung');
    const resident = await pickResident(city.database, { minAge: 30, maxAge: 80, withIdCard: true, taken });
    await startService(opened, city.baseUrl, resident.id, 'Personalausweis beantragen');
    await opened.getByLabel('Die Person ist persönlich anwesend').check();
    await opened.getByLabel('Vorgelegtes Ausweisdokument').selectOption('personalausweis');
    await opened.getByLabel('Nummer des vorgelegten Dokuments').fill(await idCardOf(city.database, resident.id));
    await opened.getByLabel('Die anwesende Person ist die auf dem Lichtbild des Dokuments').check();
    await opened.getByLabel('Namen, Geburtsdaten und Anschrift stimmen mit dem Melderegister überein').check();
    await nextStep(opened);
    await nextStep(opened);
    return { page: opened, outside, cspViolations, models };
  }

  /** Opens the camera by keyboard and waits until the live check has found one face. */
  async function openCamera(p: Page): Promise<void> {
    await p.getByRole('button', { name: 'Kamera verwenden' }).focus();
    await p.keyboard.press('Enter');
    await expect.poll(() => p.getByRole('button', { name: 'Kamera schließen' }).getAttribute('aria-expanded')).toBe('true');
    await expect.poll(() => p.locator('li[data-check="faces"]').getAttribute('data-ok'), { timeout: 90_000, interval: 500 }).toBe('true');
  }

  it('opens the camera, runs the live pre-check with the local face model, freezes, vetoes, and accepts despite the pitch only with the officer\'s recorded override', async () => {
    const { page: p, outside, cspViolations, models } = await photoStep('as-photographed', enlarge(astronaut, 8));
    await openCamera(p);
    expect(await p.locator('li[data-check]').count()).toBe(13);
    expect(await p.locator('li[data-check="inter_eye"]').getAttribute('data-ok')).toBe('true');
    expect(await p.getByRole('status').filter({ hasText: /Prüfung/ }).first().textContent()).toMatch(/Prüfungen? nicht erfüllt|Alle Prüfungen erfüllt/);
    expect(models.sort()).toEqual(expect.arrayContaining(['200 /models/human/blazeface.json', '200 /models/human/facemesh.json', '200 /models/human/iris.json']));
    await expectAccessible(p, 'photo step with the camera');

    // Frozen: the officer sees the cut portrait and each check it fails; Veto resumes the live picture.
    await p.getByRole('button', { name: 'Aufnehmen', exact: true }).click();
    await p.getByRole('img', { name: /Zugeschnittenes Lichtbild/ }).waitFor({ timeout: 15_000 });
    expect(await p.getByRole('button', { name: 'Lichtbild übernehmen' }).isDisabled()).toBe(true);
    expect(await p.locator('li[data-check="pitch"]').getAttribute('data-ok')).toBe('false');
    await p.locator('li[data-finding="pitch"]').getByText('Kopfneigung vor/zurück').waitFor();
    await p.getByText('Übernehmen geht erst, wenn alle Prüfungen des Lichtbildprofils erfüllt sind oder Sie das Lichtbild ausdrücklich trotz der Hinweise übernehmen.', { exact: false }).waitFor();
    await p.getByRole('button', { name: 'Verwerfen und neu aufnehmen' }).click();
    await p.getByRole('button', { name: 'Aufnehmen', exact: true }).waitFor();
    expect(await p.getByRole('img', { name: /Zugeschnittenes Lichtbild/ }).count()).toBe(0);
    expect(await p.getByRole('checkbox', { name: /Trotz Hinweisen übernehmen/ }).count()).toBe(0);

    // The officer decides: accepted despite the pitch, by an explicit checkbox that names the failed checks.
    await p.getByRole('button', { name: 'Aufnehmen', exact: true }).click();
    await p.getByRole('img', { name: /Zugeschnittenes Lichtbild/ }).waitFor({ timeout: 15_000 });
    const override = p.getByRole('checkbox', { name: /^Trotz Hinweisen übernehmen: .*Kopfneigung vor\/zurück/ });
    expect(await override.isChecked()).toBe(false);
    const failed = await p.locator('li[data-finding]').evaluateAll((items) => items.map((item) => item.getAttribute('data-finding')));
    expect(failed).toContain('pitch');
    await expectAccessible(p, 'frozen photo with failed checks');
    await override.check();
    const accept = p.getByRole('button', { name: 'Lichtbild übernehmen' });
    expect(await accept.isEnabled()).toBe(true);
    await p.getByText('Sie übernehmen das Lichtbild trotz nicht erfüllter Prüfungen', { exact: false }).waitFor();
    await accept.click();

    // The server cut and stored the photo with the override; the camera closes and hands the focus back.
    await expect.poll(() => p.evaluate(() => document.activeElement?.textContent ?? ''), { timeout: 60_000 }).toContain('Kamera verwenden');
    expect(await p.getByRole('button', { name: 'Kamera verwenden' }).getAttribute('aria-expanded')).toBe('false');
    const caseId = new URL(p.url()).pathname.split('/').pop() ?? '';
    const [stored] = await city.database.db.select().from(serviceCases).where(eq(serviceCases.id, caseId));
    const photo = (stored?.data as { photo?: { attachmentId?: string; device?: string; override?: { checks: string[] } } } | undefined)?.photo;
    expect(photo?.attachmentId).toBeTruthy();
    expect(photo?.override?.checks.sort()).toEqual([...failed].sort());
    await p.getByText('Das Lichtbild wurde trotz Hinweisen der Vorprüfung übernommen', { exact: false }).first().waitFor();
    expect(outside).toEqual([]);
    expect(cspViolations).toEqual([]);
  }, 240_000);
});
