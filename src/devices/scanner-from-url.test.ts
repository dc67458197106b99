import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../platform/errors.ts';
import { startEsclServer, type EsclServer } from './escl-server.ts';
import { esclBaseUrl, scannerFromUrl } from './scanner-from-url.ts';

function rejects(fn: () => unknown): AppError {
  try {
    fn();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected an AppError');
}

describe('esclBaseUrl', () => {
  it.each([
    ['escl://192.168.8.20', 'http://192.168.8.20/eSCL'],
    ['escl://192.168.8.20:8080/', 'http://192.168.8.20:8080/eSCL'],
    ['escls://scanner.local:443/eSCL', 'https://scanner.local:443/eSCL'],
    ['escl://[fe80::1]:80/airscan', 'http://[fe80::1]:80/airscan'],
    ['sane:test', null],
    ['simulator', null],
  ])('%s → %s', (url, expected) => {
    expect(esclBaseUrl(url)).toBe(expected);
  });
});

describe('scannerFromUrl', () => {
  it('refuses settings it cannot use, saying which forms it knows', () => {
    for (const bad of ['ipp://printer', 'scanner', 'sane:', 'escl://']) {
      const error = rejects(() => scannerFromUrl(bad));
      expect(error.code).toBe('SCANNER_CONFIG_INVALID');
    }
    expect(rejects(() => scannerFromUrl('ipp://printer')).message).toContain('escl://host:port/eSCL');
  });

  it('gives the simulator with a health answer', async () => {
    const scanner = scannerFromUrl('simulator');
    const [page] = await scanner.scan({ dpi: 75 });
    expect(page?.widthPx).toBe(620);
    expect(await scanner.health()).toMatchObject({ driver: 'simulator', ok: true });
  });

  it('gives a SANE scanner for sane:<device>', async () => {
    const health = await scannerFromUrl('sane:nosuchbackend:0').health();
    expect(health).toMatchObject({ driver: 'sane', ok: false });
  });

  describe('eSCL', () => {
    let server: EsclServer;
    beforeAll(async () => {
      server = await startEsclServer();
    });
    afterAll(() => server.close());

    it('scans over escl://127.0.0.1:<port> with the default path', async () => {
      const scanner = scannerFromUrl(`escl://127.0.0.1:${server.port}`);
      expect(await scanner.health()).toMatchObject({ driver: 'escl', ok: true });
      const [page] = await scanner.scan({ dpi: 100, colour: true });
      expect([page?.widthPx, page?.heightPx]).toEqual([827, 1169]);
    });
  });

  it('scans from the standalone eSCL simulator process, as the kit runs it without hardware', async () => {
    const child = spawn(process.execPath, [join(import.meta.dirname, 'escl-server.ts'), '--feeder', '4'], { stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      const setting = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          const match = /scanner setting (escl:\/\/\S+)/.exec(out);
          if (match?.[1]) resolve(match[1]);
        });
        child.once('exit', (code) => reject(new Error(`the simulator exited with ${code}`)));
      });
      const pages = await scannerFromUrl(setting).scan({ pages: 4, dpi: 75, source: 'feeder' });
      expect(pages.map((p) => [p.widthPx, p.heightPx])).toEqual([[620, 877], [620, 877], [620, 877], [620, 877]]);
    } finally {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
  });

  describe('eSCL over HTTPS with the device\'s self-signed certificate', () => {
    let server: EsclServer;
    let dir: string;
    let cert: string;
    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'bk-escls-'));
      execFileSync('openssl', [
        'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1',
        '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1',
        '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'),
      ], { stdio: 'ignore' });
      cert = readFileSync(join(dir, 'cert.pem'), 'utf8');
      server = await startEsclServer({ tls: { key: readFileSync(join(dir, 'key.pem'), 'utf8'), cert } });
    });
    afterAll(async () => {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    });

    it('scans when the certificate is configured', async () => {
      const [page] = await scannerFromUrl(`escls://127.0.0.1:${server.port}/eSCL`, { ca: cert }).scan({ dpi: 75 });
      expect(page?.widthPx).toBe(620);
    });

    it('refuses an unknown certificate with SCANNER_TLS, and accepts it only when told to', async () => {
      const untrusted = scannerFromUrl(`escls://127.0.0.1:${server.port}/eSCL`);
      await expect(untrusted.scan({ dpi: 75 })).rejects.toMatchObject({ code: 'SCANNER_TLS' });
      const health = await untrusted.health();
      expect(health.ok).toBe(false);
      expect(health.detail).toMatch(/Zertifikat/);
      const [page] = await scannerFromUrl(`escls://127.0.0.1:${server.port}/eSCL`, { insecure: true }).scan({ dpi: 75 });
      expect(page?.heightPx).toBe(877);
    });
  });
});
