import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../api/index.ts';
import { listCases } from '../../api/cases.ts';
import { useCan } from '../../app/session.tsx';
import { formatTimestamp } from '../../lib/dates.ts';
import { ApiErrorAlert } from '../../ui/ApiErrorAlert.tsx';
import { Badge } from '../../ui/Badge.tsx';
import { Loader } from '../../ui/Loader.tsx';
import { RecordTable } from '../../ui/RecordTable.tsx';
import { textIn } from './form-model.ts';
import { stateBadge } from './states.ts';

/** The person view's services: their cases and the start of a new one. */
export function PersonCases({ personId }: { personId: string }) {
  const { t, i18n } = useTranslation();
  const can = useCan();
  const cases = useQuery({ queryKey: ['cases', { personId }], queryFn: ({ signal }) => listCases(api, { personId }, signal), enabled: can('cases.read') });
  if (!can('cases.read')) return null;
  return (
    <section className="bk-section" aria-labelledby="person-cases">
      <h2 className="kern-heading-medium" id="person-cases">{t('cases.person.title')}</h2>
      {can('cases.write') && (
        <p className="kern-body">
          <Link className="kern-btn kern-btn--primary" to={`/vorgaenge/neu?person=${encodeURIComponent(personId)}`}>
            <span className="kern-icon kern-icon--add" aria-hidden="true" />
            <span className="kern-label">{t('cases.person.new')}</span>
          </Link>
        </p>
      )}
      {cases.isPending && <Loader small />}
      {cases.isError && <ApiErrorAlert error={cases.error} focus={false} />}
      {cases.data && cases.data.length === 0 && <p className="kern-body kern-body--muted">{t('cases.person.none')}</p>}
      {cases.data && cases.data.length > 0 && (
        <RecordTable
          caption={t('cases.person.title')}
          rows={cases.data}
          columns={[
            { header: t('cases.number'), cell: (c) => <Link className="kern-link bk-mono" to={`/vorgaenge/${c.id}`}>{c.number}</Link> },
            { header: t('cases.service'), cell: (c) => textIn(c.serviceName, i18n.language) },
            { header: t('cases.state'), cell: (c) => <Badge variant={stateBadge(c.state)}>{t(`cases.states.${c.state}`)}</Badge> },
            { header: t('cases.updatedAt'), cell: (c) => formatTimestamp(c.updatedAt) },
          ]}
        />
      )}
    </section>
  );
}
