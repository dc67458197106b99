import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../api/index.ts';
import { decideKitReview, listKitReviews, type KitReviewDecision, type KitReviewItem, type KitReviewOutcome } from '../../api/kit-office.ts';
import { looseTranslator } from '../../i18n/loose.ts';
import { formatTimestamp } from '../../lib/dates.ts';
import { Alert } from '../../ui/Alert.tsx';
import { ApiErrorAlert } from '../../ui/ApiErrorAlert.tsx';
import { Button } from '../../ui/Button.tsx';
import { DescriptionList } from '../../ui/DescriptionList.tsx';
import { Loader } from '../../ui/Loader.tsx';
import { PageTitle } from '../../ui/PageTitle.tsx';
import { useRequestLabel } from '../requests/labels.ts';
import { eventKindKey } from '../../kit/kit-model.ts';
import { syncReasonText, type SyncReasonInput } from '../../kit/sync-reasons.ts';
import { caseOpenable, outcomeParts, outcomeVariant, reasonError, reviewCodeKey } from './kit-office-model.ts';
import { ReasonField } from './ReasonField.tsx';
import './kit-office.css';

const reviewsKey = ['kit-reviews'] as const;
const maxReason = 1000;

/**
 * Why the Rathaus held a capture, in the clerk's words: the refusing AppError's own translation
 * where it sent one, the review text of a known code, the common kit text of a case use case's
 * code; a code new to this interface with a note naming it (the server's text stands beside it).
 */
function useReasonText(): (input: SyncReasonInput) => string {
  const { i18n } = useTranslation();
  const loose = looseTranslator(i18n);
  return (input) => {
    const found = syncReasonText(loose, i18n.language, input, reviewCodeKey);
    if (!found) return '';
    return found.code ? loose.t('kitOffice.reviews.unknownCode', { code: found.code }) : found.text;
  };
}

/**
 * The clerk's review of kit captures the Rathaus held on arrival: per case the person, the
 * service, why it was held, its steps; the clerk decides with a reason.
 */
export function KitReviewsPage() {
  const { t } = useTranslation();
  const reviews = useQuery({ queryKey: reviewsKey, queryFn: ({ signal }) => listKitReviews(api, signal) });
  // Decided items stay on the page with their outcome, even after the list no longer has them.
  const [decided, setDecided] = useState<Map<string, { item: KitReviewItem; outcome: KitReviewOutcome }>>(new Map());
  const open = (reviews.data ?? []).filter((item) => !decided.has(item.streamId) || (decided.get(item.streamId)?.outcome.stillInReview ?? 0) > 0);
  const items = [...open, ...[...decided.values()].filter(({ item }) => !open.some((o) => o.streamId === item.streamId)).map(({ item }) => item)];
  return (
    <>
      <p className="kern-body"><Link className="kern-link" to="/pruefung">{t('kitOffice.reviews.back')}</Link></p>
      <PageTitle>{t('kitOffice.reviews.title')}</PageTitle>
      <p className="kern-body">{t('kitOffice.reviews.intro')}</p>
      {reviews.isPending && <Loader />}
      {reviews.isError && <ApiErrorAlert error={reviews.error} />}
      {reviews.data && items.length === 0 && <p className="kern-body kern-body--muted">{t('kitOffice.reviews.none')}</p>}
      {items.map((item) => (
        <ReviewItem key={item.streamId} item={item} outcome={decided.get(item.streamId)?.outcome ?? null}
          onDecided={(outcome) => setDecided((before) => new Map(before).set(item.streamId, { item, outcome }))} />
      ))}
    </>
  );
}

