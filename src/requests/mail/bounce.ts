/**
 * Delivery status notifications ("bounces") in the intake mailbox, read from the raw source.
 * Pure: no I/O. mailparser is not enough here: it folds message/delivery-status into the text
 * body, so the report's fields and its parts are read with a small MIME walker of our own.
 *
 * Standard reports (RFC 3464: multipart/report; report-type=delivery-status) are read field by
 * field. Older bounces in plain text (Exim's "Mail delivery failed", some appliances) are taken
 * only conservatively: a mail-system sender and a quoted original that carries one of our
 * Message-IDs; anything less stays an ordinary mail.
 */

export interface FailedRecipient {
  /** Final-Recipient (or Original-Recipient) without the address type, lower-cased; null when the report does not say. */
  recipient: string | null;
  /** The enhanced status code (RFC 3463), e.g. 5.1.1. */
  status: string | null;
  /** Diagnostic-Code without its type ("smtp;"), unfolded, e.g. "550 5.1.1 <x@y>: Recipient address rejected: User unknown". */
  diagnostic: string | null;
}

export type DeliveryReport =
  | {
    outcome: 'failed';
    /** dsn: an RFC 3464 report; text: a plain-text bounce recognised by its sender and our Message-ID in the quoted original. */
    source: 'dsn' | 'text';
    /** Recipients with Action: failed, in report order (our mails have one). */
    recipients: FailedRecipient[];
    /** Message-IDs the report names as the bounced mail, most certain first. */
    originalMessageIds: string[];
  }
  | {
    /** A report without a failure (delayed, delivered, relayed, expanded): nothing to mark, but no request either. */
    outcome: 'informational';
    source: 'dsn';
    actions: string[];
    originalMessageIds: string[];
  };

export interface DetectOptions {
  /** Whether a Message-ID is one we generate (our domain); plain-text bounces are recognised only with one of ours. */
  isOwnMessageId?: (messageId: string) => boolean;
}

interface Entity {
  headers: [string, string][];
  contentType: string;
  params: Record<string, string>;
  /** The decoded body (transfer encoding undone), decoded when first read: most parts of most mails never are. */
  readonly body: Buffer;
  parts: Entity[];
}

const maxDepth = 8;
const maxParts = 100;
const messageIdPattern = /<[^<>\s@]+@[^<>\s]+>/g;

/** The delivery report in a mail, or null when the mail is not one. */
export function detectBounce(raw: Buffer | string, options: DetectOptions = {}): DeliveryReport | null {
  const root = parseEntity(typeof raw === 'string' ? Buffer.from(raw, 'utf8') : raw, 0, { parts: 0 });
  const report = findReport(root);
  if (report) return readReport(report, root);
  return textBounce(root, options);
}

// ---- RFC 3464 reports -------------------------------------------------------------------

function findReport(entity: Entity): Entity | null {
  if (entity.contentType === 'multipart/report' && (entity.params['report-type'] ?? '').toLowerCase() === 'delivery-status') return entity;
  for (const part of entity.parts) {
    // A report forwarded inside another mail is not a report to us: look only through multipart containers.
    if (!part.contentType.startsWith('multipart/')) continue;
    const found = findReport(part);
    if (found) return found;
  }
  return null;
}

