import { randomBytes } from 'node:crypto';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createTransport } from 'nodemailer';
import addressparser from 'nodemailer/lib/addressparser';
import type { Config } from '../config.ts';

/** A mail to one citizen (or their relative, Betreuer, care home), as the request area hands it over. */
export interface OutgoingMail {
  to: string;
  toName?: string;
  subject: string;
  text: string;
  html?: string;
  /** "<…@…>"; generated with the domain of MAIL_FROM when absent. */
  messageId?: string;
  /** The Message-ID answered, so the recipient's client threads the reply. */
  inReplyTo?: string;
  /** The thread's earlier Message-IDs, oldest first. */
  references?: string[];
  attachments?: { filename: string; contentType: string; content: Uint8Array }[];
}

export interface MailSender {
  /** Resolves once the mail left (SMTP accepted it, or the .eml file is written); rejects with a message an operator can act on. */
  send(mail: OutgoingMail): Promise<{ messageId: string }>;
}

/** SMTP conversations that hang must fail within these, so a job or a request does not wait forever. */
const smtpTimeouts = { connectionTimeout: 15_000, greetingTimeout: 15_000, socketTimeout: 60_000 };

/** The address part of MAIL_FROM ("Bürgerbüro Bochum <buergerbuero@bochum.de>" → buergerbuero@bochum.de). */
export function mailFromAddress(mailFrom: string): { name: string; address: string } {
  const [first] = addressparser(mailFrom, { flatten: true });
  const address = first?.address?.trim();
  if (!address || !address.includes('@')) {
    throw new Error(`MAIL_FROM "${mailFrom}" has no mail address; set it like "Bürgerbüro Bochum <buergerbuero@bochum.de>".`);
  }
  return { name: first?.name ?? '', address };
}

/** A fresh Message-ID on the sender's own domain, as RFC 5322 § 3.6.4 asks (unique, right side a domain we own). */
export function generateMessageId(mailFrom: string): string {
  const domain = mailFromAddress(mailFrom).address.split('@').pop() ?? 'localhost';
  return `<${Date.now().toString(36)}.${randomBytes(12).toString('hex')}@${domain}>`;
}

/** Keeps "<id@host>" as it is and puts brackets around a bare id, so headers always carry the RFC form. */
export function bracketMessageId(id: string): string {
  const trimmed = id.trim();
  return trimmed.startsWith('<') ? trimmed : `<${trimmed}>`;
}

function nodemailerMessage(mailFrom: string, mail: OutgoingMail, messageId: string) {
  const from = mailFromAddress(mailFrom);
  return {
    from: { name: from.name, address: from.address },
    to: mail.toName ? { name: mail.toName, address: mail.to } : mail.to,
    subject: mail.subject,
    text: mail.text,
    ...(mail.html ? { html: mail.html } : {}),
    messageId,
    ...(mail.inReplyTo ? { inReplyTo: bracketMessageId(mail.inReplyTo) } : {}),
    ...(mail.references && mail.references.length > 0 ? { references: mail.references.map(bracketMessageId) } : {}),
    attachments: (mail.attachments ?? []).map((a) => ({ filename: a.filename, contentType: a.contentType, content: Buffer.from(a.content) })),
  };
}

function smtpSender(config: Config, url: string): MailSender {
  // A URL keeps user, password, host, port and (smtps:) implicit TLS in one setting; on smtp://
  // nodemailer upgrades with STARTTLS whenever the server offers it.
  const transport = createTransport({ url, ...smtpTimeouts });
  const target = redactUrl(url);
  return {
    async send(mail) {
      const messageId = mail.messageId ? bracketMessageId(mail.messageId) : generateMessageId(config.mailFrom);
      try {
        await transport.sendMail(nodemailerMessage(config.mailFrom, mail, messageId));
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        throw new Error(`Mail to ${mail.to} could not be sent through ${target}: ${reason} (check SMTP_URL and the mail server)`, { cause: error });
      }
      return { messageId };
    },
  };
}

/**
 * Without SMTP_URL the demo still "sends": each mail becomes an RFC 5322 file in DATA_DIR/mail-out,
 * which any mail client opens. Written to a temporary name first, so a collector never reads half a file.
 */
function emlFileSender(config: Config): MailSender {
  const transport = createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
  const dir = join(config.dataDir, 'mail-out');
  return {
    async send(mail) {
      const messageId = mail.messageId ? bracketMessageId(mail.messageId) : generateMessageId(config.mailFrom);
      const info = await transport.sendMail(nodemailerMessage(config.mailFrom, mail, messageId));
      const raw = info.message;
      if (!Buffer.isBuffer(raw)) throw new Error('The mail could not be rendered to a file');
      await mkdir(dir, { recursive: true });
      const base = `${new Date().toISOString().replace(/[:.]/g, '-')}-${randomBytes(4).toString('hex')}`;
      const temp = join(dir, `.${base}.tmp`);
      await writeFile(temp, raw);
      await rename(temp, join(dir, `${base}.eml`));
      return { messageId };
    },
  };
}

/** "smtp://user:secret@host:587" → "smtp://user@host:587": errors and logs never show the password. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.password = '';
    return parsed.toString().replace(/\/$/, '');
  } catch {
    return url.replace(/\/\/[^@/]*@/, '//');
  }
}

const senders = new WeakMap<Config, MailSender>();

/**
 * The mail sender for a configuration: SMTP when SMTP_URL is set, else .eml files in DATA_DIR/mail-out.
 * One per configuration, so its SMTP transport (and connection handling) is shared by all callers.
 */
export function mailSenderFor(config: Config): MailSender {
  let sender = senders.get(config);
  if (!sender) {
    sender = config.smtpUrl ? smtpSender(config, config.smtpUrl) : emlFileSender(config);
    senders.set(config, sender);
  }
  return sender;
}
