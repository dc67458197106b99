import { ImapFlow } from 'imapflow';
import { AppError } from '../../platform/errors.ts';
import { redactUrl } from '../../platform/mail/sender.ts';

/** Where the intake mailbox is, from IMAP_URL (imap://user:pass@host:port/INBOX; imaps:// for implicit TLS). */
export interface ImapTarget {
  host: string;
  port: number;
  secure: boolean;
  user: string;
  pass: string;
  /** The folder, e.g. INBOX or INBOX/Hausbesuch (as the server names it). */
  path: string;
  /**
   * The key inbound_mail.mailbox is stored under: user, host and folder (no port, no password),
   * so a UID is only ever compared with UIDs of the same mailbox.
   */
  mailboxKey: string;
  /** The URL without its password, for messages and logs. */
  redacted: string;
}

export function parseImapUrl(url: string): ImapTarget {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new AppError('MAIL_INBOX_URL_INVALID', 'IMAP_URL is not a URL; set it like imaps://user:password@mail.bochum.de:993/INBOX.', 500);
  }
  const secure = parsed.protocol === 'imaps:';
  if (!secure && parsed.protocol !== 'imap:') {
    throw new AppError('MAIL_INBOX_URL_INVALID', 'IMAP_URL must start with imap:// or imaps://.', 500);
  }
  const user = decodeURIComponent(parsed.username);
  if (!parsed.hostname || !user) {
    throw new AppError('MAIL_INBOX_URL_INVALID',
      `IMAP_URL ${redactUrl(url)} needs a user and a host, like imaps://user:password@mail.bochum.de:993/INBOX.`, 500);
  }
  const path = decodeURIComponent(parsed.pathname.replace(/^\/+/, '').replace(/\/+$/, '')) || 'INBOX';
  const host = parsed.hostname.replace(/^\[|\]$/g, '');
  return {
    host,
    port: parsed.port ? Number(parsed.port) : secure ? 993 : 143,
    secure,
    user,
    pass: decodeURIComponent(parsed.password),
    path,
    mailboxKey: `${user}@${host}/${path}`,
    redacted: redactUrl(url),
  };
}

/**
 * An IMAP client for the target, not yet connected. On imap:// imapflow upgrades with STARTTLS
 * whenever the server offers it; the timeouts keep a hanging server from blocking the job.
 */
export function imapClient(target: ImapTarget): ImapFlow {
  return new ImapFlow({
    host: target.host,
    port: target.port,
    secure: target.secure,
    auth: { user: target.user, pass: target.pass },
    logger: false,
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 120_000,
  });
}

export function inboxUnreachable(target: ImapTarget, error: unknown): AppError {
  const reason = error instanceof Error ? error.message : String(error);
  const detail = (error as { responseText?: string } | null)?.responseText;
  return new AppError('MAIL_INBOX_UNREACHABLE',
    `The intake mailbox ${target.redacted} could not be read: ${reason}${detail ? ` (${detail})` : ''}. ` +
    'Check IMAP_URL (user, password, host, port, folder) and that the mail server is reachable.', 502);
}
