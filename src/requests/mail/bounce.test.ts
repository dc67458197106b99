import { describe, expect, it } from 'vitest';
import { bounceReason, detectBounce, statusText, type DeliveryReport } from './bounce.ts';
import { eximBounce, eximTextBounce, microsoftBounce, postfixBounce } from './bounce-testing.ts';
import { composeMail, samplePdf } from './testing.ts';

const ourId = '<mfx0k2.5c1e8f6a9d0b3c2e1f4a7b8c@bochum.example>';
const isOwnMessageId = (id: string): boolean => id.endsWith('@bochum.example>');

/** Our confirmation as it went out: a reply in the requester's thread, with the letter attached. */
const original = await composeMail({
  from: 'Bürgerbüro Bochum <buergerbuero@bochum.example>',
  to: 'Petra Kowalski <petra@example.org>',
  subject: 'Ihr Hausbesuch am 08.12.2026 [HB-7K2M-Q9A4]',
  messageId: ourId,
  inReplyTo: '<anfrage-1@example.org>',
  references: ['<anfrage-1@example.org>', '<ack-1@bochum.example>'],
  text: 'Guten Tag,\n\nwir kommen am Dienstag, 08.12.2026, zwischen 9 und 10 Uhr.',
  attachments: [{ filename: 'Terminbestaetigung.pdf', content: samplePdf, contentType: 'application/pdf' }],
});

const failed = (recipient: string, status: string, diagnostic: RegExp | string | null, source: 'dsn' | 'text' = 'dsn', ids = [ourId]) => ({
  outcome: 'failed', source, originalMessageIds: ids,
  recipients: [{ recipient, status, diagnostic: typeof diagnostic === 'string' || diagnostic === null ? diagnostic : expect.stringMatching(diagnostic) }],
});

describe('detectBounce', () => {
  it.each<[string, Buffer, unknown]>([
    ['Postfix, the message returned', postfixBounce({ original, recipient: 'petra@example.org' }),
      failed('petra@example.org', '5.1.1', '550 5.1.1 <petra@example.org>: Recipient address rejected: User unknown in virtual mailbox table')],
    ['Postfix, headers only', postfixBounce({ original, recipient: 'petra@example.org', returned: 'headers' }),
      failed('petra@example.org', '5.1.1', /^550 5\.1\.1/)],
    ['Postfix, nothing returned: the Message-ID quoted in the notification', postfixBounce({ original, recipient: 'petra@example.org', returned: 'none' }),
      failed('petra@example.org', '5.1.1', /^550 5\.1\.1/)],
    ['Postfix, mailbox full', postfixBounce({ original, recipient: 'petra@example.org', status: '5.2.2', diagnostic: '552 5.2.2 Mailbox full' }),
      failed('petra@example.org', '5.2.2', '552 5.2.2 Mailbox full')],
    ['Exim with a report (5.0.0, headers returned)', eximBounce({ original, recipient: 'ayse@example.net' }),
      failed('ayse@example.net', '5.0.0', '550 5.2.1 Mailbox disabled for this recipient')],
    ['Exchange Online (base64 notification, 5.1.10)', microsoftBounce({ original, recipient: 'p.kowalski@contoso.example' }),
      failed('p.kowalski@contoso.example', '5.1.10', /^550 5\.1\.10 RESOLVER\.ADR\.RecipientNotFound/)],
    ['Exim in plain text, the original inline', eximTextBounce({ original, recipient: 'ayse@example.net' }),
      failed('ayse@example.net', '5.1.1', /^550 5\.1\.1 <ayse@example\.net>: Recipient address rejected/, 'text')],
  ])('%s', async (_name, raw, expected) => {
    expect(detectBounce(raw, { isOwnMessageId })).toEqual(expected);
    // The same from a string, as a test or a tool might pass it.
    expect(detectBounce(raw.toString('utf8'), { isOwnMessageId })).toEqual(expected);
  });

  it('reports a delay as informational: nothing failed, yet no request either', () => {
    const report = detectBounce(postfixBounce({ original, recipient: 'petra@example.org', action: 'delayed' }));
    expect(report).toEqual({ outcome: 'informational', source: 'dsn', actions: ['delayed'], originalMessageIds: [ourId] });
  });

  it('keeps only the failed recipients of a report with several', () => {
    const raw = postfixBounce({ original, recipient: 'petra@example.org' }).toString('utf8').replace(
      'Final-Recipient: rfc822; petra@example.org',
      ['Final-Recipient: rfc822; office@example.org', 'Action: delivered', 'Status: 2.0.0', '',
        'Final-Recipient: rfc822; liste@example.org', 'Action: expanded', 'Status: 2.0.0', '',
        'Final-Recipient: rfc822; relay@example.org', 'Action: relayed', 'Status: 2.0.0', '',
        'Final-Recipient: rfc822; spaeter@example.org', 'Action: delayed', 'Status: 4.4.7', '',
        'Final-Recipient: rfc822; petra@example.org'].join('\r\n'),
    );
    const report = detectBounce(raw) as Extract<DeliveryReport, { outcome: 'failed' }>;
    expect(report.outcome).toBe('failed');
    expect(report.recipients.map((r) => r.recipient)).toEqual(['petra@example.org']);
  });

  it('takes only the returned message\'s own Message-ID, not the older mails it answered', () => {
    const report = detectBounce(postfixBounce({ original, recipient: 'petra@example.org' }));
    expect(report?.originalMessageIds).toEqual([ourId]);
    expect(report?.originalMessageIds).not.toContain('<ack-1@bochum.example>');
  });

  it('falls back to the report\'s own threading headers when nothing else names the original', () => {
    const raw = microsoftBounce({ original, recipient: 'p@contoso.example' }).toString('utf8')
      .replace(/--b1_[^\r\n]*\r\nContent-Type: text\/rfc822-headers[\s\S]*?(?=--b1_[^\r\n]*--)/, '');
    expect(raw).not.toContain('text/rfc822-headers');
    expect(detectBounce(raw)?.originalMessageIds).toEqual([ourId]);
  });

  it.each<[string, () => Promise<Buffer> | Buffer]>([
    ['an ordinary mail', () => composeMail({ from: 'petra@example.org', subject: 'Hausbesuch', text: 'Bitte kommen Sie.' })],
    ['a requester quoting our mail, Message-ID and all', () => composeMail({
      from: 'petra@example.org', subject: 'AW: Ihr Hausbesuch', inReplyTo: ourId,
      text: `Danke!\n\n> Message-ID: ${ourId}\n> Subject: Ihr Hausbesuch\n> 550 5.1.1 unbekannt`,
    })],
    ['a plain-text bounce without our Message-ID (someone else\'s mail)', () => eximTextBounce({
      original: Buffer.from('From: spam@example.com\r\nMessage-ID: <x1@example.com>\r\nSubject: Angebot\r\n\r\nKaufen!\r\n'), recipient: 'a@example.net',
    })],
    ['a postmaster writing in person, no quoted original', () => composeMail({
      from: 'postmaster@example.org', subject: 'Ihre Anfrage', inReplyTo: ourId, text: 'Bitte schreiben Sie an info@example.org.',
    })],
    ['a report forwarded as an attachment by a person', async () => composeMail({
      from: 'it@example.org', subject: 'WG: Unzustellbar', text: 'Zur Info.',
      attachments: [{ filename: 'bounce.eml', content: postfixBounce({ original, recipient: 'petra@example.org' }), contentType: 'message/rfc822' }],
    })],
    ['a read receipt (disposition-notification report)', () => Buffer.from([
      'From: petra@example.org', 'Subject: Gelesen: Ihr Hausbesuch', 'MIME-Version: 1.0',
      'Content-Type: multipart/report; report-type=disposition-notification; boundary="r"', '',
      '--r', 'Content-Type: text/plain', '', 'Gelesen.', '',
      '--r', 'Content-Type: message/disposition-notification', '', 'Final-Recipient: rfc822; petra@example.org',
      `Original-Message-ID: ${ourId}`, 'Disposition: manual-action/MDN-sent-manually; displayed', '', '--r--', '',
    ].join('\r\n'))],
    ['garbage', () => Buffer.from('\u0000\u0001 kein Mail')],
  ])('is no bounce: %s', async (_name, build) => {
    expect(detectBounce(await build(), { isOwnMessageId })).toBeNull();
  });

  it('reads a report stored with bare LF line ends, as some mail stores keep them', () => {
    const lf = postfixBounce({ original, recipient: 'petra@example.org' }).toString('utf8').replace(/\r\n/g, '\n');
    expect(detectBounce(lf)).toEqual(failed('petra@example.org', '5.1.1', /^550 5\.1\.1/));
  });

  it('is no bounce: a mail from the mail system with large scans and no Message-ID of ours', async () => {
    const scan = Buffer.alloc(8 * 1024 * 1024, 7);
    const raw = await composeMail({ from: 'postmaster@example.org', subject: 'Scans', text: 'Anbei.', attachments: [{ filename: 'scan.tif', content: scan }, { filename: 'scan2.tif', content: scan }] });
    expect(detectBounce(raw, { isOwnMessageId })).toBeNull();
  });

  it('recognises plain-text bounces only when told which Message-IDs are ours', () => {
    expect(detectBounce(eximTextBounce({ original, recipient: 'ayse@example.net' }))).toBeNull();
  });
});

