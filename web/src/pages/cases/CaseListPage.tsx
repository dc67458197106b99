import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { api } from '../../api/index.ts';
import { caseStates, listCases, listReviewCases, type CaseSummary } from '../../api/cases.ts';
import { useCan } from '../../app/session.tsx';
import { formatTimestamp } from '../../lib/dates.ts';
import { fullName } from '../../lib/names.ts';
import { ApiErrorAlert } from '../../ui/ApiErrorAlert.tsx';
import { Badge } from '../../ui/Badge.tsx';
import { SelectField } from '../../ui/fields.tsx';
import { Loader } from '../../ui/Loader.tsx';
import { PageTitle } from '../../ui/PageTitle.tsx';
import { RecordTable } from '../../ui/RecordTable.tsx';
import { textIn } from './form-model.ts';
import { stateBadge } from './states.ts';

function CaseTable({ caption, cases, showReason }: { caption: string; cases: CaseSummary[]; showReason?: boolean }) {
  const { t, i18n } = useTranslation();
  return (
    <RecordTable
      caption={caption}
      rows={cases}
      columns={[
        { header: t('cases.number'), cell: (c) => <Link className="kern-link bk-mono" to={`/vorgaenge/${c.id}`}>{c.number}</Link> },
        { header: t('cases.service'), cell: (c) => textIn(c.serviceName, i18n.language) },
        { header: t('cases.subject'), cell: (c) => (c.person ? fullName(c.person) : t('cases.newPerson')) },
        { header: t('cases.state'), cell: (c) => <Badge variant={stateBadge(c.state)}>{t(`cases.states.${c.state}`)}</Badge> },
        ...(showReason ? [{ header: t('cases.reviewReason'), cell: (c: CaseSummary) => c.reviewReason ?? '' }] : []),
        { header: t('cases.updatedAt'), cell: (c) => formatTimestamp(c.updatedAt) },
      ]}
    />
  );
}

/** All cases of the municipality, filtered by state (the clerk's work list). */
export function CaseListPage() {
  const { t } = useTranslation();
  const can = useCan();
  const [params, setParams] = useSearchParams();
  const state = params.get('status') ?? '';
  const cases = useQuery({ queryKey: ['cases', { state }], queryFn: ({ signal }) => listCases(api, state ? { state, limit: 200 } : { limit: 200 }, signal) });
  return (
    <>
      <PageTitle>{t('cases.list.title')}</PageTitle>
      {can('cases.write') && (
        <p className="kern-body">
          <Link className="kern-btn kern-btn--secondary" to="/vorgaenge/neu">
            <span className="kern-icon kern-icon--add" aria-hidden="true" />
            <span className="kern-label">{t('cases.list.newPerson')}</span>
          </Link>
        </p>
      )}
      <SelectField
        id="case-state-filter"
        label={t('cases.list.filter')}
        value={state}
        options={[{ value: '', label: t('cases.list.all') }, ...caseStates.map((s) => ({ value: s, label: t(`cases.states.${s}`) }))]}
        onChange={(event) => setParams(event.target.value ? { status: event.target.value } : {})}
      />
      {cases.isPending && <Loader />}
      {cases.isError && <ApiErrorAlert error={cases.error} />}
      {cases.data && (cases.data.length === 0
        ? <p className="kern-body kern-body--muted">{t('cases.list.none')}</p>
        : <CaseTable caption={t('cases.list.title')} cases={cases.data} />)}
    </>
  );
}

/** The clerk's review queue: cases that need a decision. */
export function ReviewQueuePage() {
  const { t } = useTranslation();
  const can = useCan();
  const cases = useQuery({ queryKey: ['cases', 'review'], queryFn: ({ signal }) => listReviewCases(api, signal) });
  return (
    <>
      <PageTitle>{t('cases.review.title')}</PageTitle>
      <p className="kern-body">{t('cases.review.intro')}</p>
      <p className="kern-body">{t('kitOffice.reviews.linkIntro')} <Link className="kern-link" to="/pruefung/koffer">{t('kitOffice.reviews.link')}</Link></p>
      {!can('cases.review') && <p className="kern-body kern-body--muted">{t('cases.review.readOnly')}</p>}
      {cases.isPending && <Loader />}
      {cases.isError && <ApiErrorAlert error={cases.error} />}
      {cases.data && (cases.data.length === 0
        ? <p className="kern-body kern-body--muted">{t('cases.review.none')}</p>
        : <CaseTable caption={t('cases.review.title')} cases={cases.data} showReason />)}
    </>
  );
}
