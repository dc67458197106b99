import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileDropTransport, type FileDropManifest } from './file-drop.ts';
import { createTransport } from './index.ts';

const message = (overrides: Partial<Parameters<FileDropTransport['send']>[0]> = {}) => ({
  messageId: '7d0f6a4e-1c55-4d8e-9f1e-0a8b5c2d3e4f',
  kind: 'bzr_application',
  fileName: 'bzr_application_2026-000017_7d0f6a4e.xml',
  mediaType: 'application/xml',
  content: new TextEncoder().encode('<Fuehrungszeugnisantrag/>'),
  recipientName: 'Bundesamt für Justiz',
  ...overrides,
});

describe('FileDropTransport', () => {
  let dir: string;
  beforeEach(async () => { dir = await mkdtemp(join(tmpdir(), 'bk-drop-')); });
  afterEach(async () => { await rm(dir, { recursive: true, force: true }); });

  it('writes <kind>/<fileName> and a manifest with hash and size, owner-readable only, no temp files left', async () => {
    const transport = new FileDropTransport(join(dir, 'outbox'), { now: () => new Date('2026-03-02T09:00:00Z') });
    const sent = message();
    expect(await transport.send(sent)).toEqual({ reference: `bzr_application/${sent.fileName}` });
    const folder = join(dir, 'outbox', 'bzr_application');
    expect((await readdir(folder)).sort()).toEqual([sent.fileName, `${sent.fileName}.manifest.json`]);
    expect(await readFile(join(folder, sent.fileName), 'utf8')).toBe('<Fuehrungszeugnisantrag/>');
    expect((await stat(join(folder, sent.fileName))).mode & 0o777).toBe(0o600);
    const manifest = JSON.parse(await readFile(join(folder, `${sent.fileName}.manifest.json`), 'utf8')) as FileDropManifest;
    expect(manifest).toEqual({
      messageId: sent.messageId, kind: 'bzr_application', fileName: sent.fileName, mediaType: 'application/xml',
      recipientName: 'Bundesamt für Justiz', sha256: createHash('sha256').update(sent.content).digest('hex'), bytes: 25,
      writtenAt: '2026-03-02T09:00:00.000Z',
    });
  });

  it('replaces the file when the same message is sent again (the collector sees it once)', async () => {
    const transport = new FileDropTransport(dir);
    await transport.send(message());
    await transport.send(message({ content: new TextEncoder().encode('<again/>') }));
    const folder = join(dir, 'bzr_application');
    expect(await readdir(folder)).toHaveLength(2);
    expect(await readFile(join(folder, message().fileName), 'utf8')).toBe('<again/>');
  });

  it.each(['../escape.xml', 'a/b.xml', '.hidden', ''])('refuses the unsafe file name %j', async (fileName) => {
    await expect(new FileDropTransport(dir).send(message({ fileName }))).rejects.toThrow(/not a safe file name/);
  });

  it('fails (so the outbox retries) when the directory cannot be written, leaving nothing half-written', async () => {
    await writeFile(join(dir, 'bzr_application'), 'a file where the directory should be');
    await expect(new FileDropTransport(dir).send(message())).rejects.toThrow(/EEXIST|ENOTDIR/);
    expect(await readdir(dir)).toEqual(['bzr_application']);
  });

  it('is what the configuration names', () => {
    const transport = createTransport({ outboxTransport: 'file_drop', outboxDir: dir });
    expect(transport).toBeInstanceOf(FileDropTransport);
    expect((transport as FileDropTransport).directory).toBe(dir);
  });
});