function readReport(report: Entity, top: Entity): DeliveryReport {
  const statusPart = report.parts.find((p) => p.contentType === 'message/delivery-status' || p.contentType === 'message/global-delivery-status');
  const groups = statusPart ? fieldGroups(statusPart.body.toString('utf8')) : [];
  // The first group is about the message (Reporting-MTA …); the following ones each about one recipient.
  const perRecipient = groups.filter((group) => group.has('action'));
  const recipients: FailedRecipient[] = [];
  const actions: string[] = [];
  for (const group of perRecipient) {
    const action = (group.get('action') ?? '').trim().toLowerCase().split(/[\s(;]/)[0] ?? '';
    actions.push(action);
    if (action !== 'failed') continue;
    recipients.push({
      recipient: addressOf(group.get('final-recipient') ?? group.get('original-recipient') ?? null),
      status: /\b([245]\.\d{1,3}\.\d{1,3})\b/.exec(group.get('status') ?? '')?.[1] ?? null,
      diagnostic: typed(group.get('diagnostic-code') ?? null),
    });
  }
  const originalMessageIds = originalIds(report, top);
  if (recipients.length > 0) return { outcome: 'failed', source: 'dsn', recipients, originalMessageIds };
  return { outcome: 'informational', source: 'dsn', actions, originalMessageIds };
}

/**
 * Message-IDs of the bounced mail. The returned message (or its header block) is certain and
 * stands alone: its In-Reply-To and References point at older mails, which did not bounce.
 * Without it: Message-ID lines in the text, then In-Reply-To, then References, then the
 * report's own threading headers.
 */
function originalIds(report: Entity, top: Entity): string[] {
  const returned: string[] = [];
  for (const part of walk(report)) {
    if (isReturnedMessage(part.contentType)) {
      const id = headerValue(parseHeaders(splitHeader(part.body).header), 'message-id');
      if (id) returned.push(...(id.match(messageIdPattern) ?? []));
    }
  }
  if (returned.length > 0) return [...new Set(returned)];
  const found = { 'message-id': [] as string[], 'in-reply-to': [] as string[], references: [] as string[] };
  for (const part of walk(report)) {
    if (part.contentType.startsWith('text/') || part.contentType.startsWith('message/')) {
      const ids = idsInText(part.contentType === 'text/html' ? htmlText(part.body.toString('utf8')) : part.body.toString('utf8'));
      for (const key of ['message-id', 'in-reply-to', 'references'] as const) found[key].push(...ids[key]);
    }
  }
  const own = [headerValue(top.headers, 'in-reply-to'), headerValue(top.headers, 'references')].flatMap((v) => v?.match(messageIdPattern) ?? []);
  return [...new Set([...found['message-id'], ...found['in-reply-to'], ...[...found.references].reverse(), ...own])];
}

const isReturnedMessage = (type: string): boolean =>
  type === 'message/rfc822' || type === 'message/global' || type === 'text/rfc822-headers' || type === 'message/global-headers';

/** Message-ID, In-Reply-To and References lines anywhere in a text (quoted with ">" or indented too), in order. */
function idsInText(text: string): Record<'message-id' | 'in-reply-to' | 'references', string[]> {
  const ids = { 'message-id': [] as string[], 'in-reply-to': [] as string[], references: [] as string[] };
  const unfolded = text.replace(/\r?\n[ \t]+(?=<)/g, ' ');
  for (const line of unfolded.split(/\r?\n/)) {
    const match = /^[\s>]*(?:x-)?(?:original-)?(message-id|in-reply-to|references)\s*:\s*(.*)$/i.exec(line);
    if (match) ids[match[1]!.toLowerCase() as keyof typeof ids].push(...(match[2]!.match(messageIdPattern) ?? []));
  }
  return ids;
}

/** "rfc822; Petra@Example.org" → "petra@example.org". */
function addressOf(value: string | null): string | null {
  const address = typed(value)?.replace(/^<|>$/g, '').trim().toLowerCase();
  return address && address.includes('@') ? address : null;
}

/** Drops the type of a typed field ("smtp; 550 …" → "550 …"). */
function typed(value: string | null): string | null {
  if (value === null) return null;
  const text = value.replace(/\s+/g, ' ').trim();
  const stripped = /^[a-z0-9-]+\s*;\s*(.*)$/i.exec(text)?.[1] ?? text;
  return stripped.trim() || null;
}

/** The blank-line separated groups of header-like fields of a delivery-status body. */
function fieldGroups(text: string): Map<string, string>[] {
  return text.split(/\r?\n[ \t]*\r?\n/).map((block) => {
    const fields = new Map<string, string>();
    for (const [name, value] of parseHeaders(block)) if (!fields.has(name)) fields.set(name, value);
    return fields;
  }).filter((group) => group.size > 0);
}

// ---- plain-text bounces -------------------------------------------------------------------

const mailSystemSender = /^(mailer-daemon|mailerdaemon|postmaster|mail-delivery-subsystem|microsoftexchange[0-9a-f]*)@/i;

function textBounce(root: Entity, options: DetectOptions): DeliveryReport | null {
  if (!options.isOwnMessageId) return null;
  const from = (headerValue(root.headers, 'from') ?? '');
  const fromAddress = /<([^<>\s]+@[^<>\s]+)>/.exec(from)?.[1] ?? /[^\s<>"()]+@[^\s<>"()]+/.exec(from)?.[0] ?? '';
  const nullSender = /^\s*<\s*>\s*$/.test(headerValue(root.headers, 'return-path') ?? 'x');
  if (!mailSystemSender.test(fromAddress) && !nullSender) return null;

  const texts: string[] = [];
  const quoted: string[] = [];
  for (const part of walk(root)) {
    if (isReturnedMessage(part.contentType)) {
      const id = headerValue(parseHeaders(splitHeader(part.body).header), 'message-id');
      if (id) quoted.push(...(id.match(messageIdPattern) ?? []));
    } else if (part.contentType === 'text/plain' || part.contentType === 'text/html') {
      texts.push(part.contentType === 'text/html' ? htmlText(part.body.toString('utf8')) : part.body.toString('utf8'));
    }
  }
  const text = texts.join('\n');
  // Only the Message-ID line of a returned original counts, not its In-Reply-To or References (older mails that did not bounce).
  const ids = [...new Set([...quoted, ...idsInText(text)['message-id']])].filter((id) => options.isOwnMessageId!(id));
  if (ids.length === 0) return null;
  return {
    outcome: 'failed', source: 'text', originalMessageIds: ids,
    recipients: [{
      recipient: failedAddressInText(text),
      status: /\b([45]\.\d{1,3}\.\d{1,3})\b/.exec(text)?.[1] ?? null,
      diagnostic: (/\b([45]\d\d[ -][245]\.\d{1,3}\.\d{1,3}\b.{0,300})$/m.exec(text) ?? /^\s*([45]\d\d\s.{3,300})$/m.exec(text))?.[1]?.trim() ?? null,
    }],
  };
}

/** Exim and friends list the failed address on the lines after "failed:" / "could not be delivered to". */
function failedAddressInText(text: string): string | null {
  const after = /(?:address(?:es)?\(?e?s?\)? failed|could not be delivered to|nicht zugestellt werden)[^\n]*\n+([\s\S]{0,400})/i.exec(text)?.[1] ?? '';
  const address = /<?([^\s<>"():;]+@[^\s<>"():;]+[a-z0-9])>?/i.exec(after)?.[1];
  return address ? address.toLowerCase() : null;
}

function htmlText(html: string): string {
  return html.replace(/<br\s*\/?>|<\/p>|<\/div>/gi, '\n').replace(/<[^>]*>/g, ' ')
    .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&nbsp;/g, ' ').replace(/&amp;/g, '&');
}

