import { useMutation, useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { api } from '../../api/index.ts';
import { getRetention, listAuditEntries, verifyAuditChain, type AuditEntry, type ChainVerification } from '../../api/audit.ts';
import { useCan } from '../../app/session.tsx';
import { useCodeLabel } from '../../i18n/loose.ts';
import { codeLists } from '../../lib/codes.ts';
import { formatTimestamp } from '../../lib/dates.ts';
import { Alert } from '../../ui/Alert.tsx';
import { ApiErrorAlert } from '../../ui/ApiErrorAlert.tsx';
import { Button } from '../../ui/Button.tsx';
import { DescriptionList } from '../../ui/DescriptionList.tsx';
import { SelectField, TextField } from '../../ui/fields.tsx';
import { Loader } from '../../ui/Loader.tsx';
import { PageTitle } from '../../ui/PageTitle.tsx';
import { detailText } from './details.ts';
import {
  auditFilterFromUrl, auditFilterIssues, auditFilterToUrl, auditQuery, pageCount, type AuditFilterForm, type AuditFilterIssue,
} from './filter.ts';

/** The access log of BMG § 40 for the Datenschutz: entries, chain check, retention. */
export function AuditPage() {
  const { t } = useTranslation();
  const can = useCan();
  return (
    <>
      <PageTitle>{t('audit.title')}</PageTitle>
      <p className="kern-body">{t('audit.intro')}</p>
      {can('audit.verify') && <ChainCheck />}
      {can('audit.read') && <RetentionPanel />}
      {can('audit.read') && <Entries />}
    </>
  );
}

function ChainCheck() {
  const { t } = useTranslation();
  const check = useMutation({ mutationFn: () => verifyAuditChain(api) });
  return (
    <section className="bk-section" aria-labelledby="kette">
      <h2 className="kern-heading-medium" id="kette">{t('audit.chain.title')}</h2>
      <p className="kern-body">{t('audit.chain.intro')}</p>
      <div className="kern-btn-wrapper">
        <Button variant="secondary" icon="checklist" busy={check.isPending} onClick={() => check.mutate()}>{t('audit.chain.verify')}</Button>
      </div>
      {check.isPending && <Loader small label={t('audit.chain.running')} />}
      {check.isError && <ApiErrorAlert error={check.error} />}
      {check.data && <ChainResult result={check.data} />}
    </section>
  );
}

function ChainResult({ result }: { result: ChainVerification }) {
  const { t } = useTranslation();
  const range = result.checked > 0 ? t('audit.chain.range', { from: result.fromSeq, to: result.toSeq }) : '';
  if (result.ok) {
    return (
      <Alert variant="success" role="alert" focusOnShow title={t('audit.chain.ok')}>
        <p className="kern-body">{t('audit.chain.okText', { count: result.checked, range })}</p>
      </Alert>
    );
  }
  return (
    <Alert variant="danger" role="alert" focusOnShow title={t('audit.chain.broken')}>
      <p className="kern-body">{t('audit.chain.brokenText', { count: result.checked, range })}</p>
      <ul className="kern-list kern-list--bullet">
        {result.problems.map((problem, index) => (
          <li key={index} className="kern-body">
            {t('audit.chain.problem', { seq: problem.seq, kind: t(`audit.chain.kinds.${problem.kind}`) })} <span lang="en">{problem.message}</span>
          </li>
        ))}
      </ul>
      {result.problemsOmitted > 0 && <p className="kern-body">{t('audit.chain.omitted', { count: result.problemsOmitted })}</p>}
    </Alert>
  );
}

function RetentionPanel() {
  const { t } = useTranslation();
  const retention = useQuery({ queryKey: ['audit', 'retention'], queryFn: ({ signal }) => getRetention(api, signal) });
  return (
    <section className="bk-section" aria-labelledby="aufbewahrung">
      <h2 className="kern-heading-medium" id="aufbewahrung">{t('audit.retention.title')}</h2>
      <p className="kern-body">{t('audit.retention.intro')}</p>
      {retention.isPending && <Loader small />}
      {retention.isError && <ApiErrorAlert error={retention.error} focus={false} />}
      {retention.data && (
        <DescriptionList items={[
          {
            key: 'oldest', label: t('audit.retention.oldest'),
            value: retention.data.oldestEntry
              ? t('audit.retention.entryAt', { seq: retention.data.oldestEntry.seq, at: formatTimestamp(retention.data.oldestEntry.at) })
              : t('audit.retention.none'),
          },
          { key: 'cutoff', label: t('audit.retention.cutoff'), value: t('audit.retention.cutoffText', { at: formatTimestamp(retention.data.cutoff) }) },
          {
            key: 'due', label: t('audit.retention.due'),
            value: retention.data.due.count > 0
              ? t('audit.retention.dueText', { count: retention.data.due.count, from: retention.data.due.fromSeq, to: retention.data.due.toSeq })
              : t('audit.retention.noneDue'),
          },
          {
            key: 'lastRun', label: t('audit.retention.lastRun'),
            value: retention.data.lastRun
              ? t('audit.retention.lastRunText', { at: formatTimestamp(retention.data.lastRun.at), count: retention.data.lastRun.deleted, actor: retention.data.lastRun.actorName })
              : t('audit.retention.never'),
          },
        ]} />
      )}
    </section>
  );
}

function Entries() {
  const { t } = useTranslation();
  const codeLabel = useCodeLabel();
  const [searchParams, setSearchParams] = useSearchParams();
  const { form: applied, page } = auditFilterFromUrl(searchParams);
  const [form, setForm] = useState<AuditFilterForm>(applied);
  const [showIssues, setShowIssues] = useState(false);
  const appliedText = auditFilterToUrl(applied).toString();

  // Back/forward or a filter link (a person id in the table) changes the URL: the form follows.
  const [formFor, setFormFor] = useState(appliedText);
  if (formFor !== appliedText) {
    setFormFor(appliedText);
    setForm(applied);
  }

  const query = auditQuery(applied, page);
  const entries = useQuery({
    queryKey: ['audit', 'entries', query],
    queryFn: ({ signal }) => listAuditEntries(api, query ?? {}, signal),
    enabled: query !== null,
  });

  const issues = auditFilterIssues(form);
  const issue = (field: AuditFilterIssue) => (showIssues && issues.includes(field) ? t(`audit.filter.errors.${field}`) : undefined);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setShowIssues(true);
    if (issues.length > 0) {
      const first = document.querySelector<HTMLElement>('.bk-audit-filter [aria-invalid="true"]');
      first?.focus();
      return;
    }
    setSearchParams(auditFilterToUrl(form));
  };

  const update = (field: keyof AuditFilterForm) => (event: { target: { value: string } }) =>
    setForm((current) => ({ ...current, [field]: event.target.value }));

  const goTo = (next: number) => setSearchParams(auditFilterToUrl(applied, next));
  const pages = entries.data ? pageCount(entries.data.total, entries.data.pageSize) : 1;
  const actionOptions = [
    { value: '', label: t('audit.filter.allActions') },
    ...codeLists.auditAction.map((action) => ({ value: action, label: codeLabel('auditAction', action) })),
    { value: 'register.*', label: t('audit.filter.allRegister') },
  ];

  return (
    <section className="bk-section" aria-labelledby="eintraege">
      <h2 className="kern-heading-medium" id="eintraege">{t('audit.entries.title')}</h2>
      <form className="bk-audit-filter" noValidate onSubmit={onSubmit} aria-label={t('audit.filter.label')}>
        <div className="bk-filter-grid">
          <TextField
            label={t('audit.filter.from')} hint={t('audit.filter.dateHint')} optional inputMode="numeric" autoComplete="off"
            value={form.from} onChange={update('from')} error={issue('from') ?? issue('range')}
          />
          <TextField
            label={t('audit.filter.to')} hint={t('audit.filter.dateHint')} optional inputMode="numeric" autoComplete="off"
            value={form.to} onChange={update('to')} error={issue('to')}
          />
          <TextField label={t('audit.filter.actor')} hint={t('audit.filter.actorHint')} optional autoComplete="off" value={form.actor} onChange={update('actor')} />
          <SelectField label={t('audit.filter.action')} optional value={form.action} onChange={update('action')} options={actionOptions} />
          <TextField
            label={t('audit.filter.personId')} hint={t('audit.filter.personIdHint')} optional autoComplete="off" spellCheck={false}
            value={form.personId} onChange={update('personId')} error={issue('personId')}
          />
        </div>
        <div className="kern-btn-wrapper">
          <Button type="submit" icon="search">{t('audit.filter.apply')}</Button>
          <Button variant="tertiary" onClick={() => { setShowIssues(false); setSearchParams(new URLSearchParams()); }}>{t('audit.filter.reset')}</Button>
        </div>
      </form>

      <p className="kern-body bk-results__status" role="status" aria-live="polite">
        {entries.isFetching ? t('audit.entries.loading') : entries.data ? t('audit.entries.count', { count: entries.data.total }) : ''}
      </p>
      {entries.isError && <ApiErrorAlert error={entries.error} />}
      {entries.isPending && entries.isFetching && <Loader small />}
      {entries.data && entries.data.entries.length > 0 && (
        <>
          <div className="kern-table-responsive" tabIndex={0} role="group" aria-label={t('audit.entries.tableCaption')}>
            <table className="kern-table kern-table--small kern-table--striped bk-audit-table">
              <caption className="kern-sr-only">{t('audit.entries.tableCaption')}</caption>
              <thead>
                <tr className="kern-table__row">
                  <th scope="col" className="kern-table__header kern-table__header--numeric">{t('audit.columns.seq')}</th>
                  <th scope="col" className="kern-table__header">{t('audit.columns.at')}</th>
                  <th scope="col" className="kern-table__header">{t('audit.columns.actor')}</th>
                  <th scope="col" className="kern-table__header">{t('audit.columns.action')}</th>
                  <th scope="col" className="kern-table__header">{t('audit.columns.categories')}</th>
                  <th scope="col" className="kern-table__header kern-table__header--numeric">{t('audit.columns.hits')}</th>
                  <th scope="col" className="kern-table__header">{t('audit.columns.purpose')}</th>
                  <th scope="col" className="kern-table__header">{t('audit.columns.details')}</th>
                </tr>
              </thead>
              <tbody className="kern-table__body">
                {entries.data.entries.map((entry) => <EntryRow key={entry.seq} entry={entry} />)}
              </tbody>
            </table>
          </div>
          <nav className="bk-pager" aria-label={t('audit.pager.label')}>
            <Button variant="secondary" icon="chevron-left" disabled={page <= 1} onClick={() => goTo(page - 1)}>{t('audit.pager.previous')}</Button>
            <span className="kern-body" aria-current="page">{t('audit.pager.position', { page, pages })}</span>
            <Button variant="secondary" disabled={page >= pages} onClick={() => goTo(page + 1)}>{t('audit.pager.next')}</Button>
          </nav>
        </>
      )}
      {entries.data && entries.data.entries.length === 0 && <p className="kern-body">{t('audit.entries.none')}</p>}
    </section>
  );
}

