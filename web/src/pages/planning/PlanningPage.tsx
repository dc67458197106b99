import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { api } from '../../api/index.ts';
import {
  acceptOffer, confirmTour, getWeek, listKits, pinRequest, planWeek, sendReminders, setTourLocked, tourLettersUrl,
  type ConfirmationSummary, type KitSummary, type Tour, type WeekView,
} from '../../api/planning.ts';
import { useCan } from '../../app/session.tsx';
import { berlinToday, formatTimestamp } from '../../lib/dates.ts';
import { Alert } from '../../ui/Alert.tsx';
import { ApiErrorAlert } from '../../ui/ApiErrorAlert.tsx';
import { Badge } from '../../ui/Badge.tsx';
import { Button } from '../../ui/Button.tsx';
import { SelectField } from '../../ui/fields.tsx';
import { Loader } from '../../ui/Loader.tsx';
import { PageTitle } from '../../ui/PageTitle.tsx';
import { useRequestLabel } from '../requests/labels.ts';
import { TourMap } from './TourMap.tsx';
import { addDays, berlinTime, initialWeek, isoWeekNumber, minutesBetween, tourColours, workdays } from './week.ts';

const dayFormat = new Intl.DateTimeFormat('de-DE', { weekday: 'long', day: '2-digit', month: '2-digit', year: 'numeric', timeZone: 'UTC' });
const shortDay = new Intl.DateTimeFormat('de-DE', { weekday: 'short', day: '2-digit', month: '2-digit', timeZone: 'UTC' });
const dayName = (date: string, format = dayFormat) => format.format(new Date(`${date}T12:00:00Z`));

/** The week's tours in a stable order (day, then kit), each with its colour on the map. */
export function colouredTours(week: WeekView): { tour: Tour; colour: number }[] {
  return [...week.tours]
    .sort((a, b) => a.date.localeCompare(b.date) || a.kitName.localeCompare(b.kitName))
    .map((tour, colour) => ({ tour, colour }));
}

