import type { RequestLocation, RequestView } from '../../api/requests.ts';
import type { LooseTranslator } from '../../i18n/loose.ts';

/** The kinds of a request's history as the server writes them (src/requests/events.ts). */
export const requestEventKinds = [
  'created', 'updated', 'matched', 'unmatched', 'decided', 'merged', 'planned', 'unplanned', 'confirmed',
  'reminded', 'cancelled', 'waitlisted', 'offered', 'mail_in', 'mail_out', 'mail_bounced', 'letter',
] as const;

/** A label for a request code (requests.<group>.<code>); unknown codes show as they are, so a new server code never blanks a line. */
export function requestCodeLabel(loose: LooseTranslator, group: string, code: string | number | null | undefined): string {
  if (code === null || code === undefined || code === '') return '';
  const key = `requests.${group}.${code}`;
  return loose.exists(key) ? loose.t(key) : String(code);
}

type RequestEvent = RequestView['events'][number];

/**
 * The history line's label. Some kinds read differently by their detail: a match with personId
 * null undoes a match; a merge names the other request (the kept one records what it took over,
 * the merged one where it went); a bounce says why, and whether a letter went to the print pile.
 */
export function eventLabel(loose: LooseTranslator, event: Pick<RequestEvent, 'kind' | 'detail'>): string {
  const { kind, detail } = event;
  if (kind === 'matched' && detail.personId === null) return requestCodeLabel(loose, 'event', 'unmatched');
  if (kind === 'merged' && typeof detail.mergedReference === 'string') return loose.t('requests.eventMerged.from', { reference: detail.mergedReference });
  if (kind === 'merged' && typeof detail.intoReference === 'string') return loose.t('requests.eventMerged.into', { reference: detail.intoReference });
  // The reason as the server stored it (German, with the SMTP status), so the dispatcher sees why without opening the mail.
  if (kind === 'mail_bounced' && typeof detail.reason === 'string') {
    return loose.t(detail.letter === 'queued' ? 'requests.eventBounced.letterQueued' : 'requests.eventBounced.reason', { reason: detail.reason });
  }
  return requestCodeLabel(loose, 'event', kind);
}

/** The reference of the merged request an event of the history came from, or null for the request's own events. */
export function eventOrigin(view: Pick<RequestView, 'id' | 'mergedRequests'>, event: Pick<RequestEvent, 'requestId'>): string | null {
  if (event.requestId === view.id) return null;
  return view.mergedRequests.find((m) => m.id === event.requestId)?.reference ?? null;
}

/** "Zuhause: Hauptstr. 1, 44787 Bochum (2. OG)" or "Einrichtung: Seniorenzentrum Am Stadtpark, Parkweg 3, 44787 Bochum". */
export function locationText(loose: LooseTranslator, location: RequestLocation | null, institutionName?: string | null): string {
  if (!location) return '';
  const kind = requestCodeLabel(loose, 'locationKind', location.kind);
  const street = `${location.street} ${location.houseNumber}`.trim();
  const place = `${location.postcode} ${location.city}`.trim();
  const address = [location.kind === 'institution' ? institutionName?.trim() : null, street, place].filter(Boolean).join(', ');
  return `${kind}: ${address}${location.addition?.trim() ? ` (${location.addition.trim()})` : ''}`;
}