// ---- the MIME walker ------------------------------------------------------------------------

function* walk(entity: Entity): Generator<Entity> {
  yield entity;
  for (const part of entity.parts) yield* walk(part);
}

function splitHeader(buffer: Buffer): { header: string; body: Buffer } {
  // The first blank line, CRLF or bare LF, whichever comes first (without copying a large body into a string).
  const crlf = buffer.indexOf('\r\n\r\n');
  const lf = buffer.indexOf('\n\n');
  if (crlf < 0 && lf < 0) return { header: buffer.toString('latin1'), body: Buffer.alloc(0) };
  const [at, length] = crlf >= 0 && (lf < 0 || crlf < lf) ? [crlf, 4] : [lf, 2];
  return { header: buffer.subarray(0, at).toString('latin1'), body: buffer.subarray(at + length) };
}

function parseHeaders(block: string): [string, string][] {
  const headers: [string, string][] = [];
  for (const line of block.replace(/\r?\n(?=[ \t])/g, '').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    if (!/^[!-9;-~]+$/.test(name)) continue;
    headers.push([name, line.slice(colon + 1).trim()]);
  }
  return headers;
}

function headerValue(headers: [string, string][], name: string): string | null {
  return headers.find(([key]) => key === name)?.[1] ?? null;
}

function parseContentType(value: string | null): { type: string; params: Record<string, string> } {
  const [type = '', ...rest] = (value ?? 'text/plain').split(';');
  const params: Record<string, string> = {};
  for (const match of rest.join(';').matchAll(/([a-z0-9*_-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;\s]+))/gi)) {
    params[match[1]!.toLowerCase()] = (match[2] ?? match[3] ?? '').replace(/\\(.)/g, '$1');
  }
  return { type: type.trim().toLowerCase() || 'text/plain', params };
}

function decodeBody(body: Buffer, encoding: string): Buffer {
  switch (encoding.trim().toLowerCase()) {
    case 'base64':
      return Buffer.from(body.toString('latin1').replace(/[^A-Za-z0-9+/=]/g, ''), 'base64');
    case 'quoted-printable': {
      const text = body.toString('latin1').replace(/=\r?\n/g, '');
      const bytes: number[] = [];
      for (let i = 0; i < text.length; i += 1) {
        const hex = text.slice(i + 1, i + 3);
        if (text[i] === '=' && /^[0-9A-Fa-f]{2}$/.test(hex)) {
          bytes.push(parseInt(hex, 16));
          i += 2;
        } else {
          bytes.push(text.charCodeAt(i) & 0xff);
        }
      }
      return Buffer.from(bytes);
    }
    default:
      return body;
  }
}

