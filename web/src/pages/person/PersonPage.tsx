import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate, useParams, useSearchParams } from 'react-router';
import { api } from '../../api/index.ts';
import { getPerson, type PersonBlock, type PersonView, type Relation } from '../../api/register.ts';
import { useCodeLabel } from '../../i18n/loose.ts';
import { countryName } from '../../lib/codes.ts';
import { ageOn, formatPartialDate, localToday } from '../../lib/dates.ts';
import { formatAddress, fullName, givenNameParts } from '../../lib/names.ts';
import { documentState, inForce, splitResidences } from '../../lib/person.ts';
import { Alert } from '../../ui/Alert.tsx';
import { ApiErrorAlert } from '../../ui/ApiErrorAlert.tsx';
import { Badge } from '../../ui/Badge.tsx';
import { Button } from '../../ui/Button.tsx';
import { DescriptionList } from '../../ui/DescriptionList.tsx';
import { Loader } from '../../ui/Loader.tsx';
import { PageTitle } from '../../ui/PageTitle.tsx';

/** One person's record: blocks first and loud, then names, birth, addresses, documents, relations. */
export function PersonPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const [searchParams] = useSearchParams();
  const purpose = searchParams.get('zweck')?.trim() || undefined;
  const query = useQuery({
    queryKey: ['register', 'person', id, purpose ?? null],
    queryFn: ({ signal }) => getPerson(api, id, purpose, signal),
  });

  if (query.isPending) {
    return (
      <>
        <PageTitle>{t('person.loadingTitle')}</PageTitle>
        <Loader label={t('person.loading')} />
      </>
    );
  }
  if (query.isError) {
    return (
      <>
        <PageTitle>{t('person.errorTitle')}</PageTitle>
        <ApiErrorAlert error={query.error} />
        <BackToSearch />
      </>
    );
  }
  return <PersonRecord person={query.data} purpose={purpose} />;
}

function BackToSearch() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const location = useLocation();
  // Coming from the hit list, going back restores it from the cache (no second logged search).
  const cameFromApp = location.key !== 'default';
  return cameFromApp
    ? <Button variant="tertiary" icon="arrow-back" onClick={() => navigate(-1)}>{t('person.back')}</Button>
    : <Link className="kern-link" to="/suche">{t('person.toSearch')}</Link>;
}

function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section className="bk-section" aria-labelledby={id}>
      <h2 className="kern-heading-medium" id={id}>{title}</h2>
      {children}
    </section>
  );
}

function Empty({ children }: { children: ReactNode }) {
  return <p className="kern-body kern-body--muted">{children}</p>;
}

