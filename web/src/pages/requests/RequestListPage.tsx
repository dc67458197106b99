import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../api/index.ts';
import { listVisitRequests, requestChannels, requestStatuses, type RequestSummary } from '../../api/requests.ts';
import { useSession } from '../../app/session.tsx';
import { formatTimestamp } from '../../lib/dates.ts';
import { ApiErrorAlert } from '../../ui/ApiErrorAlert.tsx';
import { Badge } from '../../ui/Badge.tsx';
import { Button } from '../../ui/Button.tsx';
import { SelectField, TextField } from '../../ui/fields.tsx';
import { Loader } from '../../ui/Loader.tsx';
import { PageTitle } from '../../ui/PageTitle.tsx';
import { useRequestLabel } from './labels.ts';

const statusOrder: Record<string, number> = { draft: 0, open: 1, eligible: 2, denied: 3, planned: 4, confirmed: 5, done: 6, cancelled: 7, merged: 8 };

/** Mail drafts first (the inbox), then open, eligible …; newest first within a status. */
export function sortForDispatcher(requests: RequestSummary[]): RequestSummary[] {
  return [...requests].sort((a, b) => {
    const inboxA = a.status === 'draft' && a.channel === 'email' ? 0 : 1;
    const inboxB = b.status === 'draft' && b.channel === 'email' ? 0 : 1;
    if (inboxA !== inboxB) return inboxA - inboxB;
    const byStatus = (statusOrder[a.status] ?? 9) - (statusOrder[b.status] ?? 9);
    return byStatus !== 0 ? byStatus : b.createdAt.localeCompare(a.createdAt);
  });
}

interface Filter { status: string; channel: string; text: string }

export function RequestListPage() {
  const { t } = useTranslation();
  const label = useRequestLabel();
  const session = useSession();
  const canWrite = session.user.permissions.includes('requests.write');
  const [draft, setDraft] = useState<Filter>({ status: '', channel: '', text: '' });
  const [filter, setFilter] = useState<Filter>(draft);
  const list = useQuery({
    queryKey: ['visit-requests', filter],
    queryFn: ({ signal }) => listVisitRequests(api, { status: filter.status || undefined, channel: filter.channel || undefined, text: filter.text.trim() || undefined, limit: 200 }, signal),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setFilter(draft);
  };
  const rows = list.data ? sortForDispatcher(list.data.requests) : [];
  return (
    <>
      <PageTitle>{t('requests.title')}</PageTitle>
      {canWrite && (
        <div className="kern-btn-wrapper bk-actions">
          <Link className="kern-btn kern-btn--primary" to="/anfragen/neu">
            <span className="kern-icon kern-icon--add" aria-hidden="true" />
            <span className="kern-label">{t('requests.newPhone')}</span>
          </Link>
        </div>
      )}
      <form className="bk-form kern-stack" role="search" aria-label={t('requests.filter.title')} onSubmit={submit}>
        <SelectField
          label={t('requests.filter.status')} value={draft.status} onChange={(e) => setDraft({ ...draft, status: e.target.value })}
          options={[{ value: '', label: t('requests.filter.all') }, ...requestStatuses.map((s) => ({ value: s, label: label('status', s) }))]}
        />
        <SelectField
          label={t('requests.filter.channel')} value={draft.channel} onChange={(e) => setDraft({ ...draft, channel: e.target.value })}
          options={[{ value: '', label: t('requests.filter.all') }, ...requestChannels.map((c) => ({ value: c, label: label('channel', c) }))]}
        />
        <TextField label={t('requests.filter.text')} type="search" value={draft.text} onChange={(e) => setDraft({ ...draft, text: e.target.value })} />
        <div className="kern-btn-wrapper"><Button type="submit" variant="secondary" icon="search">{t('requests.filter.submit')}</Button></div>
      </form>
      {list.isPending && <Loader />}
      {list.isError && <ApiErrorAlert error={list.error} />}
      {list.data && (
        <>
          <p className="kern-body" role="status">{t('requests.list.total', { count: list.data.total })}</p>
          {rows.length > 0 && (
            <div className="kern-table-responsive" tabIndex={0} role="group" aria-label={t('requests.list.caption')}>
              <table className="kern-table kern-table--small">
                <caption className="kern-sr-only">{t('requests.list.caption')}</caption>
                <thead>
                  <tr className="kern-table__row">
                    <th scope="col" className="kern-table__header">{t('requests.columns.reference')}</th>
                    <th scope="col" className="kern-table__header">{t('requests.columns.subject')}</th>
                    <th scope="col" className="kern-table__header">{t('requests.columns.requester')}</th>
                    <th scope="col" className="kern-table__header">{t('requests.columns.channel')}</th>
                    <th scope="col" className="kern-table__header">{t('requests.columns.status')}</th>
                    <th scope="col" className="kern-table__header">{t('requests.columns.urgency')}</th>
                    <th scope="col" className="kern-table__header">{t('requests.columns.createdAt')}</th>
                  </tr>
                </thead>
                <tbody className="kern-table__body">
                  {rows.map((row) => (
                    <tr className="kern-table__row" key={row.id}>
                      <th scope="row" className="kern-table__header bk-mono"><Link className="kern-link" to={`/anfragen/${row.id}`}>{row.reference}</Link></th>
                      <td className="kern-table__cell">{row.subjectName}{row.subjectBirthDate && <><br /><span className="kern-body--small">{row.subjectBirthDate}</span></>}</td>
                      <td className="kern-table__cell">{row.requesterName}</td>
                      <td className="kern-table__cell">{label('channel', row.channel)}</td>
                      <td className="kern-table__cell">
                        <span className="bk-badges">
                          <Badge variant={row.status === 'draft' ? 'warning' : row.status === 'denied' ? 'danger' : 'info'}>{label('status', row.status)}</Badge>
                          {row.waitlisted && <Badge variant="warning">{t('requests.waitlisted')}</Badge>}
                        </span>
                      </td>
                      <td className="kern-table__cell">{label('urgency', row.urgency)}</td>
                      <td className="kern-table__cell">{formatTimestamp(row.createdAt)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {rows.length === 0 && <p className="kern-body">{t('requests.list.empty')}</p>}
        </>
      )}
    </>
  );
}