function parseEntity(buffer: Buffer, depth: number, budget: { parts: number }): Entity {
  const { header, body } = splitHeader(buffer);
  const headers = parseHeaders(header);
  const { type, params } = parseContentType(headerValue(headers, 'content-type'));
  const encoding = headerValue(headers, 'content-transfer-encoding') ?? '7bit';
  let decoded: Buffer | null = null;
  const entity: Entity = {
    headers, contentType: type, params, parts: [],
    get body() {
      decoded ??= decodeBody(body, encoding);
      return decoded;
    },
  };
  const boundary = params.boundary;
  if (type.startsWith('multipart/') && boundary && depth < maxDepth) {
    // A multipart body carries no transfer encoding of its own (RFC 2045 § 6.4): split it as it is.
    for (const chunk of splitMultipart(body.toString('latin1'), boundary)) {
      if (budget.parts >= maxParts) break;
      budget.parts += 1;
      entity.parts.push(parseEntity(Buffer.from(chunk, 'latin1'), depth + 1, budget));
    }
  }
  return entity;
}

function splitMultipart(body: string, boundary: string): string[] {
  const delimiter = `--${boundary}`;
  const lines = body.split(/\r?\n/);
  const parts: string[] = [];
  let current: string[] | null = null;
  for (const line of lines) {
    const trimmed = line.trimEnd();
    if (trimmed === `${delimiter}--`) {
      if (current) parts.push(current.join('\r\n'));
      current = null;
      break;
    }
    if (trimmed === delimiter) {
      if (current) parts.push(current.join('\r\n'));
      current = [];
      continue;
    }
    current?.push(line);
  }
  // A report cut off before its closing delimiter still yields its last part.
  if (current) parts.push(current.join('\r\n'));
  return parts;
}

// ---- the reason in words -------------------------------------------------------------------

/**
 * The meaning of an enhanced status code (RFC 3463) in words a dispatcher understands. A
 * generic X.0.0 (Exim reports 5.0.0) gives way to the finer code the diagnostic quotes.
 */
export function statusText(reported: string | null, diagnostic: string | null = null): string {
  const finer = reported?.endsWith('.0.0') ? new RegExp(`\\b(${reported[0]}\\.\\d{1,3}\\.\\d{1,3})\\b`).exec(diagnostic ?? '')?.[1] : undefined;
  const status = finer ?? reported;
  if (!status) return 'Die E-Mail konnte nicht zugestellt werden';
  const [klass, subject, detail] = status.split('.').map(Number);
  const code = `${subject}.${detail}`;
  const known: Record<string, string> = {
    '1.1': 'Die Empfängeradresse gibt es nicht',
    '1.10': 'Die Empfängeradresse gibt es nicht',
    '1.2': 'Die Domain der Empfängeradresse gibt es nicht',
    '1.3': 'Die Empfängeradresse ist ungültig',
    '1.6': 'Das Postfach ist umgezogen',
    '2.1': 'Das Postfach ist gesperrt und nimmt keine E-Mails an',
    '2.2': 'Das Postfach ist voll',
    '2.3': 'Die E-Mail ist dem Empfänger zu groß',
    '3.4': 'Die E-Mail ist dem Empfänger zu groß',
  };
  const bySubject: Record<number, string> = {
    1: 'Die Empfängeradresse ist ungültig',
    2: 'Das Postfach nimmt keine E-Mails an',
    3: 'Der Mailserver des Empfängers nimmt keine E-Mails an',
    4: 'Der Mailserver des Empfängers war nicht erreichbar',
    5: 'Der Mailserver des Empfängers hat die Zustellung abgebrochen',
    6: 'Der Inhalt der E-Mail wurde nicht angenommen',
    7: 'Der Mailserver des Empfängers hat die E-Mail abgelehnt (Richtlinie oder Spamfilter)',
  };
  const text = known[code] ?? (subject !== undefined ? bySubject[subject] : undefined) ?? 'Die E-Mail konnte nicht zugestellt werden';
  // A failure with a 4.x.x status: the sending server gave up after trying for days.
  return klass === 4 ? `${text}; die Zustellung wurde nach mehreren Versuchen aufgegeben` : text;
}

/**
 * The reason as stored with the mail that bounced, German first, the SMTP status as given:
 * "Unzustellbar an petra@example.org: Die Empfängeradresse gibt es nicht (SMTP 5.1.1: 550 5.1.1 … User unknown)".
 */
export function bounceReason(recipient: FailedRecipient | undefined): string {
  const to = recipient?.recipient ? ` an ${recipient.recipient}` : '';
  const smtp = [recipient?.status, recipient?.diagnostic].filter(Boolean).join(': ');
  return `Unzustellbar${to}: ${statusText(recipient?.status ?? null, recipient?.diagnostic ?? null)}${smtp ? ` (SMTP ${smtp})` : ''}`.slice(0, 1000);
}