function EntryRow({ entry }: { entry: AuditEntry }) {
  const { t } = useTranslation();
  const codeLabel = useCodeLabel();
  const [searchParams] = useSearchParams();
  const details = Object.entries(entry.details).filter(([, value]) => value !== null && value !== undefined && value !== '');
  const personFilter = (personId: string) => {
    const next = auditFilterFromUrl(searchParams).form;
    return `/protokoll?${auditFilterToUrl({ ...next, personId })}`;
  };
  return (
    <tr className="kern-table__row">
      <td className="kern-table__cell kern-table__cell--numeric">{entry.seq}</td>
      <td className="kern-table__cell bk-nowrap">{formatTimestamp(entry.at)}</td>
      <td className="kern-table__cell">
        {entry.actorName}
        <br /><span className="kern-body--small">{entry.actorRoles.map((role) => codeLabel('role', role)).join(', ')}</span>
      </td>
      <td className="kern-table__cell">{codeLabel('auditAction', entry.action)}</td>
      <td className="kern-table__cell">{entry.dataCategories.map((category) => codeLabel('dataCategory', category)).join(', ')}</td>
      <td className="kern-table__cell kern-table__cell--numeric">{entry.hitCount}</td>
      <td className="kern-table__cell">{entry.purpose ?? <span className="kern-body--muted">{t('audit.noPurpose')}</span>}</td>
      <td className="kern-table__cell">
        {(details.length > 0 || entry.personIds.length > 0) && (
          <details className="bk-details">
            <summary>{t('audit.showDetails')}<span className="kern-sr-only"> {t('audit.ofEntry', { seq: entry.seq })}</span></summary>
            <dl className="bk-details__list">
              {details.map(([key, value]) => (
                <div key={key}>
                  <dt>{codeLabel('auditDetail', key)}</dt>
                  <dd>{detailText(value, t('common.yes'), t('common.no'))}</dd>
                </div>
              ))}
              {entry.personIds.length > 0 && (
                <div>
                  <dt>{t('audit.persons', { count: entry.personIds.length })}</dt>
                  <dd>
                    <ul className="bk-id-list">
                      {entry.personIds.map((id) => (
                        <li key={id}>
                          <Link className="kern-link kern-link--small bk-mono" to={personFilter(id)} aria-label={t('audit.filterByPerson', { id })}>{id}</Link>
                        </li>
                      ))}
                    </ul>
                  </dd>
                </div>
              )}
            </dl>
          </details>
        )}
      </td>
    </tr>
  );
}
