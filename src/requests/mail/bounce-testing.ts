// Delivery status notifications as real mail systems write them (Postfix, Exim, Exchange Online),
// around the mail that bounced, for the bounce tests. Layout, field order and wording follow
// each system's own templates; host names and addresses are the tests'.

export interface BounceFixture {
  /** The mail that bounced, as we sent it (RFC 5322 source). */
  original: Buffer;
  recipient: string;
  /** Our mail host: the bounce is addressed to MAIL_FROM. */
  sender?: string;
  date?: string;
}

const crlf = (lines: string[]): Buffer => Buffer.from(`${lines.join('\r\n')}\r\n`, 'utf8');

/** The header block of a mail, up to the blank line. */
export function headerBlock(raw: Buffer): string {
  const text = raw.toString('utf8');
  const end = text.search(/\r?\n\r?\n/);
  return (end >= 0 ? text.slice(0, end) : text).replace(/\r?\n/g, '\r\n');
}

const wrap64 = (text: string): string => Buffer.from(text, 'utf8').toString('base64').replace(/.{76}/g, '$&\r\n');

/**
 * Postfix bounce(8): notification, delivery report, the returned message. `returned`: the whole
 * message (default), its headers only (bounce_notice_recipient setups), or none, with the
 * Message-ID only quoted in the notification (appliances that strip attachments).
 */
export function postfixBounce(input: BounceFixture & {
  action?: 'failed' | 'delayed'; status?: string; diagnostic?: string; returned?: 'message' | 'headers' | 'none'; messageId?: string;
}): Buffer {
  const boundary = '4Q1XyzR3kLz1733220902/mail.bochum.example';
  const sender = input.sender ?? 'buergerbuero@bochum.example';
  const status = input.status ?? (input.action === 'delayed' ? '4.4.1' : '5.1.1');
  const diagnostic = input.diagnostic ?? `550 5.1.1 <${input.recipient}>: Recipient address\r\n    rejected: User unknown in virtual mailbox table`;
  const delayed = input.action === 'delayed';
  const returned = input.returned ?? 'message';
  const originalId = /^message-id:\s*(\S+)/im.exec(input.original.toString('utf8'))?.[1] ?? '';
  return crlf([
    'Return-Path: <>',
    'Received: by mail.bochum.example (Postfix)',
    '\tid 4Q1XyzR3kLz; Thu,  3 Dec 2026 11:15:02 +0100 (CET)',
    `Date: ${input.date ?? 'Thu,  3 Dec 2026 11:15:02 +0100 (CET)'}`,
    'From: MAILER-DAEMON@mail.bochum.example (Mail Delivery System)',
    delayed ? 'Subject: Delayed Mail (still being retried)' : 'Subject: Undelivered Mail Returned to Sender',
    `To: ${sender}`,
    'Auto-Submitted: auto-replied',
    'MIME-Version: 1.0',
    'Content-Type: multipart/report; report-type=delivery-status;',
    `\tboundary="${boundary}"`,
    'Content-Transfer-Encoding: 8bit',
    `Message-Id: <${input.messageId ?? '20261203101502.4Q1XyzR3kLz@mail.bochum.example'}>`,
    '',
    'This is a MIME-encapsulated message.',
    '',
    `--${boundary}`,
    'Content-Description: Notification',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: 8bit',
    '',
    'This is the mail system at host mail.bochum.example.',
    '',
    ...(delayed
      ? ['####################################################################', '# THIS IS A WARNING ONLY.  YOU DO NOT NEED TO RESEND YOUR MESSAGE. #',
        '####################################################################', '', 'Your message could not be delivered for more than 4 hour(s).', 'It will be retried until it is 5 day(s) old.']
      : ['I\'m sorry to have to inform you that your message could not', 'be delivered to one or more recipients. It\'s attached below.']),
    '',
    'For further assistance, please send mail to postmaster.',
    '',
    '                   The mail system',
    '',
    `<${input.recipient}>: host mx.example.org[192.0.2.10] said: ${diagnostic.replace(/\r\n\s+/g, ' ')} (in reply to RCPT TO command)`,
    ...(returned === 'none' ? ['', 'Headers of your message:', `  Message-ID: ${originalId}`] : []),
    '',
    `--${boundary}`,
    'Content-Description: Delivery report',
    'Content-Type: message/delivery-status',
    '',
    'Reporting-MTA: dns; mail.bochum.example',
    'X-Postfix-Queue-ID: 4Q1XyzR3kLz',
    `X-Postfix-Sender: rfc822; ${sender}`,
    'Arrival-Date: Thu,  3 Dec 2026 11:15:01 +0100 (CET)',
    '',
    `Final-Recipient: rfc822; ${input.recipient}`,
    `Original-Recipient: rfc822;${input.recipient}`,
    `Action: ${input.action ?? 'failed'}`,
    `Status: ${status}`,
    'Remote-MTA: dns; mx.example.org',
    `Diagnostic-Code: smtp; ${diagnostic}`,
    ...(delayed ? ['Will-Retry-Until: Tue,  8 Dec 2026 11:15:01 +0100 (CET)'] : []),
    '',
    ...(returned === 'none' ? [] : [
      `--${boundary}`,
      returned === 'headers' ? 'Content-Description: Undelivered Message Headers' : 'Content-Description: Undelivered Message',
      returned === 'headers' ? 'Content-Type: text/rfc822-headers' : 'Content-Type: message/rfc822',
      'Content-Transfer-Encoding: 8bit',
      '',
      returned === 'headers' ? headerBlock(input.original) : input.original.toString('utf8').replace(/\r?\n$/, ''),
      '',
    ]),
    `--${boundary}--`,
  ]);
}

