import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testConfig } from '../testing.ts';
import { mailSenderFor } from './sender.ts';
import { startTestImapServer, startTestSmtpServer, type TestSmtpServer } from './testing.ts';
import { ImapFlow } from 'imapflow';

describe('mail over a real SMTP server on loopback', () => {
  let smtp: TestSmtpServer;
  beforeAll(async () => {
    smtp = await startTestSmtpServer();
  }, 30_000);
  afterAll(async () => {
    await smtp?.stop();
  });

  it('sends over SMTP with threading headers and an attachment', async () => {
    const sender = mailSenderFor(testConfig({ smtpUrl: smtp.url }));
    const { messageId } = await sender.send({
      to: 'tochter@example.org', toName: 'Petra K.', subject: 'Ihr Hausbesuch [HB-0000-0000]', text: 'Wir kommen am Donnerstag.',
      inReplyTo: '<first@example.org>', references: ['<first@example.org>'],
      attachments: [{ filename: 'termin.ics', contentType: 'text/calendar', content: new TextEncoder().encode('BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n') }],
    });
    const [mail] = await smtp.waitForMessages(1);
    expect(mail?.envelope.to).toEqual(['tochter@example.org']);
    expect(mail?.parsed.subject).toBe('Ihr Hausbesuch [HB-0000-0000]');
    expect(mail?.parsed.inReplyTo).toBe('<first@example.org>');
    expect(mail?.parsed.messageId).toBe(messageId.startsWith('<') ? messageId : `<${messageId}>`);
    expect(mail?.parsed.attachments.map((a) => a.filename)).toEqual(['termin.ics']);
  });
});

describe('the dovecot test server', () => {
  it('keeps appended mails that an IMAP client reads', async () => {
    const imap = await startTestImapServer();
    try {
      await imap.append('From: Petra K. <tochter@example.org>\r\nSubject: Hausbesuch fuer meine Mutter\r\nMessage-ID: <m1@example.org>\r\n\r\nBitte besuchen Sie meine Mutter.\r\n');
      const client = new ImapFlow({ host: imap.host, port: imap.port, secure: false, auth: { user: imap.user, pass: imap.password }, logger: false });
      await client.connect();
      const lock = await client.getMailboxLock('INBOX');
      const subjects: string[] = [];
      try {
        for await (const message of client.fetch('1:*', { envelope: true })) subjects.push(message.envelope?.subject ?? '');
      } finally {
        lock.release();
        await client.logout();
      }
      expect(subjects).toEqual(['Hausbesuch fuer meine Mutter']);
    } finally {
      await imap.stop();
    }
  }, 30_000);
});
