/**
 * What the kit's field UI says about its state: pure, so the rules (what counts as not yet
 * synced, when the banner warns) are tested without a browser. Texts are i18n keys under kit.*.
 */
import type { KitOutboxSummary, KitStatus, KitTourPerson } from '../api/kit.ts';
import { ApiError } from '../api/client.ts';

export type Tone = 'success' | 'info' | 'warning' | 'danger';

export interface BannerLine {
  /** i18n key. */
  key: string;
  values?: Record<string, string | number>;
  /** A value that is itself a text to translate (the sync's interruption), put in as {{message}}. */
  message?: BannerLine | { text: string };
}

/**
 * The sync's interruptions (src/kit/sync.ts, English) as keys of the officer's language, with the
 * underlying error as it came; any other text as it is.
 */
export function interruptionLine(text: string): BannerLine | { text: string } {
  const sending = /^Sending events failed: ([\s\S]*)$/.exec(text);
  if (sending) return { key: 'kit.banner.interruptedSending', values: { message: sending[1] ?? '' } };
  const upload = /^Upload of an attachment interrupted: ([\s\S]*)$/.exec(text);
  if (upload) return { key: 'kit.banner.interruptedUpload', values: { message: upload[1] ?? '' } };
  return { text };
}

/** A banner line in the reader's language. */
export function bannerText(i18n: { t: (key: string, options?: Record<string, unknown>) => string }, line: BannerLine | { text: string }): string {
  if ('text' in line) return line.text;
  const values: Record<string, unknown> = { ...line.values };
  if (line.message) values.message = bannerText(i18n, line.message);
  return i18n.t(line.key, values);
}

export interface BannerModel {
  tone: Tone;
  online: boolean;
  /** Events not yet taken by the Rathaus (pending, sent, error); null when nobody is signed in. */
  unsettled: number | null;
  lines: BannerLine[];
  /** The officer may ask for a sync (signed in, kit still paired). */
  canSync: boolean;
}

/** Below this many numbers left in a series the banner warns (the next package brings more). */
export const lowNumbers = 5;

/** Not yet at the Rathaus: needs_review and confirmed have arrived there. */
export function unsettledCount(outbox: KitOutboxSummary): number {
  return outbox.counts.pending + outbox.counts.sent + outbox.counts.error;
}

export function kitBanner(status: KitStatus): BannerModel {
  const lines: BannerLine[] = [];
  let tone: Tone = 'success';
  const raise = (to: Tone) => {
    const order: Tone[] = ['success', 'info', 'warning', 'danger'];
    if (order.indexOf(to) > order.indexOf(tone)) tone = to;
  };
  if (status.wiped) {
    lines.push({ key: 'kit.banner.wiped' });
    raise('danger');
  } else if (status.pairing === 'revoked') {
    lines.push({ key: 'kit.banner.revoked' });
    raise('danger');
  } else if (status.pairing === 'pending') {
    lines.push({ key: 'kit.banner.pairingPending' });
    raise('warning');
  }
  if (!status.online) raise('warning');

  const outbox = status.outbox;
  const unsettled = outbox ? unsettledCount(outbox) : null;
  if (!outbox) {
    lines.push({ key: 'kit.banner.signInToSee' });
    raise('info');
  } else {
    if (unsettled === 0) lines.push({ key: 'kit.banner.allSynced' });
    else {
      lines.push({ key: 'kit.banner.unsettled', values: { count: unsettled ?? 0 } });
      raise('warning');
    }
    if (outbox.counts.error > 0) {
      lines.push({ key: 'kit.banner.errors', values: { count: outbox.counts.error } });
      raise('danger');
    }
    if (outbox.counts.needs_review > 0) {
      lines.push({ key: 'kit.banner.needsReview', values: { count: outbox.counts.needs_review } });
      raise('warning');
    }
    if (outbox.biometricsOnKit > 0) lines.push({ key: 'kit.banner.biometrics', values: { count: outbox.biometricsOnKit } });
    // The access log travels with the steps; the officer sees it is not lost either.
    if ((outbox.accessLogPending ?? 0) > 0) lines.push({ key: 'kit.banner.accessLog', values: { count: outbox.accessLogPending ?? 0 } });
  }
  if (status.lastSyncError) {
    lines.push({ key: 'kit.banner.lastSyncError', message: interruptionLine(status.lastSyncError) });
    raise('warning');
  }
  for (const series of ['case', 'receipt'] as const) {
    const left = status.numbersLeft?.[series];
    if (left !== undefined && left < lowNumbers) {
      lines.push({ key: `kit.banner.numbersLow.${series}`, values: { count: left } });
      raise('warning');
    }
  }
  return { tone, online: status.online, unsettled, lines, canSync: outbox !== null && !status.wiped && status.pairing !== 'revoked' };
}

/** i18n key of an event kind (case.opened → kit.eventKinds.case_opened). */
export const eventKindKey = (kind: string) => `kit.eventKinds.${kind.replaceAll('.', '_')}`;

/** A register birth date, partial where the register knows only part of it: 03.07.1936, 07.1936, 1936. */
export function birthDateOf(person: Pick<KitTourPerson, 'birthYear' | 'birthMonth' | 'birthDay'>): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  if (!person.birthYear) return '';
  if (!person.birthMonth) return String(person.birthYear);
  if (!person.birthDay) return `${pad(person.birthMonth)}.${person.birthYear}`;
  return `${pad(person.birthDay)}.${pad(person.birthMonth)}.${person.birthYear}`;
}

/** Berlin wall-clock time of an instant: 09:30. */
export function timeOf(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat('de-DE', { timeZone: 'Europe/Berlin', hour: '2-digit', minute: '2-digit', hour12: false }).format(date);
}

/** A package is opened only before its expiry; a day before, the officer is told. */
export function packageState(expiresAt: string, now: Date): 'valid' | 'expiring' | 'expired' {
  const left = new Date(expiresAt).getTime() - now.getTime();
  if (left <= 0) return 'expired';
  return left < 24 * 3_600_000 ? 'expiring' : 'valid';
}

/** The open case a refused POST /api/cases points to (CASE_ALREADY_OPEN carries its id). */
export function openCaseIdOf(error: unknown): string | null {
  if (!(error instanceof ApiError) || error.code !== 'CASE_ALREADY_OPEN') return null;
  const id = error.details?.caseId;
  return typeof id === 'string' ? id : null;
}

/** States in which a case is still being worked on: the visit continues it instead of opening another. */
export const openCaseStates: readonly string[] = ['draft', 'captured', 'paid', 'needs_review'];