/** Exim 4 with its RFC 3464 report: Status 5.0.0, the finer code only in the diagnostic; the returned headers as text/rfc822-headers. */
export function eximBounce(input: BounceFixture & { diagnostic?: string }): Buffer {
  const boundary = '1733220902-eximdsn-1804289383';
  const originalId = /^message-id:\s*(\S+)/im.exec(input.original.toString('utf8'))?.[1] ?? '';
  const diagnostic = input.diagnostic ?? '550 5.2.1 Mailbox disabled for this recipient';
  return crlf([
    'Return-path: <>',
    'Received: from Debian-exim by mx.example.net with local (Exim 4.98)',
    '\tid 1tIQxC-000123-AB; Thu, 03 Dec 2026 11:15:02 +0100',
    'X-Failed-Recipients: ' + input.recipient,
    'Auto-Submitted: auto-replied',
    'From: Mail Delivery System <Mailer-Daemon@mx.example.net>',
    `To: ${input.sender ?? 'buergerbuero@bochum.example'}`,
    `References: ${originalId}`,
    `Content-Type: multipart/report; report-type=delivery-status; boundary=${boundary}`,
    'MIME-Version: 1.0',
    'Subject: Mail delivery failed: returning message to sender',
    'Message-Id: <E1tIQxC-000123-AB@mx.example.net>',
    `Date: ${input.date ?? 'Thu, 03 Dec 2026 11:15:02 +0100'}`,
    '',
    `--${boundary}`,
    'Content-type: text/plain; charset=us-ascii',
    '',
    'This message was created automatically by mail delivery software.',
    '',
    'A message that you sent could not be delivered to one or more of its',
    'recipients. This is a permanent error. The following address(es) failed:',
    '',
    `  ${input.recipient}`,
    '    host mx.example.net [192.0.2.20]',
    `    SMTP error from remote mail server after RCPT TO:<${input.recipient}>:`,
    `    ${diagnostic}`,
    '',
    `--${boundary}`,
    'Content-type: message/delivery-status',
    '',
    'Reporting-MTA: dns; mx.example.net',
    '',
    'Action: failed',
    `Final-Recipient: rfc822;${input.recipient}`,
    'Status: 5.0.0',
    'Remote-MTA: dns; mx.example.net',
    `Diagnostic-Code: smtp; ${diagnostic}`,
    '',
    `--${boundary}`,
    'Content-type: text/rfc822-headers',
    '',
    headerBlock(input.original),
    '',
    `--${boundary}--`,
  ]);
}

/**
 * Exchange Online's NDR: the human part base64 in German (multipart/alternative), the report
 * with Status 5.1.10, the returned headers; the NDR itself threads under the original.
 */
