import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { isApiError } from '../../api/client.ts';
import { api } from '../../api/index.ts';
import { acceptPortalOffer, cancelPortalRequest, getPortalStatus, type PortalStatus } from '../../api/portal.ts';
import { looseTranslator } from '../../i18n/loose.ts';
import { Alert } from '../../ui/Alert.tsx';
import { ApiErrorAlert } from '../../ui/ApiErrorAlert.tsx';
import { Button } from '../../ui/Button.tsx';
import { Loader } from '../../ui/Loader.tsx';
import { PageTitle } from '../../ui/PageTitle.tsx';
import { useRequestLabel } from '../requests/labels.ts';
import { portalErrorText, portalStateText } from './portal-texts.ts';

const zone = 'Europe/Berlin';

function ServerError({ error }: { error: unknown }) {
  const { t, i18n } = useTranslation();
  const text = portalErrorText(looseTranslator(i18n), error, i18n.language);
  return text
    ? <Alert variant="danger" role="alert" focusOnShow title={t('common.errorTitle')}><p className="kern-body">{text}</p></Alert>
    : <ApiErrorAlert error={error} />;
}

/** /hausbesuch/status/:token: the requester's view of their request, with cancel and accept-offer. */
export function PortalStatusPage() {
  const { t, i18n } = useTranslation();
  const label = useRequestLabel();
  const { token = '' } = useParams();
  const queryClient = useQueryClient();
  const key = ['portal-status', token];
  const status = useQuery({ queryKey: key, queryFn: ({ signal }) => getPortalStatus(api, token, signal), retry: false });
  const [confirming, setConfirming] = useState(false);
  const [reason, setReason] = useState('');
  const [notice, setNotice] = useState<string | null>(null);
  const question = useRef<HTMLHeadingElement>(null);
  // Opening the confirmation moves the focus to its question, so keyboard and screen reader users land there.
  useEffect(() => { if (confirming) question.current?.focus(); }, [confirming]);
  const locale = i18n.language.startsWith('en') ? 'en-GB' : 'de-DE';
  const day = (date: string) => new Date(`${date}T12:00:00Z`).toLocaleDateString(locale, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: zone });
  const clock = (iso: string) => new Date(iso).toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit', timeZone: zone });
  const moment = (iso: string) => new Date(iso).toLocaleString(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: zone });
  const updated = (next: PortalStatus) => queryClient.setQueryData(key, next);
  const cancel = useMutation({
    mutationFn: () => cancelPortalRequest(api, token, reason.trim() || undefined),
    onSuccess: (next) => { updated(next); setConfirming(false); setNotice(t('portal.status.cancelled')); },
  });
  const accept = useMutation({
    mutationFn: (slotId: string) => acceptPortalOffer(api, token, slotId),
    onSuccess: (next) => { updated(next); setNotice(t('portal.status.accepted')); },
    onError: () => void status.refetch(),
  });

  if (status.isPending) return <Loader label={t('common.loading')} />;
  if (status.isError) {
    const unknown = isApiError(status.error) && status.error.status === 404;
    return (
      <div className="bk-narrow kern-stack-lg">
        <PageTitle>{t('portal.status.title')}</PageTitle>
        {unknown ? <Alert variant="danger" role="alert" title={t('portal.status.notFound')} /> : <ApiErrorAlert error={status.error} />}
        <p className="kern-body"><Link className="kern-link" to="/hausbesuch">{t('portal.status.newRequest')}</Link></p>
      </div>
    );
  }
  const s = status.data;
  const stateText = portalStateText(looseTranslator(i18n), s.state, s.stateText, i18n.language);
  return (
    <div className="bk-narrow kern-stack-lg">
      <PageTitle>{t('portal.status.title')}</PageTitle>
      {notice && <Alert variant="success" role="status" title={notice} />}
      <Alert variant={s.state === 'declined' || s.state === 'cancelled' ? 'warning' : 'info'} role="none" title={stateText} headingLevel={2} />
      <dl className="kern-description-list">
        <div className="kern-description-list-item"><dt className="kern-description-list-item__key">{t('portal.status.reference')}</dt><dd className="kern-description-list-item__value bk-mono">{s.reference}</dd></div>
        <div className="kern-description-list-item"><dt className="kern-description-list-item__key">{t('portal.status.subject')}</dt><dd className="kern-description-list-item__value">{s.subjectName}</dd></div>
        <div className="kern-description-list-item"><dt className="kern-description-list-item__key">{t('portal.status.services')}</dt><dd className="kern-description-list-item__value">{s.services.map((id) => label('service', id)).join(', ')}</dd></div>
        <div className="kern-description-list-item"><dt className="kern-description-list-item__key">{t('portal.status.received')}</dt><dd className="kern-description-list-item__value">{moment(s.createdAt)}</dd></div>
      </dl>

      {s.visit && (
        <section aria-labelledby="portal-visit" className="kern-stack-sm">
          <h2 id="portal-visit" className="kern-heading-medium">{t('portal.status.visit')}</h2>
          <dl className="kern-description-list">
            <div className="kern-description-list-item"><dt className="kern-description-list-item__key">{t('portal.status.visitDate')}</dt><dd className="kern-description-list-item__value">{day(s.visit.date)}</dd></div>
            <div className="kern-description-list-item"><dt className="kern-description-list-item__key">{t('portal.status.visitTime')}</dt><dd className="kern-description-list-item__value">{t('portal.status.visitTimeValue', { from: clock(s.visit.from), to: clock(s.visit.to) })}</dd></div>
            <div className="kern-description-list-item"><dt className="kern-description-list-item__key">{t('portal.status.visitPlace')}</dt><dd className="kern-description-list-item__value">{s.visit.place}</dd></div>
          </dl>
        </section>
      )}

      {s.offers.length > 0 && (
        <section aria-labelledby="portal-offers" className="kern-stack-sm">
          <h2 id="portal-offers" className="kern-heading-medium">{t('portal.status.offers')}</h2>
          {accept.isError && <ServerError error={accept.error} />}
          {s.offers.map((offer) => (
            <div key={offer.slotId} className="kern-stack-sm">
              <p className="kern-body">{t('portal.status.offerText', { date: day(offer.date), until: moment(offer.expiresAt) })}</p>
              <Button busy={accept.isPending && accept.variables === offer.slotId} onClick={() => accept.mutate(offer.slotId)}>{t('portal.status.accept')}</Button>
            </div>
          ))}
        </section>
      )}
      {s.offers.length === 0 && accept.isError && <ServerError error={accept.error} />}

      {s.canCancel && !confirming && (
        <div><Button variant="secondary" onClick={() => setConfirming(true)}>{t('portal.status.cancel')}</Button></div>
      )}
      {s.canCancel && confirming && (
        <section aria-labelledby="portal-cancel" className="kern-stack-sm">
          <h2 id="portal-cancel" className="kern-heading-medium" tabIndex={-1} ref={question}>{t('portal.status.cancelQuestion')}</h2>
          <p className="kern-body">{t('portal.status.cancelExplain')}</p>
          {cancel.isError && <ServerError error={cancel.error} />}
          <div className="kern-form-input">
            <label className="kern-label" htmlFor="portal-cancel-reason">{t('portal.status.cancelReason')}<span className="kern-label__optional"> – {t('common.optional')}</span></label>
            <textarea id="portal-cancel-reason" className="kern-form-input__input" rows={2} maxLength={1000} value={reason} onChange={(event) => setReason(event.target.value)} />
          </div>
          <div className="bk-actions">
            <Button busy={cancel.isPending} onClick={() => cancel.mutate()}>{t('portal.status.cancelConfirm')}</Button>
            <Button variant="tertiary" onClick={() => setConfirming(false)}>{t('portal.status.cancelKeep')}</Button>
          </div>
        </section>
      )}
      {s.state === 'cancelled' && <p className="kern-body"><Link className="kern-link" to="/hausbesuch">{t('portal.status.newRequest')}</Link></p>}
    </div>
  );
}
