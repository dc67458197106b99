import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AppError } from '../platform/errors.ts';
import { createSaneScanner, listSaneDevices, parseSaneOptions } from './sane-scanner.ts';

/**
 * Against the real scanimage with SANE's `test` backend (Debian sane-utils + libsane1), which
 * simulates a flatbed and a 10-sheet feeder and can be told to fail with any SANE status.
 */
function hasScanimage(): boolean {
  try {
    execFileSync('scanimage', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
const installed = hasScanimage();
if (!installed) {
  // Said once, so a skipped suite is never mistaken for a passing one.
  process.stderr.write('sane-scanner.test.ts: skipped, scanimage is not installed (apt-get install sane-utils libsane1)\n');
}

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected the promise to reject');
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
/** The test backend's glass is 200 × 200 mm; A4 is clipped to it, and SANE truncates to whole pixels. */
const side = (dpi: number) => Math.floor((200 / 25.4) * dpi);

describe('parseSaneOptions', () => {
  it('reads discrete resolutions, mm geometry with decimals and skips inactive options', () => {
    const info = parseSaneOptions([
      "All options specific to device `genesys:libusb:001:004':",
      '    --mode Color|Gray|Lineart [Gray]',
      '    --source Flatbed|Transparency Adapter [inactive]',
      '    --resolution 4800|2400|1200|600|300|150|100|75dpi [75]',
      '    -x 0..215.9mm [215.9]',
      '    -y 0..297.5mm [297.5]',
    ].join('\n'));
    expect(info).toEqual({ modes: ['Color', 'Gray', 'Lineart'], sources: [], resolutions: [4800, 2400, 1200, 600, 300, 150, 100, 75], maxWidthMm: 215.9, maxHeightMm: 297.5 });
  });
});

describe.skipIf(!installed)('SANE scanner with the real scanimage -d test', () => {
  const scanner = createSaneScanner({ device: 'test' });

  it('reads the device options: modes, sources with spaces, resolution range, glass size', async () => {
    const info = await scanner.options();
    expect(info.modes).toEqual(['Gray', 'Color']);
    expect(info.sources).toEqual(['Flatbed', 'Automatic Document Feeder']);
    expect(info.resolutionRange).toEqual({ min: 1, max: 1200, step: 1 });
    expect([info.maxWidthMm, info.maxHeightMm]).toEqual([200, 200]);
  });

  it('scans one greyscale page from the flatbed as a PNG of the requested resolution', async () => {
    const pages = await scanner.scan({ pages: 1, dpi: 100, colour: false, source: 'flatbed' });
    expect(pages).toHaveLength(1);
    const [page] = pages;
    if (!page) throw new Error('no page');
    expect(Array.from(page.content.subarray(0, 8))).toEqual(PNG_SIGNATURE);
    expect(page.content[25]).toBe(0); // IHDR colour type: greyscale
    expect([page.widthPx, page.heightPx]).toEqual([side(100), side(100)]);
    expect(page).toMatchObject({ mediaType: 'image/png', dpi: 100 });
  });

  it('honours colour and resolution in the image it returns', async () => {
    const colourScanner = createSaneScanner({ device: 'test', extraArgs: ['--test-picture', 'Color pattern'] });
    const [page] = await colourScanner.scan({ dpi: 150, colour: true });
    if (!page) throw new Error('no page');
    expect(page.content[25]).toBe(2); // RGB
    expect([page.widthPx, page.heightPx]).toEqual([side(150), side(150)]);
    // Read from the PNG header itself: width at offset 16.
    expect(Buffer.from(page.content).readUInt32BE(16)).toBe(side(150));
  });

  it('scans three pages from the feeder in one batch', async () => {
    const pages = await scanner.scan({ pages: 3, dpi: 50, source: 'feeder' });
    expect(pages).toHaveLength(3);
    for (const page of pages) {
      expect(Array.from(page.content.subarray(0, 8))).toEqual(PNG_SIGNATURE);
      expect(page.widthPx).toBe(side(50));
    }
  });

  it('returns the pages there were when the feeder runs out (the test feeder holds 10 sheets)', async () => {
    const pages = await scanner.scan({ pages: 12, dpi: 25, source: 'feeder' });
    expect(pages).toHaveLength(10);
  });

  it('refuses several pages on the flatbed and resolutions the device does not offer', async () => {
    expect((await rejection(scanner.scan({ pages: 2, source: 'flatbed' }))).code).toBe('SCANNER_SETTING_UNSUPPORTED');
    const error = await rejection(scanner.scan({ dpi: 2400 }));
    expect(error.code).toBe('SCANNER_SETTING_UNSUPPORTED');
    expect(error.message).toContain('1–1200 dpi, not 2400');
  });

  it.each([
    ['SANE_STATUS_JAMMED', 'SCANNER_JAMMED', /remove the sheet/],
    ['SANE_STATUS_DEVICE_BUSY', 'SCANNER_BUSY', /busy/],
    ['SANE_STATUS_COVER_OPEN', 'SCANNER_COVER_OPEN', /Close it/],
    ['SANE_STATUS_NO_DOCS', 'SCANNER_FEEDER_EMPTY', /Put the pages in the feeder/],
    ['SANE_STATUS_IO_ERROR', 'SCANNER_FAILED', /connection .* failed/],
  ])('turns the device status %s into %s', async (status, code, message) => {
    const failing = createSaneScanner({ device: 'test', extraArgs: ['--read-return-value', status] });
    const error = await rejection(failing.scan({ pages: 2, dpi: 50, source: 'feeder' }));
    expect(error.code).toBe(code);
    expect(error.message).toMatch(message);
  });

  it('reports a device that is not there, in the scan and in the health check', async () => {
    const missing = createSaneScanner({ device: 'nosuchbackend:0' });
    const error = await rejection(missing.scan({ dpi: 150 }));
    expect(error.code).toBe('SCANNER_UNREACHABLE');
    expect(error.message).toMatch(/scanimage -L/);
    const health = await missing.health();
    expect(health).toMatchObject({ device: 'scanner', driver: 'sane', ok: false });
    expect(health.detail).toMatch(/nicht gefunden/);
  });

  it('says ready in its health check', async () => {
    const health = await scanner.health();
    expect(health).toMatchObject({ device: 'scanner', driver: 'sane', ok: true });
    expect(health.detail).toContain('(Flachbett + Einzug, 1–1200 dpi) bereit');
  }, 60_000); // scanimage -L probes every backend, network ones included

  describe('with the test backend enabled in a kit-specific SANE configuration', () => {
    const configDir = mkdtempSync(join(tmpdir(), 'bk-sane-conf-'));
    writeFileSync(join(configDir, 'dll.conf'), 'test\n');
    afterAll(() => rmSync(configDir, { recursive: true, force: true }));

    it('lists the test devices with vendor and model, and names the model in the health check', async () => {
      const devices = await listSaneDevices({ env: { SANE_CONFIG_DIR: configDir } });
      expect(devices.map((d) => d.name)).toEqual(['test:0', 'test:1']);
      expect(devices[0]).toMatchObject({ vendor: 'Noname', model: 'frontend-tester', type: 'virtual device' });
      const health = await createSaneScanner({ device: 'test:0', env: { SANE_CONFIG_DIR: configDir } }).health();
      expect(health.detail).toMatch(/^Noname frontend-tester/);
    }, 60_000);
  });

  it('says how to install SANE when scanimage is missing', async () => {
    const error = await rejection(createSaneScanner({ device: 'test', scanimage: '/nonexistent/scanimage' }).scan({}));
    expect(error.code).toBe('SCANNER_DRIVER_MISSING');
    expect(error.message).toMatch(/sane-utils/);
  });
});
