import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { api } from '../../api/index.ts';
import { cancelMessage, listOutbox, retryMessage, type OutboxMessage } from '../../api/outbox.ts';
import { useCan } from '../../app/session.tsx';
import { formatPartialDate, formatTimestamp } from '../../lib/dates.ts';
import { ApiErrorAlert } from '../../ui/ApiErrorAlert.tsx';
import { Badge } from '../../ui/Badge.tsx';
import { Button } from '../../ui/Button.tsx';
import { SelectField } from '../../ui/fields.tsx';
import { Loader } from '../../ui/Loader.tsx';
import { PageTitle } from '../../ui/PageTitle.tsx';
import { RecordTable } from '../../ui/RecordTable.tsx';

const statuses = ['pending', 'sending', 'delivered', 'failed', 'rejected', 'cancelled'] as const;

function statusBadge(status: string): 'info' | 'success' | 'warning' | 'danger' {
  if (status === 'delivered') return 'success';
  if (status === 'failed' || status === 'rejected') return 'danger';
  if (status === 'cancelled') return 'warning';
  return 'info';
}

/** The clerk's view of outgoing messages: what went out, what waits, what failed and why. */
export function OutboxPage() {
  const { t } = useTranslation();
  const can = useCan();
  const queryClient = useQueryClient();
  const [params, setParams] = useSearchParams();
  const status = params.get('status') ?? '';
  const [error, setError] = useState<unknown>(null);
  const messages = useQuery({
    queryKey: ['outbox', { status }],
    queryFn: ({ signal }) => listOutbox(api, status ? { status } : {}, signal),
    refetchInterval: 10_000,
  });
  const act = useMutation({
    mutationFn: (work: () => Promise<unknown>) => work(),
    onSuccess: () => { setError(null); void queryClient.invalidateQueries({ queryKey: ['outbox'] }); },
    onError: setError,
  });
  const manage = can('outbox.manage');
  return (
    <>
      <PageTitle>{t('outbox.title')}</PageTitle>
      <p className="kern-body">{t('outbox.intro')}</p>
      <SelectField
        id="outbox-status"
        label={t('outbox.filter')}
        value={status}
        options={[{ value: '', label: t('outbox.all') }, ...statuses.map((s) => ({ value: s, label: t(`outbox.statuses.${s}`) }))]}
        onChange={(event) => setParams(event.target.value ? { status: event.target.value } : {})}
      />
      {error !== null && <ApiErrorAlert error={error} />}
      {messages.isPending && <Loader />}
      {messages.isError && <ApiErrorAlert error={messages.error} />}
      {messages.data && messages.data.length === 0 && <p className="kern-body kern-body--muted">{t('outbox.none')}</p>}
      {messages.data && messages.data.length > 0 && (
        <RecordTable<OutboxMessage>
          caption={t('outbox.title')}
          rows={messages.data}
          columns={[
            { header: t('outbox.kind'), cell: (m) => t(`outbox.kinds.${m.kind}`, { defaultValue: m.kind }) },
            { header: t('outbox.recipient'), cell: (m) => m.recipientName },
            { header: t('outbox.case'), cell: (m) => (m.caseId ? <Link className="kern-link bk-mono" to={`/vorgaenge/${m.caseId}`}>{m.caseNumber ?? t('outbox.openCase')}</Link> : '–') },
            { header: t('outbox.status'), cell: (m) => <Badge variant={statusBadge(m.status)}>{t(`outbox.statuses.${m.status}`, { defaultValue: m.status })}</Badge> },
            { header: t('outbox.dueBy'), cell: (m) => (m.dueBy ? <>{formatPartialDate(m.dueBy)}{m.overdue && <> <Badge variant="danger">{t('outbox.overdue')}</Badge></>}</> : '–') },
            { header: t('outbox.attempts'), cell: (m) => String(m.attempts) },
            { header: t('outbox.lastError'), cell: (m) => m.lastError ?? '' },
            { header: t('outbox.createdAt'), cell: (m) => formatTimestamp(m.createdAt) },
            ...(manage ? [{
              header: t('outbox.actions'),
              cell: (m: OutboxMessage) => (
                <div className="kern-btn-wrapper">
                  {(m.status === 'failed' || m.status === 'rejected') && <Button variant="secondary" icon="refresh" busy={act.isPending} onClick={() => act.mutate(() => retryMessage(api, m.id))}>{t('outbox.retry')}</Button>}
                  {(m.status === 'pending' || m.status === 'failed' || m.status === 'rejected') && (
                    <Button variant="tertiary" icon="close" busy={act.isPending} onClick={() => {
                      const reason = window.prompt(t('outbox.cancelReason'));
                      if (reason?.trim()) act.mutate(() => cancelMessage(api, m.id, reason.trim()));
                    }}>{t('outbox.cancel')}</Button>
                  )}
                </div>
              ),
            }] : []),
          ]}
        />
      )}
    </>
  );
}
