import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { api } from '../../api/index.ts';
import { searchPersons, type SearchHit } from '../../api/register.ts';
import { useCodeLabel } from '../../i18n/loose.ts';
import { formatPartialDate, parsePartialDate } from '../../lib/dates.ts';
import { formatAddress, givenNameParts } from '../../lib/names.ts';
import { ApiErrorAlert } from '../../ui/ApiErrorAlert.tsx';
import { Badge } from '../../ui/Badge.tsx';
import { Button } from '../../ui/Button.tsx';
import { TextField } from '../../ui/fields.tsx';
import { Loader } from '../../ui/Loader.tsx';
import { PageTitle } from '../../ui/PageTitle.tsx';
import { formFromUrl, formToUrl, personPath, searchCriteria, type SearchBlocker, type SearchForm } from './criteria.ts';

const debounceMs = 250;
export const searchLimit = 50;

/**
 * Melderegister search, made for the keyboard: the name field has the focus, typing searches,
 * ↓ walks into the hits, Enter opens one, Esc comes back. The URL holds the search, so the
 * browser's back button returns to the same hits (from the cache: no second logged access).
 */
export function SearchPage() {
  const { t } = useTranslation();
  const [searchParams, setSearchParams] = useSearchParams();
  const [form, setForm] = useState<SearchForm>(() => formFromUrl(searchParams));
  const [showDateError, setShowDateError] = useState(false);
  const lastWritten = useRef(searchParams.toString());
  const nameRef = useRef<HTMLInputElement>(null);
  const resultsRef = useRef<HTMLTableSectionElement>(null);
  const [active, setActive] = useState(-1);
  const statusId = useId();

  // The URL changed from outside (nav link, back/forward within the page): follow it.
  const urlText = searchParams.toString();
  useEffect(() => {
    if (urlText === lastWritten.current) return;
    lastWritten.current = urlText;
    setForm(formFromUrl(new URLSearchParams(urlText)));
  }, [urlText]);

  const commit = (next: SearchForm) => {
    const params = formToUrl(next);
    const text = params.toString();
    if (text === lastWritten.current) return;
    lastWritten.current = text;
    setSearchParams(params, { replace: true });
  };

  // Typing searches, but not typing the purpose: each search is logged with its purpose, and a
  // half-typed Aktenzeichen would log a search per pause. The purpose counts from Enter or leaving the field.
  useEffect(() => {
    const purpose = formFromUrl(new URLSearchParams(lastWritten.current)).purpose;
    const timer = setTimeout(() => commit({ ...form, purpose }), debounceMs);
    return () => clearTimeout(timer);
    // commit only reads refs and the stable setter; the timer restarts on every change of the form.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [form]);

  useEffect(() => {
    nameRef.current?.focus();
  }, []);

  const committed = formFromUrl(searchParams);
  const criteria = searchCriteria(committed);
  const query = useQuery({
    queryKey: ['register', 'search', criteria.ok ? criteria.params : null],
    queryFn: ({ signal }) => searchPersons(api, { ...(criteria.ok ? criteria.params : {}), limit: searchLimit }, signal),
    enabled: criteria.ok,
    placeholderData: keepPreviousData,
  });
  const hits = criteria.ok ? (query.data ?? []) : [];

  // New hits: no row is active until the user walks into the list again.
  const [activeFor, setActiveFor] = useState(query.data);
  if (activeFor !== query.data) {
    setActiveFor(query.data);
    setActive(-1);
  }

  const update = (field: keyof SearchForm) => (event: { target: { value: string } }) => {
    const value = event.target.value;
    if (field === 'birthDate') setShowDateError(false);
    setForm((current) => ({ ...current, [field]: value }));
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setShowDateError(true);
    commit(form);
  };

  const rowLinks = () => Array.from(resultsRef.current?.querySelectorAll<HTMLAnchorElement>('a[data-hit]') ?? []);

  const focusRow = (index: number) => {
    const links = rowLinks();
    if (links.length === 0) return;
    const clamped = Math.max(0, Math.min(index, links.length - 1));
    setActive(clamped);
    links[clamped]?.focus();
  };

  const onFieldKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown' && hits.length > 0) {
      event.preventDefault();
      focusRow(0);
    }
  };

  const onResultsKeyDown = (event: KeyboardEvent<HTMLTableSectionElement>) => {
    const links = rowLinks();
    const current = links.findIndex((link) => link === document.activeElement);
    switch (event.key) {
      case 'ArrowDown':
        event.preventDefault();
        focusRow(current + 1);
        break;
      case 'ArrowUp':
        event.preventDefault();
        if (current <= 0) nameRef.current?.focus();
        else focusRow(current - 1);
        break;
      case 'Home':
        event.preventDefault();
        focusRow(0);
        break;
      case 'End':
        event.preventDefault();
        focusRow(links.length - 1);
        break;
      case 'Escape':
        event.preventDefault();
        setActive(-1);
        nameRef.current?.focus();
        break;
      default:
    }
  };

  const dateInvalid = form.birthDate.trim() !== '' && !parsePartialDate(form.birthDate).ok;
  const dateError = showDateError && dateInvalid ? t('search.errors.birthDate') : undefined;

  return (
    <>
      <PageTitle>{t('search.title')}</PageTitle>
      <form role="search" className="bk-search-form" noValidate onSubmit={onSubmit} aria-label={t('search.formLabel')}>
        <div className="bk-search-form__main">
          <TextField
            ref={nameRef}
            label={t('search.name')}
            hint={t('search.nameHint')}
            type="search"
            name="name"
            autoComplete="off"
            spellCheck={false}
            value={form.name}
            onChange={update('name')}
            onKeyDown={onFieldKeyDown}
            describedBy={statusId}
            className="bk-search-form__name"
          />
          <Button type="submit" icon="search" className="bk-search-form__submit">{t('search.submit')}</Button>
        </div>
        <div className="bk-search-form__more">
          <TextField
            label={t('search.birthDate')}
            hint={t('search.birthDateHint')}
            name="geburtsdatum"
            inputMode="numeric"
            autoComplete="off"
            optional
            value={form.birthDate}
            onChange={update('birthDate')}
            onBlur={() => setShowDateError(true)}
            onKeyDown={onFieldKeyDown}
            error={dateError}
          />
          <TextField
            label={t('search.address')}
            hint={t('search.addressHint')}
            name="anschrift"
            autoComplete="off"
            optional
            value={form.address}
            onChange={update('address')}
            onKeyDown={onFieldKeyDown}
          />
          <TextField
            label={t('search.purpose')}
            hint={t('search.purposeHint')}
            name="zweck"
            autoComplete="off"
            optional
            value={form.purpose}
            onChange={update('purpose')}
            onBlur={() => commit(form)}
            onKeyDown={onFieldKeyDown}
          />
        </div>
      </form>

      <section className="bk-results" aria-labelledby={`${statusId}-heading`}>
        <h2 className="kern-heading-medium" id={`${statusId}-heading`}>{t('search.resultsTitle')}</h2>
        <p className="kern-body bk-results__status" id={statusId} role="status" aria-live="polite" aria-atomic="true">
          <ResultStatus criteriaOk={criteria.ok} reason={criteria.ok ? null : criteria.reason} loading={query.isFetching} count={query.data?.length} failed={query.isError} />
        </p>
        {query.isError && <ApiErrorAlert error={query.error} focus={false} />}
        {query.isFetching && hits.length === 0 && <Loader small label={t('search.searching')} />}
        {hits.length > 0 && (
          <>
            <p className="kern-body kern-body--small bk-results__help">{t('search.keyboardHelp')}</p>
            <div className="kern-table-responsive">
              <table className="kern-table kern-table--small bk-results__table" aria-describedby={statusId} aria-busy={query.isFetching || undefined}>
                <caption className="kern-sr-only">{t('search.tableCaption')}</caption>
                <thead>
                  <tr className="kern-table__row">
                    <th scope="col" className="kern-table__header">{t('search.columns.name')}</th>
                    <th scope="col" className="kern-table__header">{t('search.columns.birthDate')}</th>
                    <th scope="col" className="kern-table__header">{t('search.columns.address')}</th>
                    <th scope="col" className="kern-table__header">{t('search.columns.notes')}</th>
                  </tr>
                </thead>
                <tbody className="kern-table__body" ref={resultsRef} onKeyDown={onResultsKeyDown}>
                  {hits.map((hit, index) => (
                    <HitRow
                      key={hit.personId}
                      hit={hit}
                      purpose={form.purpose}
                      active={index === active}
                      tabbable={active === -1 ? index === 0 : index === active}
                      onFocus={() => setActive(index)}
                    />
                  ))}
                </tbody>
              </table>
            </div>
            {hits.length >= searchLimit && <p className="kern-body kern-body--small">{t('search.limitReached', { limit: searchLimit })}</p>}
          </>
        )}
      </section>
    </>
  );
}