function ReviewItem({ item, outcome, onDecided }: { item: KitReviewItem; outcome: KitReviewOutcome | null; onDecided: (outcome: KitReviewOutcome) => void }) {
  const { t, i18n } = useTranslation();
  const label = useRequestLabel();
  const reasonText = useReasonText();
  const loose = looseTranslator(i18n);
  // The step's name as the kit shows it (kit.eventKinds.*); an unknown kind as it came.
  const stepName = (kind: string) => (loose.exists(eventKindKey(kind)) ? loose.t(eventKindKey(kind)) : kind);
  const queryClient = useQueryClient();
  const field = useRef<HTMLTextAreaElement>(null);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const decide = useMutation({
    mutationFn: (decision: KitReviewDecision) => decideKitReview(api, item.streamId, { decision, reason: reason.trim() }),
    onSuccess: async (result) => {
      onDecided(result);
      setReason('');
      await queryClient.invalidateQueries({ queryKey: reviewsKey });
    },
  });
  const submit = (decision: KitReviewDecision) => {
    const problem = reasonError(reason, maxReason);
    if (problem) {
      setError(looseTranslator(i18n).t(problem, { max: maxReason }));
      field.current?.focus();
      return;
    }
    setError(null);
    decide.mutate(decision);
  };
  const id = `erfassung-${item.streamId}`;
  const service = item.serviceId ? label('service', item.serviceId) : null;
  const finished = outcome !== null && outcome.stillInReview === 0;
  const stillOpen = !finished;
  return (
    <section className="bk-section bk-kit-item" aria-labelledby={id}>
      <h2 className="kern-heading-medium" id={id}>
        {[service, item.person?.name ?? t('kitOffice.reviews.noPerson')].filter(Boolean).join(' – ')}
      </h2>
      <DescriptionList items={[
        { key: 'person', label: t('kitOffice.reviews.person'), value: item.person ? <Link className="kern-link" to={`/personen/${item.person.id}`}>{item.person.name}</Link> : t('kitOffice.reviews.noPerson') },
        { key: 'service', label: t('kitOffice.reviews.service'), value: service },
        { key: 'kit', label: t('kitOffice.reviews.kit'), value: item.kitName },
        { key: 'captured', label: t('kitOffice.reviews.capturedAt'), value: formatTimestamp(item.capturedAt) },
        { key: 'received', label: t('kitOffice.reviews.receivedAt'), value: formatTimestamp(item.receivedAt) },
        { key: 'why', label: t('kitOffice.reviews.why'), value: reasonText({ code: item.code, reason: item.reason, message: item.message ?? null }) },
        { key: 'server', label: t('kitOffice.reviews.serverReason'), value: item.reason ? <span lang="en">{item.reason}</span> : null },
      ]} />
      <div className="kern-table-responsive">
        <table className="kern-table kern-table--small">
          <caption className="kern-title">{t('kitOffice.reviews.steps')}</caption>
          <thead>
            <tr className="kern-table__row">
              <th scope="col" className="kern-table__header">{t('kitOffice.reviews.stepSeq')}</th>
              <th scope="col" className="kern-table__header">{t('kitOffice.reviews.stepKind')}</th>
              <th scope="col" className="kern-table__header">{t('kitOffice.reviews.stepCode')}</th>
            </tr>
          </thead>
          <tbody className="kern-table__body">
            {item.steps.map((step) => (
              <tr className="kern-table__row" key={step.eventId}>
                <td className="kern-table__cell">{step.seq}</td>
                <td className="kern-table__cell">{stepName(step.kind)}</td>
                <td className="kern-table__cell">{step.code ? reasonText({ code: step.code }) : ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {/* Announces the outcome of a decision; present from the start so screen readers pick up the change. */}
      <div role="status" aria-live="polite" id={`${id}-ergebnis`}>
        {outcome && (
          <Alert variant={outcomeVariant(outcome)} headingLevel={3} focusOnShow title={t(`kitOffice.reviews.outcomeTitle.${outcomeVariant(outcome)}`)}>
            {outcomeParts(outcome).map((part) => <p key={part.key} className="kern-body">{looseTranslator(i18n).t(part.key, { count: part.count })}</p>)}
            {caseOpenable(outcome) && <p className="kern-body"><Link className="kern-link" to={`/vorgaenge/${item.streamId}`}>{t('kitOffice.reviews.openCase')}</Link></p>}
          </Alert>
        )}
      </div>
      {decide.isError && <ApiErrorAlert error={decide.error} />}
      {stillOpen && (
        <form noValidate aria-labelledby={`${id}-entscheidung`} onSubmit={(event) => { event.preventDefault(); submit('apply'); }}>
          <h3 className="kern-heading-small" id={`${id}-entscheidung`}>{t('kitOffice.reviews.decision')}</h3>
          <ReasonField ref={field} id={`${id}-grund`} label={t('kitOffice.reviews.decisionReason')} hint={t('kitOffice.reviews.decisionHint')}
            error={error} value={reason} maxLength={maxReason + 100} onChange={(event) => setReason(event.target.value)} />
          <div className="kern-btn-wrapper">
            <Button type="submit" icon="check" busy={decide.isPending}>{t('kitOffice.reviews.apply')}</Button>
            <Button variant="secondary" icon="close" busy={decide.isPending} onClick={() => submit('set_aside')}>{t('kitOffice.reviews.setAside')}</Button>
          </div>
        </form>
      )}
    </section>
  );
}