export function microsoftBounce(input: BounceFixture): Buffer {
  const outer = 'b1_7c3e9f0d2a5b4c1e8f6a9d0b3c2e1f4a';
  const inner = 'b2_7c3e9f0d2a5b4c1e8f6a9d0b3c2e1f4a';
  const originalId = /^message-id:\s*(\S+)/im.exec(input.original.toString('utf8'))?.[1] ?? '';
  const subject = /^subject:\s*(.*)$/im.exec(input.original.toString('utf8'))?.[1] ?? '';
  const text = [
    `Ihre Nachricht an ${input.recipient} konnte nicht zugestellt werden.`, '',
    `${input.recipient.split('@')[0]} wurde bei ${input.recipient.split('@')[1]} nicht gefunden.`, '',
    'Empfänger                        Aktion erforderlich', 'Die Adresse ist falsch oder existiert nicht mehr.', '',
    'Weitere Informationen für E-Mail-Administratoren',
    `Remote Server returned '550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient ${input.recipient} not found by SMTP address lookup'`,
  ].join('\r\n');
  const html = `<html><body><p>Ihre Nachricht an <b>${input.recipient}</b> konnte nicht zugestellt werden.</p></body></html>`;
  return crlf([
    'From: Microsoft Outlook <postmaster@contoso.onmicrosoft.com>',
    `To: <${input.sender ?? 'buergerbuero@bochum.example'}>`,
    `Date: ${input.date ?? 'Thu, 3 Dec 2026 10:15:03 +0000'}`,
    'Content-Type: multipart/report; report-type=delivery-status;',
    `\tboundary="${outer}"`,
    'Content-Language: de-DE',
    'Message-ID: <7c3e9f0d-2a5b-4c1e-8f6a-9d0b3c2e1f4a@AM0PR01MB1234.eurprd01.prod.exchangelabs.com>',
    `In-Reply-To: ${originalId}`,
    `References: ${originalId}`,
    `Thread-Topic: ${subject}`,
    `Subject: Unzustellbar: ${subject}`,
    'Auto-Submitted: auto-replied',
    'X-MS-Exchange-Message-Is-Ndr:',
    'MIME-Version: 1.0',
    '',
    `--${outer}`,
    `Content-Type: multipart/alternative; differences=Content-Type;`,
    `\tboundary="${inner}"`,
    '',
    `--${inner}`,
    'Content-Type: text/plain; charset="utf-8"',
    'Content-Transfer-Encoding: base64',
    '',
    wrap64(text),
    '',
    `--${inner}`,
    'Content-Type: text/html; charset="utf-8"',
    'Content-Transfer-Encoding: base64',
    '',
    wrap64(html),
    '',
    `--${inner}--`,
    '',
    `--${outer}`,
    'Content-Type: message/delivery-status',
    '',
    'Reporting-MTA: dns;AM0PR01MB1234.eurprd01.prod.exchangelabs.com',
    'Received-From-MTA: dns;mail.bochum.example',
    'Arrival-Date: Thu, 3 Dec 2026 10:15:02 +0000',
    '',
    `Original-Recipient: rfc822;${input.recipient}`,
    `Final-Recipient: rfc822;${input.recipient}`,
    'Action: failed',
    'Status: 5.1.10',
    `Diagnostic-Code: smtp;550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient ${input.recipient} not found by SMTP address lookup`,
    'X-Display-Name: ' + input.recipient,
    '',
    '',
    `--${outer}`,
    'Content-Type: text/rfc822-headers',
    '',
    headerBlock(input.original),
    '',
    `--${outer}--`,
  ]);
}

/** Exim's plain-text bounce (no report part), as older or reconfigured Exims still send it: the original follows inline. */
export function eximTextBounce(input: BounceFixture): Buffer {
  return crlf([
    'Return-path: <>',
    'From: Mail Delivery System <Mailer-Daemon@mx.example.net>',
    `To: ${input.sender ?? 'buergerbuero@bochum.example'}`,
    'Subject: Mail delivery failed: returning message to sender',
    'Message-Id: <E1tIQxD-000124-CD@mx.example.net>',
    `Date: ${input.date ?? 'Thu, 03 Dec 2026 11:15:02 +0100'}`,
    '',
    'This message was created automatically by mail delivery software.',
    '',
    'A message that you sent could not be delivered to one or more of its',
    'recipients. This is a permanent error. The following address(es) failed:',
    '',
    `  ${input.recipient}`,
    `    SMTP error from remote mail server after RCPT TO:<${input.recipient}>:`,
    `    host mx.example.net [192.0.2.20]: 550 5.1.1 <${input.recipient}>: Recipient address rejected: User unknown`,
    '',
    '------ This is a copy of the message, including all the headers. ------',
    '',
    input.original.toString('utf8').replace(/\r?\n$/, ''),
  ]);
}
