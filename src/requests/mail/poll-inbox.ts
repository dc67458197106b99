import { createHash } from 'node:crypto';
import { and, eq, max, ne } from 'drizzle-orm';
import type { ImapFlow } from 'imapflow';
import { simpleParser, type Attachment, type ParsedMail } from 'mailparser';
import type { SystemActor } from '../../identity/principal.ts';
import type { AppContext } from '../../platform/context.ts';
import type { Db } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { mailFromAddress } from '../../platform/mail/sender.ts';
import { addRequestAttachment, maxRequestAttachmentBytes } from '../attachments.ts';
import { createVisitRequest } from '../create-request.ts';
import { recordRequestEvent } from '../events.ts';
import { inboundMails } from '../schema.ts';
import { detectBounce, type DeliveryReport } from './bounce.ts';
import { imapClient, inboxUnreachable, parseImapUrl, type ImapTarget } from './imap.ts';
import { recordBounce } from './record-bounce.ts';
import { findThreadRequest, threadIds, type ThreadMatch } from './thread.ts';

export interface PollResult {
  /** New messages read from the mailbox in this poll. */
  fetched: number;
  /** Of those, how many became draft requests … */
  created: number;
  /** … were linked to an existing request … */
  linked: number;
  /** … were bounces (delivery failures) of our mails, or of mails nobody here knows, kept with the reason … */
  bounced: number;
  /** … were copies of a message already taken in (same Message-ID) … */
  ignored: number;
  /** … could not be read and were kept with an error. */
  failed: number;
}

/** Most messages taken in by one poll; the rest follow in the next one, so a flood does not hold the job for long. */
export const defaultPollLimit = 200;

type Outcome = 'created' | 'linked' | 'bounced' | 'ignored' | 'failed' | 'skipped';

/**
 * Reads the new messages of the intake mailbox (IMAP_URL) into inbound_mail: each becomes a draft
 * visit request with the original mail and its attachments, or is linked to the request it answers.
 * A bounce never becomes a request: it marks the mail of ours that did not arrive as failed
 * (record-bounce.ts) and is kept with the reason.
 *
 * Idempotent and loss-free: "new" means a UID above the highest one stored for this mailbox and
 * UIDVALIDITY (a watermark, so mails someone already opened in a mail client are taken in too).
 * Each message is stored in its own transaction, and only then flagged \Seen, for people looking
 * at the mailbox. A crash mid-poll leaves the message unstored and it is read again; a second
 * poller racing for the same UID finds it claimed (unique index) and moves on.
 */
export async function pollMailInbox(ctx: AppContext, municipalityId: string, options: { limit?: number } = {}): Promise<PollResult> {
  if (!ctx.config.imapUrl) {
    throw new AppError('MAIL_INTAKE_OFF',
      'No intake mailbox is configured. Set IMAP_URL (e.g. imaps://user:password@mail.bochum.de:993/INBOX) and restart the server.', 409);
  }
  const target = parseImapUrl(ctx.config.imapUrl);
  const actor: SystemActor = { kind: 'system', name: 'mail-inbox', municipalityId };
  const limit = options.limit ?? defaultPollLimit;
  const result: PollResult = { fetched: 0, created: 0, linked: 0, bounced: 0, ignored: 0, failed: 0 };
  const client = imapClient(target);
  // imapflow reports socket errors as events as well; without a listener they would crash the process.
  client.on('error', (error: unknown) => ctx.logger.warn({ err: error, mailbox: target.redacted }, 'IMAP connection error'));
  try {
    await client.connect();
  } catch (error) {
    throw inboxUnreachable(target, error);
  }
  try {
    let lock;
    try {
      lock = await client.getMailboxLock(target.path);
    } catch (error) {
      throw inboxUnreachable(target, error);
    }
    try {
      const mailbox = client.mailbox;
      if (!mailbox) throw inboxUnreachable(target, new Error(`the folder ${target.path} could not be opened`));
      const uidValidity = String(mailbox.uidValidity);
      const watermark = await highestStoredUid(ctx.database.db, municipalityId, target.mailboxKey, uidValidity);
      // "n:*" always matches the newest message, even below n: hence the filter.
      const found = await client.search({ uid: `${watermark + 1}:*` }, { uid: true });
      const uids = (found || []).filter((uid) => uid > watermark).sort((a, b) => a - b).slice(0, limit);
      for (const uid of uids) {
        const message = await client.fetchOne(String(uid), { uid: true, source: true, internalDate: true }, { uid: true });
        if (!message || !message.source) continue;
        result.fetched += 1;
        const receivedAt = message.internalDate ? new Date(message.internalDate) : ctx.now();
        const outcome = await takeIn(ctx, actor, { mailbox: target.mailboxKey, uidValidity, uid, raw: message.source, receivedAt });
        if (outcome !== 'skipped') result[outcome] += 1;
        await markSeen(ctx, client, target, uid);
      }
    } finally {
      lock.release();
    }
  } finally {
    await client.logout().catch(() => client.close());
  }
  return result;
}

