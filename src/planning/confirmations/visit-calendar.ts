/**
 * The calendar entry for a confirmed visit (iCalendar, RFC 5545), attached to the confirmation
 * mail. PUBLISH, not REQUEST: the requester has nothing to accept or decline in their mail
 * program — cancelling goes through the status link, so the office learns of it. One UID per
 * request and tour, so a later update or cancellation replaces the entry instead of adding one.
 */
import ical, { ICalAlarmType, ICalCalendarMethod, ICalEventStatus } from 'ical-generator';
import { mailFromAddress } from '../../platform/mail/sender.ts';

export interface VisitCalendarInput {
  requestId: string;
  tourId: string;
  /** The arrival window (what we promise), not the planner's minute. */
  start: Date;
  end: Date;
  summary: string;
  place: string;
  latitude: number;
  longitude: number;
  description: string;
  statusUrl: string;
  mailFrom: string;
  /** Raise on every change of the same entry (RFC 5545 § 3.8.7.4). */
  sequence?: number;
  cancelled?: boolean;
  stamp: Date;
}

export function visitCalendarUid(requestId: string, tourId: string, mailFrom: string): string {
  const domain = mailFromAddress(mailFrom).address.split('@').pop() ?? 'localhost';
  return `visit-${requestId}-${tourId}@${domain}`;
}

export function visitCalendar(input: VisitCalendarInput): string {
  const organizer = mailFromAddress(input.mailFrom);
  const calendar = ical({
    prodId: { company: 'Buergerkoffer', product: 'Hausbesuch', language: 'DE' },
    method: input.cancelled ? ICalCalendarMethod.CANCEL : ICalCalendarMethod.PUBLISH,
    name: 'Hausbesuch des Bürgerbüros',
  });
  calendar.createEvent({
    id: visitCalendarUid(input.requestId, input.tourId, input.mailFrom),
    sequence: input.sequence ?? 0,
    start: input.start,
    end: input.end,
    stamp: input.stamp,
    summary: input.summary,
    description: input.description,
    location: { title: input.place, geo: { lat: input.latitude, lon: input.longitude } },
    url: input.statusUrl,
    organizer: { name: organizer.name || 'Bürgerbüro', email: organizer.address },
    status: input.cancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    // Two hours ahead: time to get ready (the reminder mail went out the day before).
    alarms: input.cancelled ? [] : [{ type: ICalAlarmType.display, triggerBefore: 2 * 60 * 60, description: input.summary }],
  });
  return calendar.toString();
}
