import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/index.ts';
import { isApiError } from '../../api/client.ts';
import {
  addFeeTableVersion, getFeeTables, type FeeTableKind, type FeeTables, type FeeTableVersion, type NewFeeTableVersion,
} from '../../api/settings.ts';
import { looseTranslator } from '../../i18n/loose.ts';
import { berlinToday, formatPartialDate, formatTimestamp } from '../../lib/dates.ts';
import { Alert } from '../../ui/Alert.tsx';
import { ApiErrorAlert } from '../../ui/ApiErrorAlert.tsx';
import { Badge } from '../../ui/Badge.tsx';
import { Button } from '../../ui/Button.tsx';
import { ErrorSummary } from '../../ui/ErrorSummary.tsx';
import { TextField } from '../../ui/fields.tsx';
import { Loader } from '../../ui/Loader.tsx';
import { PageTitle } from '../../ui/PageTitle.tsx';
import { RecordTable, type RecordColumn } from '../../ui/RecordTable.tsx';
import { formatCents, textIn } from '../cases/form-model.ts';
import {
  buildFeeTableBody, draftFrom, earliestValidFrom, problemTargetId, serverFeeProblem, versionsOfKind,
  type FeeFormProblem, type FeeTableDraft,
} from './fee-table-model.ts';
import { BackToSettings } from './SettingsPage.tsx';

export const feeTablesKey = ['settings', 'fee-tables'] as const;
const kinds: readonly FeeTableKind[] = ['federal', 'municipal'];

/** The fee table versions per kind with the one in force marked, and the form for a new municipal version. */
export function FeeTablesPage() {
  const { t } = useTranslation();
  const tables = useQuery({ queryKey: feeTablesKey, queryFn: ({ signal }) => getFeeTables(api, signal), staleTime: 0 });
  const [savedFrom, setSavedFrom] = useState<string | null>(null);
  return (
    <>
      <BackToSettings />
      <PageTitle>{t('settings.fees.title')}</PageTitle>
      <p className="kern-body">{t('settings.fees.intro')}</p>
      {tables.isPending && <Loader />}
      {tables.isError && <ApiErrorAlert error={tables.error} />}
      {savedFrom && <Alert variant="success" role="status" title={t('settings.fees.saved', { from: formatPartialDate(savedFrom) })} />}
      {tables.data && (
        <>
          {kinds.map((kind) => <KindSection key={kind} kind={kind} tables={tables.data} />)}
          <NewMunicipalVersion
            // A fresh draft after each save, started from the version just stored.
            key={tables.data.versions.filter((v) => v.kind === 'municipal').map((v) => v.id).join()}
            tables={tables.data}
            onSaved={setSavedFrom}
          />
        </>
      )}
    </>
  );
}

/** "Gültig vom … bis …" / "Gültig ab …" of a version, in the UI's language. */
function useValidity(): (version: FeeTableVersion) => string {
  const { t } = useTranslation();
  return (version) => (version.validUntil
    ? t('settings.fees.validRange', { from: formatPartialDate(version.validFrom), until: formatPartialDate(version.validUntil) })
    : t('settings.fees.validOpen', { from: formatPartialDate(version.validFrom) }));
}

function KindSection({ kind, tables }: { kind: FeeTableKind; tables: FeeTables }) {
  const { t } = useTranslation();
  const versions = versionsOfKind(tables.versions, kind);
  const headingId = `fee-kind-${kind}`;
  return (
    <section className="bk-section" aria-labelledby={headingId}>
      <h2 className="kern-heading-medium" id={headingId}>{t(`settings.fees.kinds.${kind}`)}</h2>
      <p className="kern-body">{t(`settings.fees.kindHints.${kind}`)}</p>
      {versions.length === 0 && <p className="kern-body">{t('settings.fees.noVersions')}</p>}
      {versions.map((version) => <VersionDetails key={version.id} version={version} />)}
    </section>
  );
}

function VersionDetails({ version }: { version: FeeTableVersion }) {
  const { t, i18n } = useTranslation();
  const validity = useValidity();
  const today = berlinToday();
  const lang = i18n.language;
  const origin = version.source === 'builtin'
    ? t('settings.fees.builtin')
    : t('settings.fees.storedBy', { name: version.createdByName, at: formatTimestamp(version.createdAt) });
  const future = version.validFrom > today;
  const rows = version.lines.map((line) => ({ ...line, id: line.code }));
  const columns: RecordColumn<(typeof rows)[number]>[] = [
    { header: t('settings.fees.columns.label'), cell: (line) => line.label },
    { header: t('settings.fees.columns.legalBasis'), cell: (line) => line.legalBasis },
  ];
  // Only the Satzung knows the exemption for pension and social-benefit purposes.
  if (version.kind === 'municipal') {
    columns.push({ header: t('settings.fees.columns.free'), cell: (line) => (line.pensionOrSocialPurposeFree ? t('common.yes') : t('common.no')) });
  }
  columns.push({ header: t('settings.fees.columns.amount'), cell: (line) => formatCents(line.amountCents, lang) });
  return (
    // In force and upcoming versions open: those are the ones an admin checks; older ones on demand.
    <details className="bk-fee-version" open={version.inForceToday || future} data-testid={`fee-version-${version.kind}-${version.validFrom}`}>
      <summary className="kern-body kern-body--bold">
        {validity(version)}
        {' '}
        {version.inForceToday && <Badge variant="success">{t('settings.fees.inForce')}</Badge>}
        {future && <Badge variant="info">{t('settings.fees.upcoming')}</Badge>}
      </summary>
      <p className="kern-body kern-body--small">{origin}</p>
      <RecordTable caption={t('settings.fees.linesCaption', { validity: validity(version) })} rows={rows} columns={columns} />
    </details>
  );
}

