import { createHash, randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { OutgoingFile, Transport } from './transport.ts';

/** What a collector finds next to each file: enough to route and check it without parsing the XML. */
export interface FileDropManifest {
  messageId: string;
  kind: string;
  fileName: string;
  mediaType: string;
  recipientName: string;
  sha256: string;
  bytes: number;
  writtenAt: string;
}

const safeName = /^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$/;

/**
 * Writes each message to <directory>/<kind>/<fileName>, and a manifest <fileName>.manifest.json
 * after it. Both appear atomically (written to a temporary name in the same directory, flushed,
 * renamed), so a collector that waits for the manifest never reads half a file. Writing the same
 * message again replaces it with the same name: a collector sees it once. Files are readable by
 * the owner only — an ID order carries fingerprints.
 */
export class FileDropTransport implements Transport {
  readonly name = 'file_drop';
  readonly directory: string;
  private readonly now: () => Date;

  constructor(directory: string, options: { now?: () => Date } = {}) {
    this.directory = directory;
    this.now = options.now ?? (() => new Date());
  }

  async send(message: OutgoingFile): Promise<{ reference: string }> {
    for (const [field, value] of [['kind', message.kind], ['fileName', message.fileName]] as const) {
      if (!safeName.test(value) || value.includes('..')) {
        throw new Error(`File drop: ${field} "${value}" is not a safe file name (letters, digits, . _ - only).`);
      }
    }
    const folder = join(this.directory, message.kind);
    await mkdir(folder, { recursive: true, mode: 0o700 });
    const manifest: FileDropManifest = {
      messageId: message.messageId,
      kind: message.kind,
      fileName: message.fileName,
      mediaType: message.mediaType,
      recipientName: message.recipientName,
      sha256: createHash('sha256').update(message.content).digest('hex'),
      bytes: message.content.byteLength,
      writtenAt: this.now().toISOString(),
    };
    await writeAtomically(join(folder, message.fileName), message.content);
    await writeAtomically(join(folder, `${message.fileName}.manifest.json`), new TextEncoder().encode(`${JSON.stringify(manifest, null, 2)}\n`));
    return { reference: `${message.kind}/${message.fileName}` };
  }
}

async function writeAtomically(path: string, content: Uint8Array): Promise<void> {
  const temporary = join(path, '..', `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    const handle = await open(temporary, 'wx', 0o600);
    try {
      await handle.writeFile(content);
      // Without the flush a crash after rename could leave an empty file under the final name.
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}
