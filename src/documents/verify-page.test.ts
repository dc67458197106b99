import AxeBuilder from '@axe-core/playwright';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VerificationResult } from './verify-document.ts';
import { renderVerifyForm, renderVerifyPage } from './verify-page.ts';

const document = {
  kind: 'meldebescheinigung', title: 'Meldebescheinigung <einfach>', issuer: 'Stadt Bochum – Bürgerbüro', issuedAt: '2026-03-12T09:30:00Z',
  certifies: [{ label: 'Familienname', value: 'Ḑemir <script>alert(1)</script>' }], revokedAt: null, revocationReason: null,
};
const pages: Record<string, string> = {
  genuine: renderVerifyPage({ status: 'genuine', code: 'BK-7K3M-Q9XZ', tokenChecked: true, document }, 'BK-7K3M-Q9XZ'),
  revoked: renderVerifyPage({ status: 'revoked', code: 'BK-7K3M-Q9XZ', tokenChecked: false, document: { ...document, certifies: null, revokedAt: '2026-03-13T10:00:00Z', revocationReason: 'ersetzt' } }, 'BK-7K3M-Q9XZ'),
  token_mismatch: renderVerifyPage({ status: 'token_mismatch', code: 'BK-7K3M-Q9XZ', tokenChecked: true, document: null }, 'BK-7K3M-Q9XZ'),
  unknown: renderVerifyPage({ status: 'unknown', code: null, tokenChecked: false, document: null } satisfies VerificationResult, '"><b>'),
  form: renderVerifyForm(),
};

describe('verify page', () => {
  it('escapes everything it prints', () => {
    expect(pages.genuine).not.toContain('<script>');
    expect(pages.genuine).toContain('Ḑemir &lt;script&gt;');
    expect(pages.genuine).toContain('Meldebescheinigung &lt;einfach&gt;');
    expect(pages.unknown).toContain('„&quot;&gt;&lt;b&gt;“');
  });

  it('is a complete German page without scripts or external resources', () => {
    for (const html of Object.values(pages)) {
      expect(html.startsWith('<!DOCTYPE html>\n<html lang="de">')).toBe(true);
      expect(html).not.toMatch(/<script|<link|src=|https?:\/\//);
    }
  });

  describe('in a browser', () => {
    let browser: Browser;
    beforeAll(async () => {
      browser = await chromium.launch({
        executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
        args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      });
    });
    afterAll(async () => {
      await browser.close();
    });

    it.each(Object.keys(pages))('has no WCAG 2.1 AA violations (%s)', async (name) => {
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.setContent(pages[name]!);
      const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
      expect(result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
      await context.close();
    });
  });
});
