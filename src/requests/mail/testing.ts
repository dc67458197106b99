// Real MIME mails for the mail tests, composed the way a mail client does (nodemailer's composer).
import { ImapFlow } from 'imapflow';
import MailComposer from 'nodemailer/lib/mail-composer';
import type Mail from 'nodemailer/lib/mailer';
import type { TestImapServer } from '../../platform/mail/testing.ts';

/** A one-page PDF, as a scanner writes it (small, but a real PDF header and trailer). */
export const samplePdf = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n' +
  '3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n', 'latin1');

/** A 1×1 PNG. */
export const samplePng = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

export function composeMail(options: Mail.Options): Promise<Buffer> {
  return new MailComposer({ date: new Date('2026-12-01T08:00:00Z'), ...options }).compile().build();
}

/** Appends with flags (the test server's append leaves mails unread): a mail someone already opened in a mail client. */
export async function appendWithFlags(imap: TestImapServer, raw: Buffer, flags: string[]): Promise<void> {
  const client = new ImapFlow({ host: imap.host, port: imap.port, secure: false, auth: { user: imap.user, pass: imap.password }, logger: false });
  await client.connect();
  try {
    await client.append('INBOX', raw, flags);
  } finally {
    await client.logout();
  }
}

/** UID → flags of every message in INBOX. */
export async function inboxFlags(imap: TestImapServer): Promise<Map<number, Set<string>>> {
  const client = new ImapFlow({ host: imap.host, port: imap.port, secure: false, auth: { user: imap.user, pass: imap.password }, logger: false });
  await client.connect();
  const lock = await client.getMailboxLock('INBOX');
  const flags = new Map<number, Set<string>>();
  try {
    for await (const message of client.fetch('1:*', { uid: true, flags: true })) flags.set(message.uid, message.flags ?? new Set());
  } finally {
    lock.release();
    await client.logout();
  }
  return flags;
}

/** Marks every message in INBOX unread again, as a person might in a mail client. */
export async function markAllUnread(imap: TestImapServer): Promise<void> {
  const client = new ImapFlow({ host: imap.host, port: imap.port, secure: false, auth: { user: imap.user, pass: imap.password }, logger: false });
  await client.connect();
  const lock = await client.getMailboxLock('INBOX');
  try {
    await client.messageFlagsRemove('1:*', ['\\Seen']);
  } finally {
    lock.release();
    await client.logout();
  }
}