function problemText(i18n: ReturnType<typeof useTranslation>['i18n'], problem: FeeFormProblem): string {
  if ('text' in problem) return textIn(problem.text, i18n.language);
  return looseTranslator(i18n).t(problem.key, problem.values);
}

function NewMunicipalVersion({ tables, onSaved }: { tables: FeeTables; onSaved: (validFrom: string | null) => void }) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<FeeTableDraft>(() => draftFrom(tables, 'municipal', berlinToday()));
  const [problems, setProblems] = useState<FeeFormProblem[]>([]);
  const [attempt, setAttempt] = useState(0);
  const save = useMutation({
    mutationFn: (body: NewFeeTableVersion) => addFeeTableVersion(api, body),
    onSuccess: async (version) => {
      onSaved(version.validFrom);
      await queryClient.invalidateQueries({ queryKey: feeTablesKey });
    },
    onError: (error, body) => {
      const problem = isApiError(error) ? serverFeeProblem(error, body) : null;
      setProblems(problem ? [problem] : []);
      setAttempt((n) => n + 1);
    },
  });
  const earliest = earliestValidFrom(tables.versions, 'municipal');
  const problemAt = (target: string) => {
    const found = problems.find((p) => p.target === target);
    return found ? problemText(i18n, found) : undefined;
  };
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    // The confirmation of an earlier save would read as the outcome of this attempt.
    onSaved(null);
    const { body, problems: found } = buildFeeTableBody(draft, tables.versions);
    setProblems(found);
    setAttempt((n) => n + 1);
    if (body) save.mutate(body);
  };
  const setAmount = (code: string, amount: string) =>
    setDraft((current) => ({ ...current, lines: current.lines.map((line) => (line.code === code ? { ...line, amount } : line)) }));
  // A refusal the form cannot place at a field (no permission, server down) is shown as a whole.
  const serverUnplaced = save.isError && !(isApiError(save.error) && serverFeeProblem(save.error, save.variables ?? null));
  return (
    <section className="bk-section" aria-labelledby="fee-new">
      <h2 className="kern-heading-medium" id="fee-new">{t('settings.fees.newTitle')}</h2>
      <p className="kern-body">{t('settings.fees.newIntro')}</p>
      {serverUnplaced && <ApiErrorAlert key={attempt} error={save.error} />}
      <ErrorSummary
        title={t('settings.problems', { count: problems.length })}
        items={problems.map((p, i) => ({ key: `${p.target}-${i}`, text: problemText(i18n, p), targetId: problemTargetId(p.target) }))}
        focusKey={problems.length > 0 ? attempt : undefined}
      />
      <form className="kern-stack-lg bk-form" noValidate onSubmit={onSubmit} aria-labelledby="fee-new">
        <TextField
          id="fee-valid-from"
          label={t('settings.fees.validFrom')}
          hint={earliest ? t('settings.fees.validFromHintEarliest', { earliest: formatPartialDate(earliest) }) : t('settings.fees.validFromHint')}
          type="date"
          width="short"
          value={draft.validFrom}
          min={earliest ?? undefined}
          onChange={(event) => setDraft((current) => ({ ...current, validFrom: event.target.value }))}
          error={problemAt('validFrom')}
        />
        <fieldset className="kern-fieldset">
          <legend className="kern-label">{t('settings.fees.amountsLegend')}</legend>
          <div className="kern-fieldset__body kern-stack">
            {draft.lines.map((line) => (
              <TextField
                key={line.code}
                id={problemTargetId(`line:${line.code}`)}
                label={t('settings.fees.amountLabel', { line: line.label })}
                hint={t('settings.fees.amountHint', { legalBasis: line.legalBasis })}
                inputMode="decimal"
                autoComplete="off"
                width="short"
                value={line.amount}
                onChange={(event) => setAmount(line.code, event.target.value)}
                error={problemAt(`line:${line.code}`)}
              />
            ))}
          </div>
        </fieldset>
        <div className="kern-btn-wrapper">
          <Button type="submit" icon="check" busy={save.isPending}>{t('settings.fees.submit')}</Button>
        </div>
      </form>
    </section>
  );
}
