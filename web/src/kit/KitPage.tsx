import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate } from 'react-router';
import { api } from '../api/index.ts';
import { createCase, listCases } from '../api/cases.ts';
import { downloadKitPackages, getKitTour, kitStatusQueryKey, useKitStatus, type KitStatus, type KitTourVisit, type KitUnsettledEvent } from '../api/kit.ts';
import { looseTranslator } from '../i18n/loose.ts';
import { berlinToday, formatPartialDate, formatTimestamp } from '../lib/dates.ts';
import { fullName } from '../lib/names.ts';
import { useRequestLabel } from '../pages/requests/labels.ts';
import { Alert } from '../ui/Alert.tsx';
import { ApiErrorAlert } from '../ui/ApiErrorAlert.tsx';
import { Badge } from '../ui/Badge.tsx';
import { Button } from '../ui/Button.tsx';
import { TextField } from '../ui/fields.tsx';
import { Loader } from '../ui/Loader.tsx';
import { PageTitle } from '../ui/PageTitle.tsx';
import { RecordTable } from '../ui/RecordTable.tsx';
import { birthDateOf, eventKindKey, openCaseIdOf, openCaseStates, packageState, timeOf } from './kit-model.ts';
import { syncReasonText } from './sync-reasons.ts';
import './kit.css';

/**
 * The kit's start page in the field: load the day's tour package, walk the stops in order and
 * start each service where the person sits; below, what has not reached the Rathaus yet.
 */
export function KitPage() {
  const { t } = useTranslation();
  const status = useKitStatus();
  if (status.isPending) return <><PageTitle>{t('kit.page.title')}</PageTitle><Loader /></>;
  if (status.isError) return <><PageTitle>{t('kit.page.title')}</PageTitle><ApiErrorAlert error={status.error} /></>;
  if (!status.data) {
    return (
      <>
        <PageTitle>{t('kit.page.title')}</PageTitle>
        <Alert variant="info" title={t('kit.page.notAKitTitle')}><p className="kern-body">{t('kit.page.notAKit')}</p></Alert>
      </>
    );
  }
  return <KitPageFor status={status.data} />;
}

function KitPageFor({ status }: { status: KitStatus }) {
  const { t } = useTranslation();
  const today = berlinToday();
  const usable = status.packages.filter((p) => packageState(p.expiresAt, new Date()) !== 'expired');
  const [chosen, setChosen] = useState<string | null>(null);
  const tourId = chosen && status.packages.some((p) => p.tourId === chosen)
    ? chosen
    : (usable.find((p) => p.tourDate === today) ?? usable[0])?.tourId ?? null;
  return (
    <>
      <PageTitle documentTitle={t('kit.page.title')}>{t('kit.page.titleFor', { kit: status.kitName })}</PageTitle>
      {!status.unlocked && <Alert variant="warning" title={t('kit.page.lockedTitle')}><p className="kern-body">{t('kit.page.locked')}</p></Alert>}
      <Packages status={status} tourId={tourId} onChoose={setChosen} />
      {tourId ? <Tour tourId={tourId} /> : <p className="kern-body">{t('kit.page.noPackage')}</p>}
      <Unsettled events={status.outbox?.unsettled ?? []} />
      <InReview events={status.outbox?.inReview ?? []} />
    </>
  );
}

