import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/index.ts';
import { searchPersons, type SearchHit } from '../../api/register.ts';
import { formatPartialDate } from '../../lib/dates.ts';
import { formatAddress } from '../../lib/names.ts';
import { Button } from '../../ui/Button.tsx';
import { PersonName } from '../search/SearchPage.tsx';

const debounceMs = 400;
const candidateLimit = 5;

/** Name and birth date as the dispatcher typed them → the register search's parameters, or null while too little is typed. */
export function intakeSearchParams(subject: { familyName: string; givenNames: string; birthDate: string }): { name: string; birthDate?: string } | null {
  const family = subject.familyName.trim();
  const given = subject.givenNames.trim();
  if (family.length < 2) return null;
  const name = given ? `${given} ${family}` : family;
  const birthDate = subject.birthDate.trim();
  return /^\d{4}(-\d{2}(-\d{2})?)?$/.test(birthDate) ? { name, birthDate } : { name };
}

interface IntakeMatchProps {
  subject: { familyName: string; givenNames: string; birthDate: string };
  chosen: SearchHit | null;
  onChoose: (hit: SearchHit | null) => void;
  /** Copies the chosen person's Hauptwohnung into the visit's address. */
  onUseAddress: (hit: SearchHit) => void;
}

/**
 * The register's candidates for the person named on the phone, while the dispatcher types. Each
 * search is an access to register data and logged with the purpose "Telefonische Anfrage"; the
 * debounce keeps that to one search per pause, not one per keystroke.
 */
export function IntakeMatch({ subject, chosen, onChoose, onUseAddress }: IntakeMatchProps) {
  const { t } = useTranslation();
  const wanted = intakeSearchParams(subject);
  const key = wanted ? JSON.stringify(wanted) : null;
  const [settled, setSettled] = useState<string | null>(null);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(key), debounceMs);
    return () => clearTimeout(timer);
  }, [key]);
  const params = settled ? (JSON.parse(settled) as { name: string; birthDate?: string }) : null;
  const query = useQuery({
    queryKey: ['register', 'intake-match', settled],
    queryFn: ({ signal }) => searchPersons(api, { ...params!, limit: candidateLimit, purpose: t('requests.match.purpose') }, signal),
    enabled: !!params && !chosen,
  });

  if (chosen) {
    return (
      <div className="kern-stack bk-intake-match" aria-live="polite">
        <p className="kern-body">
          {t('requests.match.chosen')}{' '}
          <strong><PersonName hit={chosen} /></strong>
          {chosen.birthDate && <>, {t('requests.match.born', { date: formatPartialDate(chosen.birthDate) })}</>}
          {chosen.address && <>, {formatAddress(chosen.address)}</>}
        </p>
        <div className="bk-actions">
          {chosen.address && <Button variant="secondary" icon="home" onClick={() => onUseAddress(chosen)}>{t('requests.match.useAddress')}</Button>}
          <Button variant="tertiary" icon="close" onClick={() => onChoose(null)}>{t('requests.match.unchoose')}</Button>
        </div>
      </div>
    );
  }
  const hits = query.data ?? [];
  return (
    <div className="kern-stack bk-intake-match">
      <p className="kern-hint">{t('requests.match.hint')}</p>
      <div aria-live="polite">
        {!params ? null : query.isFetching && hits.length === 0 ? (
          <p className="kern-body">{t('requests.match.searching')}</p>
        ) : query.isError ? (
          <p className="kern-body">{t('requests.match.failed')}</p>
        ) : hits.length === 0 && query.isSuccess ? (
          <p className="kern-body">{t('requests.match.none')}</p>
        ) : hits.length > 0 ? (
          <>
            <p className="kern-body">{t('requests.match.found', { count: hits.length })}</p>
            <ul className="bk-candidates">
              {hits.map((hit) => (
                <li key={hit.personId} className="bk-candidates__item">
                  <span>
                    <strong><PersonName hit={hit} /></strong>
                    {hit.birthDate && <>, {t('requests.match.born', { date: formatPartialDate(hit.birthDate) })}</>}
                    {hit.address && <>, {formatAddress(hit.address)}</>}
                    {hit.dateOfDeath && <> – {t('requests.match.died', { date: formatPartialDate(hit.dateOfDeath) })}</>}
                    {hit.blocked && <> – {t('requests.match.blocked')}</>}
                  </span>
                  <Button variant="secondary" onClick={() => onChoose(hit)} disabled={!!hit.dateOfDeath}>
                    {t('requests.match.choose')}<span className="kern-sr-only">: {hit.givenNames.join(' ')} {hit.familyName}</span>
                  </Button>
                </li>
              ))}
            </ul>
          </>
        ) : null}
      </div>
    </div>
  );
}
