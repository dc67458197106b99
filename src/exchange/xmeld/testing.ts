import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Schema validation of XMeld messages in tests, offline: xmllint with the OASIS catalog of the
 * shared standards folder (../shared/standards/xmeld next to the repository). A missing folder or
 * a missing xmllint is an error with a message saying what to install, never a silent skip.
 */
const repositoryRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
export const xmeldStandardsDir = resolve(repositoryRoot, '../shared/standards/xmeld');
const schemaPath = join(xmeldStandardsDir, 'xmeld-25.11a', 'xinneres.xmeld.xsd');
const catalogPath = join(xmeldStandardsDir, 'catalog.xml');

export interface XmllintResult {
  valid: boolean;
  /** xmllint's messages (errors name line and element). */
  output: string;
}

export function requireXmeldSchemas(dir = xmeldStandardsDir): void {
  const schema = join(dir, 'xmeld-25.11a', 'xinneres.xmeld.xsd');
  const catalog = join(dir, 'catalog.xml');
  if (!existsSync(schema) || !existsSync(catalog)) {
    throw new Error(`XMeld 25.11a schemas not found: expected ${schema} and ${catalog} ` +
      '(the shared standards folder ../shared/standards/xmeld next to the repository). Put the XMeld schema set there; these tests validate every generated message against it.');
  }
}

/** Validates each document with xmllint against XMeld 25.11a; one xmllint run for all of them. */
export function validateXmeld(documents: string[]): XmllintResult[] {
  requireXmeldSchemas();
  const dir = mkdtempSync(join(tmpdir(), 'xmeld-'));
  try {
    const files = documents.map((xml, index) => {
      const file = join(dir, `message-${index}.xml`);
      writeFileSync(file, xml);
      return file;
    });
    const run = spawnSync('xmllint', ['--nonet', '--noout', '--schema', schemaPath, ...files], {
      env: { ...process.env, XML_CATALOG_FILES: catalogPath },
      encoding: 'utf8',
    });
    if (run.error) {
      const code = (run.error as NodeJS.ErrnoException).code;
      throw new Error(code === 'ENOENT' ? 'xmllint is not installed: apt-get install libxml2-utils (it validates the XMeld messages).' : `xmllint failed to run: ${run.error.message}`);
    }
    const output = `${run.stdout}${run.stderr}`;
    return files.map((file) => {
      const lines = output.split('\n').filter((line) => line.startsWith(file));
      return { valid: lines.some((line) => line === `${file} validates`), output: lines.join('\n') };
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