function Packages({ status, tourId, onChoose }: { status: KitStatus; tourId: string | null; onChoose: (id: string) => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [date, setDate] = useState(berlinToday());
  const download = useMutation({
    mutationFn: () => downloadKitPackages(api, date),
    onSuccess: async (result) => {
      await queryClient.invalidateQueries({ queryKey: kitStatusQueryKey });
      const first = result.loaded[0];
      if (first) onChoose(first.tourId);
    },
  });
  const loaded = download.data?.loaded;
  return (
    <section className="bk-section" aria-labelledby="bk-kit-packages">
      <h2 className="kern-heading-medium" id="bk-kit-packages">{t('kit.packages.title')}</h2>
      <form className="bk-kit-package-form" onSubmit={(event) => { event.preventDefault(); if (date) download.mutate(); }}>
        <TextField id="kit-package-date" type="date" label={t('kit.packages.date')} hint={t('kit.packages.dateHint')} value={date} required onChange={(event) => setDate(event.target.value)} width="short" />
        <Button type="submit" variant="primary" icon="download" busy={download.isPending} disabled={!date || !status.online}>{t('kit.packages.download')}</Button>
      </form>
      {!status.online && <p className="kern-body kern-body--small">{t('kit.packages.offline')}</p>}
      <div role="status">
        {loaded && (
          <Alert variant={loaded.length > 0 ? 'success' : 'info'} title={loaded.length > 0
            ? t('kit.packages.loaded', { count: loaded.length, persons: loaded.reduce((n, p) => n + p.persons, 0) })
            : t('kit.packages.none', { date: formatPartialDate(date) })} />
        )}
      </div>
      {download.isError && <ApiErrorAlert error={download.error} title={t('kit.packages.failed')} />}
      {status.packages.length > 0 && (
        <RecordTable
          caption={t('kit.packages.listCaption')}
          rows={status.packages.map((p) => ({ ...p, id: p.tourId }))}
          columns={[
            { header: t('kit.packages.tourDate'), cell: (p) => formatPartialDate(p.tourDate) },
            { header: t('kit.packages.expiresAt'), cell: (p) => <PackageExpiry expiresAt={p.expiresAt} /> },
            {
              header: t('kit.packages.show'),
              cell: (p) => p.tourId === tourId
                ? <span>{t('kit.packages.shown')}</span>
                : <Button variant="tertiary" disabled={packageState(p.expiresAt, new Date()) === 'expired'} onClick={() => onChoose(p.tourId)}>{t('kit.packages.showTour', { date: formatPartialDate(p.tourDate) })}</Button>,
            },
          ]}
        />
      )}
    </section>
  );
}

function PackageExpiry({ expiresAt }: { expiresAt: string }) {
  const { t } = useTranslation();
  const state = packageState(expiresAt, new Date());
  const variant = state === 'valid' ? 'success' : state === 'expiring' ? 'warning' : 'danger';
  return (
    <>
      {formatTimestamp(expiresAt)}{' '}
      <Badge variant={variant} icon={variant}>{t(`kit.packages.state.${state}`)}</Badge>
    </>
  );
}

function Tour({ tourId }: { tourId: string }) {
  const { t } = useTranslation();
  const tour = useQuery({ queryKey: ['kit', 'tour', tourId], queryFn: ({ signal }) => getKitTour(api, tourId, signal) });
  if (tour.isPending) return <Loader />;
  if (tour.isError) return <ApiErrorAlert error={tour.error} title={t('kit.tour.failed')} focus={false} />;
  const { tour: data } = tour.data;
  const stops = [...data.stops].sort((a, b) => a.sequence - b.sequence);
  return (
    <section className="bk-section" aria-labelledby="bk-kit-tour">
      <h2 className="kern-heading-medium" id="bk-kit-tour">
        {t('kit.tour.title', { date: formatPartialDate(data.date), from: timeOf(data.departAt), to: timeOf(data.returnAt) })}
      </h2>
      {data.officers.length > 0 && <p className="kern-body">{t('kit.tour.officers', { names: data.officers.map((o) => o.displayName).join(', ') })}</p>}
      {stops.length === 0 ? <p className="kern-body">{t('kit.tour.noStops')}</p> : (
        <ol className="bk-kit-stops">
          {stops.map((stop) => (
            <li key={stop.id} className="bk-kit-stop">
              <h3 className="kern-heading-small">
                {t('kit.tour.stop', { sequence: stop.sequence, from: timeOf(stop.startAt), to: timeOf(stop.endAt), place: stop.place })}
              </h3>
              <ul className="bk-kit-visits">
                {stop.visits.map((visit) => <Visit key={visit.requestId} visit={visit} />)}
              </ul>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

function Visit({ visit }: { visit: KitTourVisit }) {
  const { t } = useTranslation();
  const label = useRequestLabel();
  const person = visit.person;
  const personId = person?.id ?? null;
  const cases = useQuery({
    queryKey: ['cases', 'list', { personId }],
    queryFn: ({ signal }) => listCases(api, { personId: personId ?? undefined }, signal),
    enabled: personId !== null,
  });
  const name = person ? fullName({ familyName: person.familyName, givenNames: person.givenNames }) : t('kit.visit.unknownPerson');
  return (
    <li className="bk-kit-visit">
      <h4 className="kern-heading-small">{name}</h4>
      <dl className="bk-details__list">
        {person && <><dt className="kern-label">{t('kit.visit.birthDate')}</dt><dd className="kern-body">{birthDateOf(person) || '–'}</dd></>}
        <dt className="kern-label">{t('kit.visit.reference')}</dt><dd className="kern-body bk-mono">{visit.reference}</dd>
        {visit.notes && <><dt className="kern-label">{t('kit.visit.notes')}</dt><dd className="kern-body bk-prewrap">{visit.notes}</dd></>}
      </dl>
      {!personId && <p className="kern-body">{t('kit.visit.noPerson')}</p>}
      <p className="kern-label" id={`bk-kit-services-${visit.requestId}`}>{t('kit.visit.services')}</p>
      <ul className="bk-kit-services" aria-labelledby={`bk-kit-services-${visit.requestId}`}>
        {visit.services.map((serviceId) => {
          const open = cases.data?.find((c) => c.serviceId === serviceId && openCaseStates.includes(c.state));
          return (
            <li key={serviceId} className="bk-kit-service">
              <span className="kern-body">{label('service', serviceId)}</span>
              {personId && (open
                ? <Link className="kern-btn kern-btn--secondary" to={`/vorgaenge/${open.id}`}><span className="kern-label">{t('kit.visit.continue', { number: open.number })}</span></Link>
                : <StartService serviceId={serviceId} personId={personId} serviceName={label('service', serviceId)} personName={name} />)}
            </li>
          );
        })}
      </ul>
    </li>
  );
}

function StartService({ serviceId, personId, serviceName, personName }: { serviceId: string; personId: string; serviceName: string; personName: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const start = useMutation({
    mutationFn: () => createCase(api, { serviceId, personId, applicant: { kind: 'self' } }),
    onSuccess: (view) => navigate(`/vorgaenge/${view.id}`),
    onError: (error) => {
      // Opened before (perhaps on another tab or before a reload): continue that case.
      const existing = openCaseIdOf(error);
      if (existing) navigate(`/vorgaenge/${existing}`);
    },
  });
  return (
    <>
      <Button variant="primary" icon="arrow-forward" busy={start.isPending} onClick={() => start.mutate()}
        aria-label={t('kit.visit.startFor', { service: serviceName, name: personName })}>
        {t('kit.visit.start')}
      </Button>
      {start.isError && !openCaseIdOf(start.error) && <ApiErrorAlert error={start.error} title={t('kit.visit.startFailed')} />}
    </>
  );
}

function Unsettled({ events }: { events: KitUnsettledEvent[] }) {
  const { t } = useTranslation();
  const { hash } = useLocation();
  const ref = useRef<HTMLElement>(null);
  // The banner's "N Schritte noch nicht übertragen" links here: land on the list, not the page top.
  useEffect(() => {
    if (hash === '#nicht-uebertragen') {
      ref.current?.focus();
      ref.current?.scrollIntoView();
    }
  }, [hash]);
  return (
    <section ref={ref} className="bk-section" aria-labelledby="nicht-uebertragen-title" id="nicht-uebertragen" tabIndex={-1}>
      <h2 className="kern-heading-medium" id="nicht-uebertragen-title">{t('kit.unsettled.title')}</h2>
      {events.length === 0 ? <p className="kern-body">{t('kit.unsettled.none')}</p> : <StepTable caption={t('kit.unsettled.title')} events={events} />}
    </section>
  );
}

/** The steps the Rathaus holds for a clerk: arrived, but not applied; each with the Rathaus's reason. */
function InReview({ events }: { events: KitUnsettledEvent[] }) {
  const { t } = useTranslation();
  if (events.length === 0) return null;
  return (
    <section className="bk-section" aria-labelledby="in-pruefung-title" id="in-pruefung">
      <h2 className="kern-heading-medium" id="in-pruefung-title">{t('kit.inReview.title')}</h2>
      <p className="kern-body">{t('kit.inReview.intro')}</p>
      <StepTable caption={t('kit.inReview.title')} events={events} />
    </section>
  );
}

function StepTable({ caption, events }: { caption: string; events: KitUnsettledEvent[] }) {
  const { t, i18n } = useTranslation();
  const loose = looseTranslator(i18n);
  const text = (key: string, fallback: string) => (i18n.exists(key) ? loose.t(key) : fallback);
  return (
    <RecordTable
      caption={caption}
      rows={events.map((e) => ({ ...e, id: e.eventId }))}
      columns={[
        { header: t('kit.unsettled.capturedAt'), cell: (e) => formatTimestamp(e.capturedAt) },
        { header: t('kit.unsettled.kind'), cell: (e) => text(eventKindKey(e.kind), e.kind) },
        {
          header: t('kit.unsettled.state'),
          cell: (e) => (
            <Badge variant={e.state === 'error' ? 'danger' : e.state === 'needs_review' ? 'warning' : 'info'} icon={e.state === 'error' ? 'danger' : e.state === 'needs_review' ? 'warning' : 'info'}>
              {t(`kit.states.${e.state}`)}
            </Badge>
          ),
        },
        {
          header: t('kit.unsettled.error'),
          cell: (e) => {
            const reason = syncReasonText(loose, i18n.language, { code: e.code ?? null, reason: e.lastError, message: e.message ?? null });
            if (!reason) return '–';
            // A reason this interface does not know: the Rathaus's text as it came, with its code.
            if (!reason.code) return reason.text;
            if (reason.text === reason.code) return <span className="bk-mono">{reason.code}</span>;
            return <><span lang={reason.lang}>{reason.text}</span> <span className="bk-mono">({reason.code})</span></>;
          },
        },
      ]}
    />
  );
}
