import { useMutation, useQuery } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../api/index.ts';
import { getDuplicates, mergeVisitRequests, type DuplicateRequest, type RequestView } from '../../api/requests.ts';
import { useSession } from '../../app/session.tsx';
import { formatPartialDate, formatTimestamp } from '../../lib/dates.ts';
import { Alert } from '../../ui/Alert.tsx';
import { ApiErrorAlert } from '../../ui/ApiErrorAlert.tsx';
import { Button } from '../../ui/Button.tsx';
import { Checkbox, FieldError } from '../../ui/fields.tsx';
import { Loader } from '../../ui/Loader.tsx';
import { useRequestLabel } from './labels.ts';

/** The server keeps the request a merge ends on a tour (MERGE_ON_TOUR): that one has to be the kept one. */
const onTour = (duplicate: DuplicateRequest) => duplicate.status === 'planned' || duplicate.status === 'confirmed';
/** The request kept must still be worked on (MERGE_NOT_ACTIVE). */
const keepable = ['draft', 'open', 'eligible', 'planned', 'confirmed'];

export const duplicatesKey = (id: string) => ['visit-requests', 'duplicates', id] as const;

/** Other active requests for the same person, and merging one of them into this request with the dispatcher's consent. */
export function Duplicates({ view, onMerged }: { view: RequestView; onMerged: (next: RequestView) => Promise<void> }) {
  const { t } = useTranslation();
  const label = useRequestLabel();
  const { permissions } = useSession().user;
  const canMerge = permissions.includes('requests.write') && keepable.includes(view.status);
  const duplicates = useQuery({ queryKey: duplicatesKey(view.id), queryFn: ({ signal }) => getDuplicates(api, view.id, signal) });
  const [confirming, setConfirming] = useState<DuplicateRequest | null>(null);
  const [merged, setMerged] = useState<string | null>(null);
  if (view.mergedIntoId) return null;
  const rows = duplicates.data ?? [];
  return (
    <section className="bk-section" aria-labelledby="doppelungen">
      <h2 className="kern-heading-medium" id="doppelungen">{t('requests.duplicates.title')}</h2>
      {merged && <Alert variant="success" role="status" focusOnShow headingLevel={3} title={t('requests.duplicates.merged', { reference: merged })} />}
      {duplicates.isPending && <Loader small />}
      {duplicates.isError && <ApiErrorAlert error={duplicates.error} focus={false} />}
      {duplicates.data && rows.length === 0 && <p className="kern-body">{t('requests.duplicates.none')}</p>}
      {rows.length > 0 && (
        <div className="kern-table-responsive" tabIndex={0} role="group" aria-label={t('requests.duplicates.caption')}>
          <table className="kern-table kern-table--small">
            <caption className="kern-sr-only">{t('requests.duplicates.caption')}</caption>
            <thead>
              <tr className="kern-table__row">
                <th scope="col" className="kern-table__header">{t('requests.duplicates.reference')}</th>
                <th scope="col" className="kern-table__header">{t('requests.duplicates.subject')}</th>
                <th scope="col" className="kern-table__header">{t('requests.duplicates.birthDate')}</th>
                <th scope="col" className="kern-table__header">{t('requests.duplicates.requester')}</th>
                <th scope="col" className="kern-table__header">{t('requests.duplicates.channel')}</th>
                <th scope="col" className="kern-table__header">{t('requests.duplicates.createdAt')}</th>
                <th scope="col" className="kern-table__header">{t('requests.duplicates.why')}</th>
                {canMerge && <th scope="col" className="kern-table__header">{t('requests.duplicates.action')}</th>}
              </tr>
            </thead>
            <tbody className="kern-table__body">
              {rows.map((row) => (
                <tr className="kern-table__row" key={row.id}>
                  <th scope="row" className="kern-table__header bk-mono">
                    <Link className="kern-link" to={`/anfragen/${encodeURIComponent(row.id)}`}>{row.reference}</Link>
                    <br /><span className="kern-body--small">{label('status', row.status)}</span>
                  </th>
                  <td className="kern-table__cell">{row.subjectName}</td>
                  <td className="kern-table__cell">{formatPartialDate(row.subjectBirthDate)}</td>
                  <td className="kern-table__cell">{row.requesterName}</td>
                  <td className="kern-table__cell">{label('channel', row.channel)}</td>
                  <td className="kern-table__cell">{formatTimestamp(row.createdAt)}</td>
                  <td className="kern-table__cell">{t(`requests.duplicates.match.${row.match}`)}</td>
                  {canMerge && (
                    <td className="kern-table__cell">
                      {onTour(row) ? <span className="kern-body--small">{t('requests.duplicates.onTour')}</span> : (
                        <Button variant="secondary" aria-expanded={confirming?.id === row.id}
                          onClick={() => { setMerged(null); setConfirming(row); }}
                          aria-label={t('requests.duplicates.mergeWhat', { reference: row.reference })}>
                          {t('requests.duplicates.merge')}
                        </Button>
                      )}
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {confirming && canMerge && (
        <ConfirmMerge key={confirming.id} view={view} duplicate={confirming} onCancel={() => setConfirming(null)}
          onMerged={async (next) => { setConfirming(null); setMerged(confirming.reference); await onMerged(next); }} />
      )}
    </section>
  );
}

function ConfirmMerge({ view, duplicate, onCancel, onMerged }: {
  view: RequestView; duplicate: DuplicateRequest; onCancel: () => void; onMerged: (next: RequestView) => Promise<void>;
}) {
  const { t } = useTranslation();
  const [consent, setConsent] = useState(false);
  const [missing, setMissing] = useState(false);
  const [attempt, setAttempt] = useState(0);
  const heading = useRef<HTMLHeadingElement>(null);
  const checkbox = useRef<HTMLInputElement>(null);
  const id = useId();
  const errorId = `${id}-consent-error`;
  // The confirmation opens below the table: the keyboard focus follows, so it is not missed.
  useEffect(() => { heading.current?.focus(); }, []);
  const mutation = useMutation({
    mutationFn: () => mergeVisitRequests(api, view.id, duplicate.id),
    onSuccess: onMerged,
    onError: () => setAttempt((n) => n + 1),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!consent) { setMissing(true); checkbox.current?.focus(); return; }
    mutation.mutate();
  };
  return (
    <div className="kern-stack bk-merge-confirm">
      <h3 className="kern-heading-small" id={`${id}-title`} tabIndex={-1} ref={heading}>
        {t('requests.duplicates.confirmTitle', { reference: duplicate.reference })}
      </h3>
      <p className="kern-body">{t('requests.duplicates.confirmText', { reference: duplicate.reference, keep: view.reference })}</p>
      {mutation.isError && <ApiErrorAlert key={attempt} error={mutation.error} />}
      <form className="kern-stack-lg bk-form" noValidate aria-labelledby={`${id}-title`} onSubmit={submit}>
        <div className={missing && !consent ? 'kern-form-check--error' : undefined}>
          <Checkbox ref={checkbox} label={t('requests.duplicates.consent')} checked={consent} required
            aria-invalid={missing && !consent ? true : undefined} aria-describedby={missing && !consent ? errorId : undefined}
            onChange={(e) => setConsent(e.target.checked)} />
          {missing && !consent && <FieldError id={errorId}>{t('requests.duplicates.consentMissing')}</FieldError>}
        </div>
        <div className="kern-btn-wrapper">
          <Button type="submit" busy={mutation.isPending}>{t('requests.duplicates.confirm')}</Button>
          <Button variant="secondary" onClick={onCancel}>{t('common.cancel')}</Button>
        </div>
      </form>
    </div>
  );
}
