import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testConfig } from '../testing.ts';
import { mailSenderFor } from './sender.ts';
import { startTestSmtpServer, type TestSmtpServer } from './testing.ts';

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