async function markSeen(ctx: AppContext, client: ImapFlow, target: ImapTarget, uid: number): Promise<void> {
  // Stored first, flagged second: a lost flag costs nothing (the watermark already counts the UID).
  try {
    await client.messageFlagsAdd(String(uid), ['\\Seen'], { uid: true });
  } catch (error) {
    ctx.logger.warn({ err: error, uid, mailbox: target.redacted }, 'could not flag an inbound mail as seen');
  }
}

async function highestStoredUid(db: Db, municipalityId: string, mailbox: string, uidValidity: string): Promise<number> {
  const [row] = await db.select({ uid: max(inboundMails.uid) }).from(inboundMails).where(and(
    eq(inboundMails.municipalityId, municipalityId), eq(inboundMails.mailbox, mailbox), eq(inboundMails.uidValidity, uidValidity),
  ));
  return row?.uid ?? 0;
}

interface RawMessage {
  mailbox: string;
  uidValidity: string;
  uid: number;
  raw: Buffer;
  receivedAt: Date;
}

/** What the mail says, or why it cannot be read. Fields are safe to store (no NUL characters, which PostgreSQL text refuses). */
interface ReadMail {
  messageId: string;
  fromAddress: string;
  fromName: string | null;
  subject: string;
  text: string;
  threadIds: string[];
  attachments: Attachment[];
  /** A delivery report (bounce, delay notice): never a request. */
  report: DeliveryReport | null;
  error: string | null;
}

const clean = (value: string): string => value.replaceAll('\u0000', '');

/** A stable stand-in for a missing Message-ID: the same bytes give the same id, so a copy is still recognised. */
function syntheticMessageId(raw: Buffer): string {
  return `<sha256-${createHash('sha256').update(raw).digest('hex').slice(0, 40)}@buergerkoffer.invalid>`;
}

/** Our Message-IDs end in the domain of MAIL_FROM (generateMessageId): only those let a plain-text bounce count as one. */
function ownMessageIds(mailFrom: string): (messageId: string) => boolean {
  const domain = mailFromAddress(mailFrom).address.split('@').pop()?.toLowerCase();
  return (messageId) => domain !== undefined && messageId.toLowerCase().endsWith(`@${domain}>`);
}

async function readMail(raw: Buffer, mailFrom: string): Promise<ReadMail> {
  let parsed: ParsedMail;
  try {
    parsed = await simpleParser(raw);
  } catch (error) {
    return {
      messageId: syntheticMessageId(raw), fromAddress: '', fromName: null, subject: '', text: '', threadIds: [], attachments: [], report: null,
      error: `The mail could not be parsed (${error instanceof Error ? error.message : String(error)}). Open the original and enter the request by hand.`,
    };
  }
  const from = parsed.from?.value.find((a) => a.address?.includes('@'));
  const messageId = parsed.messageId && /^<[^<>\s]+>$/.test(parsed.messageId.trim()) ? clean(parsed.messageId.trim()) : syntheticMessageId(raw);
  const text = clean(parsed.text ?? '').trim();
  const report = detectBounce(raw, { isOwnMessageId: ownMessageIds(mailFrom) });
  return {
    messageId,
    fromAddress: clean(from?.address ?? '').trim().toLowerCase(),
    fromName: from?.name ? clean(from.name).trim() || null : null,
    subject: clean(parsed.subject ?? '').trim(),
    text,
    threadIds: threadIds(parsed.inReplyTo, parsed.references).map(clean),
    attachments: parsed.attachments,
    report: report ? { ...report, originalMessageIds: report.originalMessageIds.map(clean) } : null,
    // A bounce needs no sender: nobody answers it.
    error: from || report ? null : 'The mail has no sender address (From), so nobody can be answered. Open the original and enter the request by hand.',
  };
}