describe('the reason in words', () => {
  it.each([
    ['5.1.1', null, 'Die Empfängeradresse gibt es nicht'],
    ['5.1.10', null, 'Die Empfängeradresse gibt es nicht'],
    ['5.1.2', null, 'Die Domain der Empfängeradresse gibt es nicht'],
    ['5.2.2', null, 'Das Postfach ist voll'],
    ['5.7.1', null, 'Der Mailserver des Empfängers hat die E-Mail abgelehnt (Richtlinie oder Spamfilter)'],
    ['5.0.0', '550 5.2.1 Mailbox disabled', 'Das Postfach ist gesperrt und nimmt keine E-Mails an'],
    ['5.0.0', 'no code here', 'Die E-Mail konnte nicht zugestellt werden'],
    ['4.4.7', null, 'Der Mailserver des Empfängers war nicht erreichbar; die Zustellung wurde nach mehreren Versuchen aufgegeben'],
    [null, null, 'Die E-Mail konnte nicht zugestellt werden'],
  ])('%s (%s) reads "%s"', (status, diagnostic, text) => {
    expect(statusText(status, diagnostic)).toBe(text);
  });

  it('names the recipient, the meaning and the SMTP status as given', () => {
    expect(bounceReason({ recipient: 'petra@example.org', status: '5.1.1', diagnostic: '550 5.1.1 User unknown' }))
      .toBe('Unzustellbar an petra@example.org: Die Empfängeradresse gibt es nicht (SMTP 5.1.1: 550 5.1.1 User unknown)');
    expect(bounceReason({ recipient: null, status: null, diagnostic: null })).toBe('Unzustellbar: Die E-Mail konnte nicht zugestellt werden');
    expect(bounceReason({ recipient: 'a@b.example', status: '5.1.1', diagnostic: 'x'.repeat(2000) })).toHaveLength(1000);
  });
});
