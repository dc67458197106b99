import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../api/index.ts';
import { getPerson, type Address, type SearchHit } from '../../api/register.ts';
import { getMatchCandidates, matchVisitRequest, type RequestView } from '../../api/requests.ts';
import { useSession } from '../../app/session.tsx';
import { formatPartialDate } from '../../lib/dates.ts';
import { formatAddress, fullName } from '../../lib/names.ts';
import { Alert } from '../../ui/Alert.tsx';
import { ApiErrorAlert } from '../../ui/ApiErrorAlert.tsx';
import { Button } from '../../ui/Button.tsx';
import { Loader } from '../../ui/Loader.tsx';
import { PersonName } from '../search/SearchPage.tsx';

/** Statuses in which the server lets the subject be matched (src/requests/request-store.ts activeStatuses). */
const matchableStatuses = ['draft', 'open', 'eligible', 'planned', 'confirmed'];
const candidateLimit = 10;

/** The same purpose the server logs for the match (src/requests/match-subject.ts), so the access log reads as one case. */
const purposeOf = (reference: string) => `Hausbesuch ${reference}`;

/** What the section shows of the matched person: from the hit chosen here, or read from the register on request. */
interface MatchedPerson {
  personId: string;
  name: Pick<SearchHit, 'familyName' | 'givenNames' | 'preferredGivenName' | 'doctoralDegree'>;
  birthDate: string | null;
  mainResidence: Address | null;
}

const fromHit = (hit: SearchHit): MatchedPerson => ({ personId: hit.personId, name: hit, birthDate: hit.birthDate, mainResidence: hit.address });

/**
 * Matching the request's subject to the Melderegister. The request view holds only the person's
 * id; the register data is shown from the candidate chosen here, or read (and logged) when the
 * dispatcher asks for it — not on every look at the request.
 */