/** Stores one message; a message that cannot be taken in is still stored, with the reason. */
async function takeIn(ctx: AppContext, actor: SystemActor, message: RawMessage): Promise<Outcome> {
  const mail = await readMail(message.raw, ctx.config.mailFrom);
  try {
    return await ctx.database.db.transaction((tx) => storeMail(tx, ctx, actor, message, mail));
  } catch (error) {
    // Whatever made the full intake fail (an attachment the database refuses, a bug), the mail is
    // kept as failed so it is neither lost nor retried forever. Only if that fails too, the poll stops.
    const reason = error instanceof Error ? error.message : String(error);
    ctx.logger.error({ err: error, uid: message.uid, messageId: mail.messageId }, 'inbound mail could not be taken in; kept as failed');
    return ctx.database.db.transaction(async (tx) => {
      const claimed = await claim(tx, actor.municipalityId, message, mail, 'failed',
        `The mail could not be taken in (${clean(reason).slice(0, 500)}). Open the original and enter the request by hand.`);
      return claimed ? 'failed' : 'skipped';
    });
  }
}

/** Inserts the inbound_mail row; null when another poll stored this UID first. */
async function claim(db: Db, municipalityId: string, message: RawMessage, mail: ReadMail, status: string, error: string | null): Promise<string | null> {
  const [row] = await db.insert(inboundMails).values({
    municipalityId,
    mailbox: message.mailbox,
    uidValidity: message.uidValidity,
    uid: message.uid,
    messageId: mail.messageId,
    fromAddress: mail.fromAddress,
    fromName: mail.fromName,
    subject: mail.subject,
    receivedAt: message.receivedAt,
    text: mail.text,
    raw: message.raw,
    status,
    error,
  }).onConflictDoNothing().returning({ id: inboundMails.id });
  return row?.id ?? null;
}

async function storeMail(db: Db, ctx: AppContext, actor: SystemActor, message: RawMessage, mail: ReadMail): Promise<Outcome> {
  const { municipalityId } = actor;
  if (mail.error) return (await claim(db, municipalityId, message, mail, 'failed', mail.error)) ? 'failed' : 'skipped';

  // The same message again (the mailbox was rebuilt with a new UIDVALIDITY, or delivered twice): keep the copy, make nothing new.
  const [copyOf] = await db.select({ id: inboundMails.id, requestId: inboundMails.requestId }).from(inboundMails).where(and(
    eq(inboundMails.municipalityId, municipalityId), eq(inboundMails.messageId, mail.messageId), ne(inboundMails.status, 'failed'),
  )).limit(1);
  const inboundId = await claim(db, municipalityId, message, mail, copyOf ? 'ignored' : 'new', null);
  if (!inboundId) return 'skipped';
  if (copyOf) {
    if (copyOf.requestId) await db.update(inboundMails).set({ requestId: copyOf.requestId }).where(eq(inboundMails.id, inboundId));
    return 'ignored';
  }

  const at = ctx.now();
  if (mail.report?.outcome === 'failed') {
    await recordBounce(db, actor, { inboundMailId: inboundId, report: mail.report, at });
    return 'bounced';
  }
  if (mail.report) {
    // Delayed, delivered, relayed: the mail server is still trying or reports success; nothing to change, nothing to answer.
    const actions = [...new Set(mail.report.actions)].join(', ') || 'none';
    await db.update(inboundMails).set({
      status: 'ignored', error: `Zustellbericht ohne Fehlschlag (Action: ${actions}) zu ${mail.report.originalMessageIds[0] ?? 'einer unbekannten E-Mail'}; nichts zu tun.`,
    }).where(eq(inboundMails.id, inboundId));
    return 'ignored';
  }
  const thread = await findThreadRequest(db, municipalityId, mail.threadIds, mail.subject);
  const requestId = thread ? thread.requestId : await createDraft(db, actor, message, mail, at);
  const attachments = await keepAttachments(db, municipalityId, requestId, message, mail);
  await db.update(inboundMails).set({ requestId, status: thread ? 'linked' : 'new' }).where(eq(inboundMails.id, inboundId));
  await recordRequestEvent(db, {
    municipalityId, requestId, kind: 'mail_in', actor, at,
    detail: {
      inboundMailId: inboundId,
      messageId: mail.messageId,
      from: mail.fromAddress,
      subject: mail.subject,
      attachments: attachments.kept,
      ...(attachments.skipped.length > 0 ? { skippedAttachments: attachments.skipped } : {}),
      ...(thread ? linkDetail(thread) : {}),
    },
  });
  return thread ? 'linked' : 'created';
}