export function PlanningPage() {
  const { t } = useTranslation();
  const can = useCan();
  const canPlan = can('planning.write');
  const queryClient = useQueryClient();
  const [searchParams, setSearchParams] = useSearchParams();
  const weekStart = initialWeek(searchParams.get('woche'));
  const [day, setDay] = useState<string>('');
  const [confirmed, setConfirmed] = useState<{ tourId: string; summary: ConfirmationSummary } | null>(null);
  const weekKey = ['planning', 'week', weekStart];
  const week = useQuery({ queryKey: weekKey, queryFn: ({ signal }) => getWeek(api, weekStart, signal) });
  const kits = useQuery({ queryKey: ['kits'], queryFn: ({ signal }) => listKits(api, signal), enabled: canPlan });
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['planning'] });
  const plan = useMutation({
    mutationFn: () => planWeek(api, weekStart),
    onSuccess: (view) => { queryClient.setQueryData(weekKey, view); void queryClient.invalidateQueries({ queryKey: ['visit-requests'] }); },
  });
  const lock = useMutation({ mutationFn: ({ tourId, locked }: { tourId: string; locked: boolean }) => setTourLocked(api, tourId, locked), onSuccess: refresh });
  const confirm = useMutation({
    mutationFn: (tourId: string) => confirmTour(api, tourId).then((summary) => ({ tourId, summary })),
    onSuccess: (result) => { setConfirmed(result); void refresh(); },
  });

  const goTo = (monday: string) => {
    setDay('');
    setConfirmed(null);
    plan.reset();
    setSearchParams({ woche: monday });
  };
  const data = week.data;
  const coloured = data ? colouredTours(data) : [];
  const shown = day ? coloured.filter(({ tour }) => tour.date === day) : coloured;
  const requestsPlanned = coloured.reduce((n, { tour }) => n + tour.stops.reduce((m, s) => m + s.requests.length, 0), 0);
  const stopsPlanned = coloured.reduce((n, { tour }) => n + tour.stops.length, 0);
  const travel = coloured.reduce((n, { tour }) => n + tour.travelMinutes, 0);

  return (
    <>
      <PageTitle>{t('planning.title')}</PageTitle>
      <nav className="bk-week-nav" aria-label={t('planning.weekNav')}>
        <Button variant="secondary" icon="chevron-left" onClick={() => goTo(addDays(weekStart, -7))}>{t('planning.previousWeek')}</Button>
        <h2 className="kern-heading-medium bk-week-nav__title" aria-live="polite">
          {t('planning.week', { number: isoWeekNumber(weekStart), from: dayName(weekStart, shortDay), to: dayName(addDays(weekStart, 4), shortDay) })}
        </h2>
        <Button variant="secondary" icon="chevron-right" onClick={() => goTo(addDays(weekStart, 7))}>{t('planning.nextWeek')}</Button>
      </nav>

      {canPlan && (
        <div className="kern-stack">
          <div className="bk-actions">
            <Button icon="autorenew" busy={plan.isPending} onClick={() => plan.mutate()}>{t('planning.plan')}</Button>
          </div>
          <p className="kern-hint">{t('planning.planHint')}</p>
          <div aria-live="polite">
            {plan.isPending && <p className="kern-body">{t('planning.planning')}</p>}
            {plan.isSuccess && data?.lastRun && (
              <Alert variant="success" title={t('planning.planned', { count: requestsPlanned })}>
                <p className="kern-body">{t('planning.plannedDetail', { tours: coloured.length, stops: stopsPlanned, leftOut: data.lastRun.leftOut.length, travel })}</p>
              </Alert>
            )}
          </div>
          {plan.isError && <ApiErrorAlert error={plan.error} />}
        </div>
      )}

      {week.isPending ? <Loader label={t('planning.loading')} /> : week.isError ? <ApiErrorAlert error={week.error} /> : data && (
        <>
          {data.lastRun && (
            <p className="kern-body">{t('planning.lastRun', { at: formatTimestamp(data.lastRun.createdAt), by: data.lastRun.createdByName })}</p>
          )}
          {data.unavailableKits.length > 0 && (
            <details className="bk-details">
              <summary>{t('planning.unavailableKits', { count: data.unavailableKits.length })}</summary>
              <ul className="kern-list">
                {data.unavailableKits.map((k) => (
                  <li key={`${k.date}-${k.kitId}`}>{dayName(k.date, shortDay)}: {k.name} – {k.reasons.join('; ')}</li>
                ))}
              </ul>
            </details>
          )}

          <section className="kern-stack" aria-labelledby="planning-tours">
            <h2 id="planning-tours" className="kern-heading-medium">{t('planning.tours')}</h2>
            {coloured.length === 0 ? <p className="kern-body">{t('planning.noTours')}</p> : (
              <>
                <SelectField
                  label={t('planning.showDay')}
                  value={day}
                  onChange={(event) => setDay(event.target.value)}
                  options={[{ value: '', label: t('planning.wholeWeek') }, ...workdays(weekStart).map((d) => ({ value: d, label: dayName(d) }))]}
                />
                <div className="bk-planning">
                  <TourMap depot={data.depot} tours={shown}
                    label={t('planning.map.label', { tours: shown.length, stops: shown.reduce((n, { tour }) => n + tour.stops.length, 0) })} />
                  <div className="kern-stack bk-planning__tours">
                    {shown.length === 0 && <p className="kern-body">{t('planning.noToursDay')}</p>}
                    {shown.map(({ tour, colour }) => (
                      <TourCard key={tour.id} tour={tour} colour={colour} canPlan={canPlan}
                        onLock={(locked) => lock.mutate({ tourId: tour.id, locked })}
                        onConfirm={() => confirm.mutate(tour.id)}
                        busy={(lock.isPending && lock.variables?.tourId === tour.id) || (confirm.isPending && confirm.variables === tour.id)}
                        confirmation={confirmed?.tourId === tour.id ? confirmed.summary : null} />
                    ))}
                    {(lock.isError || confirm.isError) && <ApiErrorAlert error={lock.error ?? confirm.error} />}
                  </div>
                </div>
              </>
            )}
          </section>

          <LeftOutSection week={data} kits={kits.data ?? []} canPlan={canPlan} onPinned={refresh} />
        </>
      )}
    </>
  );
}

