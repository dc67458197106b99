import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate, useParams, useSearchParams } from 'react-router';
import { api } from '../../api/index.ts';
import { getPerson, type BlockKind, type IdDocument, type PersonBlock, type PersonView, type Relation } from '../../api/register.ts';
import { useCodeLabel } from '../../i18n/loose.ts';
import { countryName } from '../../lib/codes.ts';
import { ageOn, berlinToday, formatPartialDate } from '../../lib/dates.ts';
import { formatAddress, fullName } from '../../lib/names.ts';
import { Alert } from '../../ui/Alert.tsx';
import { ApiErrorAlert } from '../../ui/ApiErrorAlert.tsx';
import { Badge } from '../../ui/Badge.tsx';
import { Button } from '../../ui/Button.tsx';
import { DescriptionList } from '../../ui/DescriptionList.tsx';
import { Loader } from '../../ui/Loader.tsx';
import { PageTitle } from '../../ui/PageTitle.tsx';
import { RecordTable } from '../../ui/RecordTable.tsx';
import { PersonCases } from '../cases/PersonCases.tsx';

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

const blockOrder: readonly BlockKind[] = ['auskunftssperre', 'bedingter_sperrvermerk', 'uebermittlungssperre'];

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
  const { names, birth } = person;
  const { current, historic } = person.residences;
  // Blocks on disclosure first: they decide what may leave the office at all.
  const activeBlocks = person.blocks.filter((block) => block.active).sort((a, b) => blockOrder.indexOf(a.kind) - blockOrder.indexOf(b.kind));
  const age = person.dateOfDeath ? null : ageOn(birth.date, berlinToday());
  const given = names.givenNames;
  const displayName = fullName({ familyName: names.familyName, givenNames: given.map((g) => g.name), doctoralDegree: names.doctoralDegree });

  return (
    <article className="bk-person">
      <div className="bk-person__top">
        <BackToSearch />
      </div>
      <PageTitle documentTitle={displayName}>
        {names.doctoralDegree && <>{names.doctoralDegree} </>}
        {given.map((part, index) => (
          <span key={index}>
            {index > 0 && ' '}
            {part.preferred ? <span className="bk-preferred-name">{part.name}</span> : part.name}
          </span>
        ))}{' '}
        {names.familyName}
      </PageTitle>
      {purpose && <p className="kern-body kern-body--small bk-purpose">{t('person.purposeLogged', { purpose })}</p>}

      {activeBlocks.length > 0 && (
        <Alert
          variant={person.blocked ? 'danger' : 'warning'}
          title={person.blocked ? t('person.blockedTitle') : t('person.transferBlockedTitle')}
          headingLevel={2}
          className="bk-block-warning"
        >
          <p className="kern-body">{person.blocked ? t('person.blockedText') : t('person.transferBlockedText')}</p>
          <ul className="kern-list kern-list--bullet">
            {activeBlocks.map((block) => <li key={block.id} className="kern-body"><BlockSummary block={block} /></li>)}
          </ul>
        </Alert>
      )}
      {person.dateOfDeath && (
        <Alert variant="info" title={t('person.deceasedTitle', { date: formatPartialDate(person.dateOfDeath) })} headingLevel={2} />
      )}

      <Section id="namen" title={t('person.sections.names')}>
        <DescriptionList items={[
          { key: 'family', label: t('person.familyName'), value: names.familyName },
          {
            key: 'given', label: t('person.givenNames'), value: (
              <>
                {given.map((part, index) => (
                  <span key={index}>
                    {index > 0 && ' '}
                    {part.preferred
                      ? <><span className="bk-preferred-name">{part.name}</span><span className="kern-sr-only"> ({t('person.preferred')})</span></>
                      : part.name}
                  </span>
                ))}
                {given.some((part) => part.preferred) && (
                  <span className="kern-body--small bk-legend" aria-hidden="true"> ({t('person.preferredLegend')})</span>
                )}
              </>
            ),
          },
          { key: 'birthName', label: t('person.birthName'), value: names.birthName },
          { key: 'degree', label: t('person.doctoralDegree'), value: names.doctoralDegree },
          { key: 'religiousName', label: t('person.religiousName'), value: names.religiousName },
          { key: 'artistName', label: t('person.artistName'), value: names.artistName },
          {
            key: 'former', label: t('person.formerNames'), value: names.formerNames.length > 0 && (
              <ul className="kern-list">
                {names.formerNames.map((former, index) => (
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
            value: birth.date ? <>{formatPartialDate(birth.date)}{age !== null && <> ({t('person.age', { count: age })})</>}</> : t('person.unknown'),
          },
          { key: 'birthPlace', label: t('person.birthPlace'), value: birth.place },
          { key: 'birthCountry', label: t('person.birthCountry'), value: birth.country && countryName(birth.country, i18n.language) },
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
              {current.map((residence) => (
                <li key={residence.id} className="kern-card kern-card--small">
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

      <PersonCases personId={person.id} />

      <Section id="historie" title={t('person.sections.history')}>
        {historic.length === 0
          ? <Empty>{t('person.noHistory')}</Empty>
          : (
            <RecordTable
              caption={t('person.historyCaption')}
              rows={historic}
              columns={[
                { header: t('person.columns.address'), cell: (residence) => formatAddress(residence.address) },
                { header: t('person.columns.kind'), cell: (residence) => codeLabel('residenceKind', residence.kind) },
                { header: t('person.columns.movedIn'), cell: (residence) => formatPartialDate(residence.movedIn) },
                { header: t('person.columns.movedOut'), cell: (residence) => formatPartialDate(residence.movedOut) },
              ]}
            />
          )}
      </Section>

      <Section id="dokumente" title={t('person.sections.documents')}>
        {person.documents.length === 0
          ? <Empty>{t('person.noDocuments')}</Empty>
          : (
            <RecordTable
              caption={t('person.documentsCaption')}
              rows={person.documents}
              columns={[
                { header: t('person.columns.documentKind'), cell: (doc) => codeLabel('documentKind', doc.kind) },
                { header: t('person.columns.serialNumber'), cell: (doc) => doc.serialNumber, className: 'bk-mono' },
                { header: t('person.columns.authority'), cell: (doc) => doc.issuingAuthority },
                { header: t('person.columns.validUntil'), cell: (doc) => formatPartialDate(doc.validUntil) },
                { header: t('person.columns.state'), cell: (doc) => <DocumentState doc={doc} /> },
              ]}
            />
          )}
      </Section>

      <Section id="sperren" title={t('person.sections.blocks')}>
        {person.blocks.length === 0
          ? <Empty>{t('person.noBlocks')}</Empty>
          : (
            <RecordTable
              caption={t('person.blocksCaption')}
              rows={person.blocks}
              columns={[
                { header: t('person.columns.blockKind'), cell: (block) => codeLabel('blockKind', block.kind) },
                { header: t('person.columns.scope'), cell: (block) => [block.scope && codeLabel('blockScope', block.scope), block.reason].filter(Boolean).join(' – ') },
                { header: t('person.columns.validFrom'), cell: (block) => formatPartialDate(block.validFrom) },
                { header: t('person.columns.validUntil'), cell: (block) => (block.validUntil ? formatPartialDate(block.validUntil) : t('person.open')) },
                {
                  header: t('person.columns.state'),
                  cell: (block) => (block.active ? <Badge variant="danger">{t('person.inForce')}</Badge> : <Badge variant="info">{t('person.notInForce')}</Badge>),
                },
              ]}
            />
          )}
      </Section>

      <Section id="beziehungen" title={t('person.sections.relations')}>
        {person.relations.length === 0
          ? <Empty>{t('person.noRelations')}</Empty>
          : (
            <ul className="kern-list bk-relation-list">
              {person.relations.map((relation) => <li key={relation.id} className="kern-body"><RelationLine relation={relation} /></li>)}
            </ul>
          )}
      </Section>
    </article>
  );
}

function DocumentState({ doc }: { doc: IdDocument }) {
  const { t } = useTranslation();
  const codeLabel = useCodeLabel();
  if (doc.status !== 'valid') return <Badge variant="info">{codeLabel('documentStatus', doc.status)}</Badge>;
  if (doc.validity === 'expired') return <Badge variant="danger">{t('person.documentExpired')}</Badge>;
  if (doc.validity === 'expires_soon') return <Badge variant="warning">{t('person.documentExpiring')}</Badge>;
  return <Badge variant="success">{codeLabel('documentStatus', 'valid')}</Badge>;
}

function BlockSummary({ block }: { block: PersonBlock }) {
  const { t } = useTranslation();
  const codeLabel = useCodeLabel();
  return (
    <>
      <strong>{codeLabel('blockKind', block.kind)}</strong>
      {' '}{t('person.since', { date: formatPartialDate(block.validFrom) })}
      {block.validUntil && <>, {t('person.until', { date: formatPartialDate(block.validUntil) })}</>}
      {block.scope && <>: {codeLabel('blockScope', block.scope)}</>}
    </>
  );
}

function RelationLine({ relation }: { relation: Relation }) {
  const { t } = useTranslation();
  const codeLabel = useCodeLabel();
  const [searchParams] = useSearchParams();
  const related = relation.relatedPerson;
  const name = related ? [...related.givenNames, related.familyName].join(' ') : (relation.externalName ?? t('person.unknownPerson'));
  const purpose = searchParams.get('zweck');
  return (
    <>
      <strong>{codeLabel('relationKind', relation.kind)}:</strong>{' '}
      {related
        ? <Link className="kern-link" to={`/personen/${encodeURIComponent(related.id)}${purpose ? `?${new URLSearchParams({ zweck: purpose })}` : ''}`}>{name}</Link>
        : name}
      {related?.birthDate && <> ({t('person.bornOn', { date: formatPartialDate(related.birthDate) })})</>}
      {relation.externalAddress && <>, {relation.externalAddress}</>}
      {relation.scope && relation.scope.length > 0 && <> ({t('person.scope')}: {relation.scope.join(', ')})</>}
      {(relation.validFrom || relation.validUntil) && (
        <span className="kern-body--small"> · {[relation.validFrom && t('person.since', { date: formatPartialDate(relation.validFrom) }), relation.validUntil && t('person.until', { date: formatPartialDate(relation.validUntil) })].filter(Boolean).join(', ')}</span>
      )}
    </>
  );
}