export function RegisterMatch({ view, onChanged }: { view: RequestView; onChanged: (next: RequestView) => void }) {
  const { t } = useTranslation();
  const { permissions } = useSession().user;
  const canWrite = permissions.includes('requests.write') && matchableStatuses.includes(view.status);
  const canSearch = canWrite && permissions.includes('register.search');
  const canRead = permissions.includes('register.read');
  const [chosen, setChosen] = useState<MatchedPerson | null>(null);
  const [searched, setSearched] = useState(false);
  // The outcome of the last match, shown while the request is still at the version it produced.
  const [done, setDone] = useState<{ text: string; version: number } | null>(null);
  const [showPerson, setShowPerson] = useState(false);
  const [attempt, setAttempt] = useState(0);
  const queryClient = useQueryClient();
  const matchedLine = useRef<HTMLParagraphElement>(null);
  const purpose = purposeOf(view.reference);

  const candidates = useQuery({
    // Not under 'visit-requests': refreshing the request must not search the register again (each search is logged).
    queryKey: ['register', 'request-match', view.id],
    queryFn: ({ signal }) => getMatchCandidates(api, view.id, candidateLimit, signal),
    enabled: searched && canSearch && !view.personId,
  });
  const person = useQuery({
    queryKey: ['register', 'person', view.personId, purpose],
    queryFn: ({ signal }) => getPerson(api, view.personId!, purpose, signal),
    enabled: showPerson && canRead && !!view.personId && chosen?.personId !== view.personId,
  });
  const mutation = useMutation({
    mutationFn: (hit: SearchHit | null) => matchVisitRequest(api, view.id, { personId: hit?.personId ?? null, version: view.version }),
    onSuccess: (next, hit) => {
      setChosen(hit ? fromHit(hit) : null);
      setShowPerson(false);
      setDone({ text: hit ? t('requests.registerMatch.matchedDone', { name: fullName(hit) }) : t('requests.registerMatch.unmatchedDone'), version: next.version });
      if (!hit) { setSearched(false); queryClient.removeQueries({ queryKey: ['register', 'request-match', view.id] }); }
      onChanged(next);
    },
    onError: () => { setDone(null); setAttempt((n) => n + 1); },
  });

  // The button that asked for the register data goes away; the keyboard focus moves to what it brought.
  useEffect(() => { if (showPerson && person.data) matchedLine.current?.focus(); }, [showPerson, person.data]);

  let matched: MatchedPerson | null = null;
  if (view.personId && chosen?.personId === view.personId) matched = chosen;
  else if (view.personId && person.data) {
    const p = person.data;
    matched = {
      personId: p.id,
      name: {
        familyName: p.names.familyName, givenNames: p.names.givenNames.map((g) => g.name),
        preferredGivenName: p.names.givenNames.find((g) => g.preferred)?.name ?? null, doctoralDegree: p.names.doctoralDegree,
      },
      birthDate: p.birth.date,
      mainResidence: p.residences.current.find((r) => r.kind === 'haupt')?.address ?? null,
    };
  }

  return (
    <section className="bk-section" aria-labelledby="melderegister">
      <h2 className="kern-heading-medium" id="melderegister">{t('requests.registerMatch.title')}</h2>
      <p className="kern-hint">{t('requests.registerMatch.hint')}</p>
      {permissions.includes('requests.write') && !matchableStatuses.includes(view.status) && <p className="kern-body">{t('requests.registerMatch.notEditable')}</p>}
      {mutation.isError && <ApiErrorAlert key={attempt} error={mutation.error} />}
      {done?.version === view.version && !mutation.isError && <Alert variant="success" role="status" focusOnShow headingLevel={3} title={done.text} />}
      {view.personId ? (
        <div className="kern-stack">
          {matched ? (
            <p className="kern-body" ref={matchedLine} tabIndex={-1}>
              {t('requests.registerMatch.matched')}{' '}
              <strong><PersonName hit={matched.name} /></strong>
              {matched.birthDate && <>, {t('requests.match.born', { date: formatPartialDate(matched.birthDate) })}</>}
              {matched.mainResidence && <><br />{t('requests.registerMatch.mainResidence', { address: formatAddress(matched.mainResidence) })}</>}
            </p>
          ) : (
            <p className="kern-body">{t('requests.registerMatch.matchedId')}</p>
          )}
          {person.isPending && person.fetchStatus === 'fetching' && <Loader small />}
          {person.isError && <ApiErrorAlert error={person.error} focus={false} />}
          <div className="bk-actions kern-btn-wrapper">
            {!matched && canRead && !showPerson && (
              <Button variant="secondary" icon="visibility" onClick={() => setShowPerson(true)}>{t('requests.registerMatch.showPerson')}</Button>
            )}
            {canWrite && (
              <Button variant="tertiary" icon="close" busy={mutation.isPending} onClick={() => mutation.mutate(null)}>{t('requests.registerMatch.unmatch')}</Button>
            )}
          </div>
          {canRead && (
            <p className="kern-body">
              <Link className="kern-link" to={`/personen/${encodeURIComponent(view.personId)}?${new URLSearchParams({ zweck: purpose })}`}>{t('requests.registerMatch.openPerson')}</Link>
            </p>
          )}
        </div>
      ) : (
        <div className="kern-stack">
          <p className="kern-body">{t('requests.registerMatch.unmatched')}</p>
          {canSearch && (
            <div className="bk-actions kern-btn-wrapper">
              <Button variant="secondary" icon="search" busy={candidates.isFetching}
                onClick={() => { setDone(null); if (searched) void candidates.refetch(); else setSearched(true); }}>
                {searched ? t('requests.registerMatch.searchAgain') : t('requests.registerMatch.search')}
              </Button>
            </div>
          )}
          {searched && <Candidates query={candidates} busy={mutation.isPending} onChoose={(hit) => mutation.mutate(hit)} />}
        </div>
      )}
    </section>
  );
}

function Candidates({ query, busy, onChoose }: {
  query: { data?: SearchHit[] | undefined; isPending: boolean; isError: boolean; error: unknown };
  busy: boolean;
  onChoose: (hit: SearchHit) => void;
}) {
  const { t } = useTranslation();
  const hits = query.data ?? [];
  return (
    <div aria-live="polite" className="kern-stack">
      {query.isPending && !query.isError && <p className="kern-body">{t('requests.match.searching')}</p>}
      {query.isError && <ApiErrorAlert error={query.error} focus={false} />}
      {query.data && hits.length === 0 && <p className="kern-body">{t('requests.registerMatch.none')}</p>}
      {hits.length > 0 && (
        <>
          <h3 className="kern-heading-small">{t('requests.registerMatch.candidates')}</h3>
          <ul className="bk-candidates">
            {hits.map((hit) => (
              <li key={hit.personId} className="bk-candidates__item">
                <span>
                  <strong><PersonName hit={hit} /></strong>
                  {hit.birthDate && <>, {t('requests.match.born', { date: formatPartialDate(hit.birthDate) })}</>}
                  {hit.address && <>, {formatAddress(hit.address)}</>}
                  {hit.score > 0 && <> – {t('requests.registerMatch.score', { percent: Math.round(hit.score * 100) })}</>}
                  {hit.dateOfDeath && <> – {t('requests.match.died', { date: formatPartialDate(hit.dateOfDeath) })}</>}
                  {hit.blocked && <> – {t('requests.match.blocked')}</>}
                </span>
                <Button variant="secondary" disabled={!!hit.dateOfDeath || busy} onClick={() => onChoose(hit)}>
                  {t('requests.registerMatch.choose')}<span className="kern-sr-only">: {fullName(hit)}</span>
                </Button>
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