function TourCard({ tour, colour, canPlan, onLock, onConfirm, busy, confirmation }: {
  tour: Tour; colour: number; canPlan: boolean; onLock: (locked: boolean) => void; onConfirm: () => void; busy: boolean;
  confirmation: ConfirmationSummary | null;
}) {
  const { t } = useTranslation();
  const label = useRequestLabel();
  const headingId = `tour-${tour.id}`;
  const isConfirmed = tour.status === 'confirmed';
  return (
    <article className="bk-tour-card" aria-labelledby={headingId} style={{ borderLeftColor: tourColours[colour % tourColours.length] }}>
      <h3 id={headingId} className="kern-heading-small">
        {dayName(tour.date, shortDay)} · {tour.kitName}{' '}
        {isConfirmed ? <Badge variant="success">{t('planning.status.confirmed')}</Badge>
          : tour.locked ? <Badge variant="info">{t('planning.status.locked')}</Badge>
            : <Badge variant="warning">{t('planning.status.draft')}</Badge>}
      </h3>
      <p className="kern-body kern-body--small">
        {t('planning.tourLine', {
          depart: berlinTime(tour.departAt), back: berlinTime(tour.returnAt), travel: tour.travelMinutes,
          officers: tour.officers.map((o) => o.name).join(' und ') || t('planning.noOfficers'),
        })}
      </p>
      <ol className="bk-tour-stops">
        {tour.stops.map((stop) => (
          <li key={stop.id}>
            <span className="bk-tour-stops__time">{berlinTime(stop.startAt)}–{berlinTime(stop.endAt)}</span>{' '}
            <span>{stop.place}</span>
            {stop.requests.length > 1 && <> <Badge variant="info">{t('planning.sammeltermin', { count: stop.requests.length })}</Badge></>}
            <ul className="bk-tour-stops__persons">
              {stop.requests.map((r) => (
                <li key={r.id}>
                  <Link className="kern-link" to={`/anfragen/${r.id}`}>{r.subjectName}</Link>{' '}
                  <span className="kern-body--small">({r.reference}; {r.services.map((s) => label('service', s)).join(', ')})</span>
                </li>
              ))}
            </ul>
            {minutesBetween(stop.arriveAt, stop.startAt) > 0 && (
              <span className="kern-hint">{t('planning.waitBefore', { minutes: minutesBetween(stop.arriveAt, stop.startAt) })}</span>
            )}
          </li>
        ))}
      </ol>
      {canPlan && (
        <div className="bk-actions">
          {!isConfirmed && (
            <Button variant="secondary" icon={tour.locked ? 'visibility' : 'check'} busy={busy} onClick={() => onLock(!tour.locked)}>
              {tour.locked ? t('planning.unlock') : t('planning.lock')}
              <span className="kern-sr-only"> – {dayName(tour.date, shortDay)}, {tour.kitName}</span>
            </Button>
          )}
          {!isConfirmed && tour.stops.length > 0 && (
            <Button icon="mail" busy={busy} onClick={onConfirm}>
              {t('planning.confirm')}<span className="kern-sr-only"> – {dayName(tour.date, shortDay)}, {tour.kitName}</span>
            </Button>
          )}
        </div>
      )}
      {canPlan && isConfirmed && <ConfirmedTourActions tour={tour} />}
      {confirmation && (
        <div aria-live="polite">
          <Alert variant={confirmation.failures.length ? 'warning' : 'success'} title={t('planning.confirmedTitle')}>
            <p className="kern-body">{t('planning.confirmedDetail', { mailed: confirmation.mailed, letters: confirmation.letters, institutionLetters: confirmation.institutionLetters })}</p>
            {confirmation.failures.length > 0 && (
              <ul className="kern-list">
                {confirmation.failures.map((f) => <li key={`${f.code}-${f.requestId}`}>{t(`planning.failure.${f.code}`, { reference: f.reference, recipient: f.recipient, reason: f.reason })}</li>)}
              </ul>
            )}
          </Alert>
        </div>
      )}
    </article>
  );
}