function linkDetail(thread: ThreadMatch): Record<string, unknown> {
  return { linkedVia: thread.via, reference: thread.reference };
}

async function createDraft(db: Db, actor: SystemActor, message: RawMessage, mail: ReadMail, at: Date): Promise<string> {
  const name = mail.fromName ?? mail.fromAddress;
  const heading = `E-Mail vom ${message.receivedAt.toISOString().slice(0, 10)}${mail.subject ? `: ${mail.subject}` : ''}`;
  const created = await createVisitRequest(db, actor, {
    municipalityId: actor.municipalityId,
    channel: 'email',
    status: 'draft',
    // Who is to be visited is for the dispatcher to read out of the mail.
    subject: { familyName: '', givenNames: '' },
    requester: { name, relation: 'other', email: mail.fromAddress, preferredContact: 'email' },
    services: [],
    location: null,
    availability: [],
    urgency: 'normal',
    notes: `${heading}\n\n${mail.text}`.slice(0, 4000),
  }, at);
  return created.id;
}

/** The original mail as mail_original, each real attachment as evidence; what is too large stays in the original only. */
async function keepAttachments(db: Db, municipalityId: string, requestId: string, message: RawMessage, mail: ReadMail) {
  const kept: { id: string; kind: string; filename: string }[] = [];
  const skipped: { filename: string; size: number; reason: string }[] = [];
  const originalName = `mail-${message.receivedAt.toISOString().slice(0, 10)}-${message.uid}.eml`;
  if (message.raw.byteLength <= maxRequestAttachmentBytes) {
    const { id } = await addRequestAttachment(db, {
      municipalityId, requestId, kind: 'mail_original', filename: originalName, contentType: 'message/rfc822', content: message.raw, source: 'mail',
    });
    kept.push({ id, kind: 'mail_original', filename: originalName });
  } else {
    skipped.push({ filename: originalName, size: message.raw.byteLength, reason: 'too_large' });
  }
  let n = 0;
  for (const attachment of mail.attachments) {
    // Parts an HTML body shows inline (logos in signatures) are decoration, not evidence; they stay in the original.
    if (attachment.related) continue;
    n += 1;
    const filename = clean(attachment.filename ?? '').trim() || `anhang-${n}${extensionFor(attachment.contentType)}`;
    if (attachment.content.byteLength > maxRequestAttachmentBytes) {
      skipped.push({ filename, size: attachment.content.byteLength, reason: 'too_large' });
      continue;
    }
    const { id } = await addRequestAttachment(db, {
      municipalityId, requestId, kind: 'evidence', filename, contentType: attachment.contentType, content: attachment.content, source: 'mail',
    });
    kept.push({ id, kind: 'evidence', filename });
  }
  return { kept, skipped };
}

function extensionFor(contentType: string): string {
  const known: Record<string, string> = {
    'application/pdf': '.pdf', 'image/png': '.png', 'image/jpeg': '.jpg', 'image/heic': '.heic', 'image/tiff': '.tif', 'message/rfc822': '.eml', 'text/plain': '.txt',
  };
  return known[contentType.toLowerCase()] ?? '';
}