function PersonRecord({ person, purpose }: { person: PersonView; purpose: string | undefined }) {
  const { t, i18n } = useTranslation();
  const codeLabel = useCodeLabel();
  const today = localToday();
  const { current, historic } = splitResidences(person.residences, today);
  const activeBlocks = person.blocks.filter((block) => inForce(block, today));
  const age = person.dateOfDeath ? null : ageOn(person.birthDate, today);
  const names = givenNameParts(person.givenNames, person.preferredGivenName);

  return (
    <article className="bk-person">
      <div className="bk-person__top">
        <BackToSearch />
      </div>
      <PageTitle documentTitle={fullName(person)}>
        {person.doctoralDegree && <>{person.doctoralDegree} </>}
        {names.map((part, index) => (
          <span key={index}>
            {index > 0 && ' '}
            {part.preferred ? <span className="bk-preferred-name">{part.name}</span> : part.name}
          </span>
        ))}{' '}
        {person.familyName}
      </PageTitle>
      {purpose && <p className="kern-body kern-body--small bk-purpose">{t('person.purposeLogged', { purpose })}</p>}

      {activeBlocks.length > 0 && (
        <Alert variant="danger" title={t('person.blockedTitle')} headingLevel={2} className="bk-block-warning">
          <p className="kern-body">{t('person.blockedText')}</p>
          <ul className="kern-list kern-list--bullet">
            {activeBlocks.map((block, index) => <li key={index} className="kern-body"><BlockSummary block={block} /></li>)}
          </ul>
        </Alert>
      )}
      {person.dateOfDeath && (
        <Alert variant="info" title={t('person.deceasedTitle', { date: formatPartialDate(person.dateOfDeath) })} headingLevel={2} />
      )}

      <Section id="namen" title={t('person.sections.names')}>
        <DescriptionList items={[
          { key: 'family', label: t('person.familyName'), value: person.familyName },
          {
            key: 'given', label: t('person.givenNames'), value: (
              <>
                {names.map((part, index) => (
                  <span key={index}>
                    {index > 0 && ' '}
                    {part.preferred
                      ? <><span className="bk-preferred-name">{part.name}</span><span className="kern-sr-only"> ({t('person.preferred')})</span></>
                      : part.name}
                  </span>
                ))}
                {names.some((part) => part.preferred) && (
                  <span className="kern-body--small bk-legend" aria-hidden="true"> ({t('person.preferredLegend')})</span>
                )}
              </>
            ),
          },
          { key: 'birthName', label: t('person.birthName'), value: person.birthName },
          { key: 'degree', label: t('person.doctoralDegree'), value: person.doctoralDegree },
          { key: 'religiousName', label: t('person.religiousName'), value: person.religiousName },
          { key: 'artistName', label: t('person.artistName'), value: person.artistName },
          {
            key: 'former', label: t('person.formerNames'), value: person.formerNames.length > 0 && (
              <ul className="kern-list">
                {person.formerNames.map((former, index) => (
                  <li key={index}>
                    {[...(former.givenNames ?? []), former.familyName].join(' ')}
                    {former.until && <> ({t('person.until', { date: formatPartialDate(former.until) })})</>}
                  </li>
                ))}
              </ul>
            ),
          },
        ]} />
      </Section>

      <Section id="geburt" title={t('person.sections.birth')}>
        <DescriptionList items={[
          {
            key: 'birthDate', label: t('person.birthDate'),
            value: person.birthDate ? <>{formatPartialDate(person.birthDate)}{age !== null && <> ({t('person.age', { count: age })})</>}</> : t('person.unknown'),
          },
          { key: 'birthPlace', label: t('person.birthPlace'), value: person.birthPlace },
          { key: 'birthCountry', label: t('person.birthCountry'), value: person.birthCountry && countryName(person.birthCountry, i18n.language) },
          { key: 'sex', label: t('person.sex'), value: codeLabel('sex', person.sex) },
          {
            key: 'nationalities', label: t('person.nationalities'),
            value: person.nationalities.length > 0 ? person.nationalities.map((code) => countryName(code, i18n.language)).join(', ') : t('person.unknown'),
          },
          { key: 'religion', label: t('person.religion'), value: person.religion ? codeLabel('religion', person.religion) : t('person.noReligion') },
          { key: 'maritalStatus', label: t('person.maritalStatus'), value: codeLabel('maritalStatus', person.maritalStatus) },
          { key: 'death', label: t('person.dateOfDeath'), value: person.dateOfDeath && formatPartialDate(person.dateOfDeath) },
        ]} />
      </Section>

      <Section id="anschriften" title={t('person.sections.addresses')}>
        {current.length === 0
          ? <Empty>{t('person.noCurrentAddress')}</Empty>
          : (
            <ul className="bk-address-list">
              {current.map((residence, index) => (
                <li key={index} className="kern-card kern-card--small">
                  <div className="kern-card__container">
                    <div className="kern-card__body">
                      <p className="kern-body kern-body--bold">{formatAddress(residence.address)}</p>
                      <p className="kern-body kern-body--small">
                        {codeLabel('residenceKind', residence.kind)} · {t('person.movedInOn', { date: formatPartialDate(residence.movedIn) })}
                        {residence.movedOut && <> · {t('person.movesOutOn', { date: formatPartialDate(residence.movedOut) })}</>}
                      </p>
                    </div>
                  </div>
                </li>
              ))}
            </ul>
          )}
      </Section>

      <Section id="historie" title={t('person.sections.history')}>
        {historic.length === 0
          ? <Empty>{t('person.noHistory')}</Empty>
          : (
            <div className="kern-table-responsive">
              <table className="kern-table kern-table--small">
                <caption className="kern-sr-only">{t('person.historyCaption')}</caption>
                <thead>
                  <tr className="kern-table__row">
                    <th scope="col" className="kern-table__header">{t('person.columns.address')}</th>
                    <th scope="col" className="kern-table__header">{t('person.columns.kind')}</th>
                    <th scope="col" className="kern-table__header">{t('person.columns.movedIn')}</th>
                    <th scope="col" className="kern-table__header">{t('person.columns.movedOut')}</th>
                  </tr>
                </thead>
                <tbody className="kern-table__body">
                  {historic.map((residence, index) => (
                    <tr className="kern-table__row" key={index}>
                      <td className="kern-table__cell">{formatAddress(residence.address)}</td>
                      <td className="kern-table__cell">{codeLabel('residenceKind', residence.kind)}</td>
                      <td className="kern-table__cell">{formatPartialDate(residence.movedIn)}</td>
                      <td className="kern-table__cell">{formatPartialDate(residence.movedOut)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
      </Section>

      <Section id="dokumente" title={t('person.sections.documents')}>
        {person.documents.length === 0
          ? <Empty>{t('person.noDocuments')}</Empty>
          : (
            <div className="kern-table-responsive">
              <table className="kern-table kern-table--small">
                <caption className="kern-sr-only">{t('person.documentsCaption')}</caption>
                <thead>
                  <tr className="kern-table__row">
                    <th scope="col" className="kern-table__header">{t('person.columns.documentKind')}</th>
                    <th scope="col" className="kern-table__header">{t('person.columns.serialNumber')}</th>
                    <th scope="col" className="kern-table__header">{t('person.columns.authority')}</th>
                    <th scope="col" className="kern-table__header">{t('person.columns.validUntil')}</th>
                    <th scope="col" className="kern-table__header">{t('person.columns.state')}</th>
                  </tr>
                </thead>
                <tbody className="kern-table__body">
                  {person.documents.map((doc, index) => {
                    const state = documentState(doc, today);
                    return (
                      <tr className="kern-table__row" key={index}>
                        <td className="kern-table__cell">{codeLabel('documentKind', doc.kind)}</td>
                        <td className="kern-table__cell bk-mono">{doc.serialNumber}</td>
                        <td className="kern-table__cell">{doc.issuingAuthority}</td>
                        <td className="kern-table__cell">{formatPartialDate(doc.validUntil)}</td>
                        <td className="kern-table__cell">
                          {state === 'inactive' && <Badge variant="info">{codeLabel('documentStatus', doc.status)}</Badge>}
                          {state === 'expired' && <Badge variant="danger">{t('person.documentExpired')}</Badge>}
                          {state === 'expiring' && <Badge variant="warning">{t('person.documentExpiring')}</Badge>}
                          {state === 'valid' && <Badge variant="success">{codeLabel('documentStatus', 'valid')}</Badge>}
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          )}
      </Section>

      <Section id="sperren" title={t('person.sections.blocks')}>
        {person.blocks.length === 0
          ? <Empty>{t('person.noBlocks')}</Empty>
          : (
            <div className="kern-table-responsive">
              <table className="kern-table kern-table--small">
                <caption className="kern-sr-only">{t('person.blocksCaption')}</caption>
                <thead>
                  <tr className="kern-table__row">
                    <th scope="col" className="kern-table__header">{t('person.columns.blockKind')}</th>
                    <th scope="col" className="kern-table__header">{t('person.columns.scope')}</th>
                    <th scope="col" className="kern-table__header">{t('person.columns.validFrom')}</th>
                    <th scope="col" className="kern-table__header">{t('person.columns.validUntil')}</th>
                    <th scope="col" className="kern-table__header">{t('person.columns.state')}</th>
                  </tr>
                </thead>
                <tbody className="kern-table__body">
                  {person.blocks.map((block, index) => (
                    <tr className="kern-table__row" key={index}>
                      <td className="kern-table__cell">{codeLabel('blockKind', block.kind)}</td>
                      <td className="kern-table__cell">{[block.scope, block.reason].filter(Boolean).join(' – ')}</td>
                      <td className="kern-table__cell">{formatPartialDate(block.validFrom)}</td>
                      <td className="kern-table__cell">{block.validUntil ? formatPartialDate(block.validUntil) : t('person.open')}</td>
                      <td className="kern-table__cell">
                        {inForce(block, today) ? <Badge variant="danger">{t('person.inForce')}</Badge> : <Badge variant="info">{t('person.notInForce')}</Badge>}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
      </Section>

      <Section id="beziehungen" title={t('person.sections.relations')}>
        {person.relations.length === 0
          ? <Empty>{t('person.noRelations')}</Empty>
          : (
            <ul className="kern-list bk-relation-list">
              {person.relations.map((relation, index) => <li key={index} className="kern-body"><RelationLine relation={relation} /></li>)}
            </ul>
          )}
      </Section>
    </article>
  );
}

function BlockSummary({ block }: { block: PersonBlock }) {
  const { t } = useTranslation();
  const codeLabel = useCodeLabel();
  return (
    <>
      <strong>{codeLabel('blockKind', block.kind)}</strong>
      {' '}{t('person.since', { date: formatPartialDate(block.validFrom) })}
      {block.validUntil && <>, {t('person.until', { date: formatPartialDate(block.validUntil) })}</>}
      {block.scope && <> ({block.scope})</>}
    </>
  );
}

function RelationLine({ relation }: { relation: Relation }) {
  const { t } = useTranslation();
  const codeLabel = useCodeLabel();
  const [searchParams] = useSearchParams();
  const name = relation.name ?? relation.externalName ?? t('person.unknownPerson');
  const purpose = searchParams.get('zweck');
  return (
    <>
      <strong>{codeLabel('relationKind', relation.kind)}:</strong>{' '}
      {relation.relatedPersonId
        ? <Link className="kern-link" to={`/personen/${encodeURIComponent(relation.relatedPersonId)}${purpose ? `?${new URLSearchParams({ zweck: purpose })}` : ''}`}>{name}</Link>
        : name}
      {relation.externalAddress && <>, {relation.externalAddress}</>}
      {relation.scope && relation.scope.length > 0 && <> ({t('person.scope')}: {relation.scope.join(', ')})</>}
      {(relation.validFrom || relation.validUntil) && (
        <span className="kern-body--small"> · {[relation.validFrom && t('person.since', { date: formatPartialDate(relation.validFrom) }), relation.validUntil && t('person.until', { date: formatPartialDate(relation.validUntil) })].filter(Boolean).join(', ')}</span>
      )}
    </>
  );
}