/** After confirming: print the letter pile, send the reminders the day before (or now). */
function ConfirmedTourActions({ tour }: { tour: Tour }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const remind = useMutation({ mutationFn: () => sendReminders(api, tour.date) });
  const { queued, total } = tour.letters;
  const hintId = `letters-hint-${tour.id}`;
  const where = <span className="kern-sr-only"> – {dayName(tour.date, shortDay)}, {tour.kitName}</span>;
  // The PDF opens in a new tab; the counts change once the server has marked the letters printed.
  const printed = () => { window.setTimeout(() => void queryClient.invalidateQueries({ queryKey: ['planning'] }), 1500); };
  return (
    <>
      <div className="bk-actions">
        {total > 0 && (
          <a className={`kern-btn ${queued > 0 ? 'kern-btn--primary' : 'kern-btn--secondary'}`} href={tourLettersUrl(tour.id, queued === 0)}
            target="_blank" rel="noopener" aria-describedby={hintId} onClick={printed}>
            <span className="kern-label">{queued > 0 ? t('planning.printLetters', { count: queued }) : t('planning.printLettersAgain', { count: total })}{where}</span>
          </a>
        )}
        {tour.date >= berlinToday() && (
          <Button variant="secondary" icon="mail" busy={remind.isPending} onClick={() => remind.mutate()}>
            {t('planning.sendReminders')}{where}
          </Button>
        )}
      </div>
      {total > 0 && <p className="kern-hint" id={hintId}>{t('planning.printLettersHint')}</p>}
      {remind.isError && <ApiErrorAlert error={remind.error} />}
      {remind.data && (
        <div aria-live="polite">
          <Alert variant={remind.data.failed.length ? 'warning' : 'success'} title={t('planning.remindersTitle')}>
            <p className="kern-body">{t('planning.remindersDetail', { mailed: remind.data.mailed, alreadySent: remind.data.alreadySent })}</p>
            {remind.data.failed.length > 0 && (
              <ul className="kern-list">{remind.data.failed.map((f) => <li key={f.reference}>{t('planning.remindersFailed', f)}</li>)}</ul>
            )}
            {remind.data.toCall.length > 0 && (
              <>
                <p className="kern-body">{t('planning.remindersToCall')}</p>
                <ul className="kern-list">
                  {remind.data.toCall.map((c) => (
                    <li key={c.reference}>{t('planning.remindersCallLine', { name: c.name, subject: c.subjectName, reference: c.reference, phone: c.phone ?? t('planning.noPhone') })}</li>
                  ))}
                </ul>
              </>
            )}
          </Alert>
        </div>
      )}
    </>
  );
}