function ResultStatus({ criteriaOk, reason, loading, count, failed }: {
  criteriaOk: boolean; reason: SearchBlocker | null; loading: boolean; count: number | undefined; failed: boolean;
}) {
  const { t } = useTranslation();
  if (!criteriaOk) {
    if (reason === 'birthDate') return <>{t('search.status.birthDateInvalid')}</>;
    if (reason === 'address') return <>{t('search.status.addressShort')}</>;
    return <>{t('search.status.idle')}</>;
  }
  if (loading) return <>{t('search.searching')}</>;
  if (failed) return <>{t('search.status.failed')}</>;
  if (count === undefined) return null;
  return <>{t('search.status.hits', { count })}</>;
}

function HitRow({ hit, purpose, active, tabbable, onFocus }: {
  hit: SearchHit; purpose: string; active: boolean; tabbable: boolean; onFocus: () => void;
}) {
  const { t } = useTranslation();
  const codeLabel = useCodeLabel();
  const navigate = useNavigate();
  const path = personPath(hit.personId, purpose);
  return (
    <tr
      className={['kern-table__row', 'bk-hit', active && 'bk-hit--active', hit.blocked && 'bk-hit--blocked'].filter(Boolean).join(' ')}
      onClick={(event) => {
        // The whole row opens the person for mouse users; the link inside serves keyboard and screen readers.
        if (!(event.target instanceof HTMLElement) || !event.target.closest('a')) navigate(path);
      }}
    >
      <th scope="row" className="kern-table__header bk-hit__name">
        <Link to={path} className="kern-link bk-hit__link" data-hit="" tabIndex={tabbable ? 0 : -1} onFocus={onFocus}>
          <PersonName hit={hit} />
        </Link>
      </th>
      <td className="kern-table__cell">{formatPartialDate(hit.birthDate)}</td>
      <td className="kern-table__cell">{hit.address ? formatAddress(hit.address) : <span className="kern-body--muted">{t('search.noAddress')}</span>}</td>
      <td className="kern-table__cell bk-hit__notes">
        {hit.blocked && (
          <Badge variant="danger" icon="warning">
            {t('search.blocked')}
            <span className="bk-badge-detail">: {hit.blocked.kinds.map((kind) => codeLabel('blockKind', kind)).join(', ')}</span>
          </Badge>
        )}
        {hit.dateOfDeath && <Badge variant="info">{t('search.deceased', { date: formatPartialDate(hit.dateOfDeath) })}</Badge>}
      </td>
    </tr>
  );
}

/** Family name first, then the given names with the gebräuchlicher Vorname underlined. */
export function PersonName({ hit }: { hit: Pick<SearchHit, 'familyName' | 'givenNames' | 'preferredGivenName' | 'doctoralDegree'> }) {
  const { t } = useTranslation();
  const parts = givenNameParts(hit.givenNames, hit.preferredGivenName);
  return (
    <>
      <span className="bk-family-name">{hit.familyName}</span>
      {(hit.doctoralDegree || parts.length > 0) && ', '}
      {hit.doctoralDegree && <>{hit.doctoralDegree} </>}
      {parts.map((part, index) => (
        <span key={index}>
          {index > 0 && ' '}
          {part.preferred
            ? <><span className="bk-preferred-name">{part.name}</span><span className="kern-sr-only"> ({t('person.preferredShort')})</span></>
            : part.name}
        </span>
      ))}
    </>
  );
}