function LeftOutSection({ week, kits, canPlan, onPinned }: { week: WeekView; kits: KitSummary[]; canPlan: boolean; onPinned: () => void }) {
  const { t } = useTranslation();
  const leftOut = new Map((week.lastRun?.leftOut ?? []).map((l) => [l.requestId, l.reason]));
  const rows = week.waiting;
  return (
    <section className="kern-stack" aria-labelledby="planning-left-out">
      <h2 id="planning-left-out" className="kern-heading-medium">{t('planning.leftOut', { count: rows.length })}</h2>
      {rows.length === 0 ? <p className="kern-body">{t('planning.nothingLeftOut')}</p> : (
        <table className="kern-table bk-table">
          <thead className="kern-table__head">
            <tr className="kern-table__row">
              <th scope="col" className="kern-table__header">{t('planning.col.reference')}</th>
              <th scope="col" className="kern-table__header">{t('planning.col.person')}</th>
              <th scope="col" className="kern-table__header">{t('planning.col.reason')}</th>
              {canPlan && <th scope="col" className="kern-table__header">{t('planning.col.pin')}</th>}
            </tr>
          </thead>
          <tbody className="kern-table__body">
            {rows.map((r) => {
              const reason = leftOut.get(r.id);
              return (
                <tr key={r.id} className="kern-table__row">
                  <td className="kern-table__cell"><Link className="kern-link" to={`/anfragen/${r.id}`}>{r.reference}</Link></td>
                  <td className="kern-table__cell">{r.subjectName}</td>
                  <td className="kern-table__cell">
                    {reason ? t(`planning.reason.${reason}`, { defaultValue: reason }) : t('planning.reason.not_planned_yet')}
                    {r.waitlistedAt && <><br /><span className="kern-hint">{t('planning.waitlistedSince', { at: formatTimestamp(r.waitlistedAt) })}</span></>}
                    {canPlan && r.offers.map((offer) => <OfferControl key={offer.slotId} request={r} offer={offer} onTaken={onPinned} />)}
                  </td>
                  {canPlan && <td className="kern-table__cell"><PinControl request={r} week={week} kits={kits} onPinned={onPinned} /></td>}
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** A freed slot offered to this request: the dispatcher takes it when the requester accepts on the phone. */
function OfferControl({ request, offer, onTaken }: { request: WeekView['waiting'][number]; offer: WeekView['waiting'][number]['offers'][number]; onTaken: () => void }) {
  const { t } = useTranslation();
  const accept = useMutation({ mutationFn: () => acceptOffer(api, request.id, offer.slotId), onSuccess: onTaken });
  return (
    <div className="kern-stack">
      <p className="kern-body kern-body--small">{t('planning.offerOpen', { day: dayName(offer.date, shortDay), until: formatTimestamp(offer.expiresAt) })}</p>
      <Button variant="secondary" busy={accept.isPending} onClick={() => accept.mutate()}>
        {t('planning.offerAccept')}<span className="kern-sr-only"> – {request.subjectName}, {dayName(offer.date, shortDay)}</span>
      </Button>
      {accept.isError && <ApiErrorAlert error={accept.error} />}
    </div>
  );
}

function PinControl({ request, week, kits, onPinned }: {
  request: WeekView['waiting'][number]; week: WeekView; kits: KitSummary[]; onPinned: () => void;
}) {
  const { t } = useTranslation();
  const [date, setDate] = useState(request.pinnedDate ?? '');
  const [kitId, setKitId] = useState(request.pinnedKitId ?? '');
  const pin = useMutation({ mutationFn: () => pinRequest(api, request.id, { kitId: kitId || null, date: date || null }), onSuccess: onPinned });
  const changed = date !== (request.pinnedDate ?? '') || kitId !== (request.pinnedKitId ?? '');
  return (
    <div className="bk-pin" role="group" aria-label={t('planning.pinFor', { name: request.subjectName })}>
      <SelectField label={t('planning.pinDay')} value={date} onChange={(e) => setDate(e.target.value)}
        options={[{ value: '', label: t('planning.pinAnyDay') }, ...workdays(week.weekStart).map((d) => ({ value: d, label: dayName(d, shortDay) }))]} />
      <SelectField label={t('planning.pinKit')} value={kitId} onChange={(e) => setKitId(e.target.value)}
        options={[{ value: '', label: t('planning.pinAnyKit') }, ...kits.filter((k) => k.status === 'active').map((k) => ({ value: k.id, label: k.name }))]} />
      <Button variant="secondary" busy={pin.isPending} disabled={!changed} onClick={() => pin.mutate()}>{t('planning.pinSave')}</Button>
      <div aria-live="polite">{pin.isSuccess && !changed && <span className="kern-hint">{t('planning.pinSaved')}</span>}</div>
      {pin.isError && <ApiErrorAlert error={pin.error} />}
    </div>
  );
}
