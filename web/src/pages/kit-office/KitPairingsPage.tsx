import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/index.ts';
import { decideKitPairing, listKitPairings, revokeKitPairing, type KitPairingView } from '../../api/kit-office.ts';
import { looseTranslator } from '../../i18n/loose.ts';
import { formatTimestamp } from '../../lib/dates.ts';
import { Alert } from '../../ui/Alert.tsx';
import { ApiErrorAlert } from '../../ui/ApiErrorAlert.tsx';
import { Badge } from '../../ui/Badge.tsx';
import { Button } from '../../ui/Button.tsx';
import { DescriptionList } from '../../ui/DescriptionList.tsx';
import { Loader } from '../../ui/Loader.tsx';
import { PageTitle } from '../../ui/PageTitle.tsx';
import { fingerprintGroups, pairingStatusBadge, reasonError, sortPairings, wipeState } from './kit-office-model.ts';
import { ReasonField } from './ReasonField.tsx';
import './kit-office.css';

const pairingsKey = ['kit-pairings'] as const;
const maxRevokeReason = 500;

function StatusBadge({ status }: { status: string }) {
  const { i18n } = useTranslation();
  const badge = pairingStatusBadge(status);
  return <Badge variant={badge.variant} icon={badge.icon}>{looseTranslator(i18n).t(badge.labelKey)}</Badge>;
}

/** The admin's pairing desk: approve a kit's keys after comparing the fingerprint, revoke a kit, see whether it wiped. */
export function KitPairingsPage() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const pairings = useQuery({ queryKey: pairingsKey, queryFn: ({ signal }) => listKitPairings(api, signal), refetchInterval: 10_000 });
  const [done, setDone] = useState<string | null>(null);
  const [revoking, setRevoking] = useState<KitPairingView | null>(null);
  const decide = useMutation({
    mutationFn: ({ pairing, decision }: { pairing: KitPairingView; decision: 'approve' | 'reject' }) => decideKitPairing(api, pairing.pairingId, decision),
    onMutate: () => setDone(null),
    onSuccess: async (updated, { decision }) => {
      setDone(decision === 'approve' ? t('kitOffice.pairings.approved', { kit: updated.kitName }) : t('kitOffice.pairings.rejectedDone', { kit: updated.kitName }));
      await queryClient.invalidateQueries({ queryKey: pairingsKey });
    },
  });
  const sorted = sortPairings(pairings.data ?? []);
  const of = (status: string) => sorted.filter((p) => p.status === status);
  const others = sorted.filter((p) => !['pending', 'active', 'revoked', 'rejected'].includes(p.status));
  return (
    <>
      <PageTitle>{t('kitOffice.pairings.title')}</PageTitle>
      <p className="kern-body">{t('kitOffice.pairings.intro')}</p>
      {/* The outcome of the last action, announced politely; it stays until the next one. */}
      <div role="status" aria-live="polite">
        {done && <Alert variant="success" focusOnShow title={done} />}
      </div>
      {decide.isError && <ApiErrorAlert error={decide.error} />}
      {pairings.isPending && <Loader />}
      {pairings.isError && <ApiErrorAlert error={pairings.error} />}
      {pairings.data && (
        <>
          <section className="bk-section" aria-labelledby="kopplung-offen">
            <h2 className="kern-heading-medium" id="kopplung-offen">{t('kitOffice.pairings.pending')}</h2>
            {of('pending').length === 0 && <p className="kern-body kern-body--muted">{pairings.data.length === 0 ? t('kitOffice.pairings.none') : t('kitOffice.pairings.nonePending')}</p>}
            {of('pending').map((pairing) => (
              <PendingPairing key={pairing.pairingId} pairing={pairing} busy={decide.isPending} onDecide={(decision) => decide.mutate({ pairing, decision })} />
            ))}
          </section>
          {of('active').length > 0 && (
            <section className="bk-section" aria-labelledby="kopplung-aktiv">
              <h2 className="kern-heading-medium" id="kopplung-aktiv">{t('kitOffice.pairings.active')}</h2>
              {of('active').map((pairing) => <ActivePairing key={pairing.pairingId} pairing={pairing} onRevoke={() => { setDone(null); setRevoking(pairing); }} />)}
            </section>
          )}
          {of('revoked').length > 0 && (
            <section className="bk-section" aria-labelledby="kopplung-gesperrt">
              <h2 className="kern-heading-medium" id="kopplung-gesperrt">{t('kitOffice.pairings.revoked')}</h2>
              {of('revoked').map((pairing) => <RevokedPairing key={pairing.pairingId} pairing={pairing} />)}
            </section>
          )}
          {[...of('rejected'), ...others].length > 0 && (
            <section className="bk-section" aria-labelledby="kopplung-abgelehnt">
              <h2 className="kern-heading-medium" id="kopplung-abgelehnt">{t('kitOffice.pairings.rejected')}</h2>
              <ul className="kern-list">
                {[...of('rejected'), ...others].map((pairing) => (
                  <li key={pairing.pairingId} className="kern-body">
                    {pairing.kitName} – <StatusBadge status={pairing.status} /> – {t('kitOffice.pairings.requestedAt')} {formatTimestamp(pairing.requestedAt)}
                    {pairing.decidedAt && <>, {t('kitOffice.pairings.decidedAt')} {formatTimestamp(pairing.decidedAt)}</>}
                    {pairing.revokeReason && <> ({pairing.revokeReason})</>}
                  </li>
                ))}
              </ul>
            </section>
          )}
        </>
      )}
      {revoking && (
        <RevokeDialog
          pairing={revoking}
          onClose={() => setRevoking(null)}
          onRevoked={async (updated) => {
            setDone(t('kitOffice.pairings.revokedDone', { kit: updated.kitName }));
            await queryClient.invalidateQueries({ queryKey: pairingsKey });
          }}
        />
      )}
    </>
  );
}

function PendingPairing({ pairing, busy, onDecide }: { pairing: KitPairingView; busy: boolean; onDecide: (decision: 'approve' | 'reject') => void }) {
  const { t } = useTranslation();
  const headingId = `kopplung-${pairing.pairingId}`;
  const instructionId = `${headingId}-vergleich`;
  return (
    <article className="bk-kit-item" aria-labelledby={headingId}>
      <h3 className="kern-heading-small" id={headingId}>{pairing.kitName}</h3>
      <DescriptionList items={[
        { key: 'status', label: t('kitOffice.pairings.statusLabel'), value: <StatusBadge status={pairing.status} /> },
        { key: 'requested', label: t('kitOffice.pairings.requestedAt'), value: formatTimestamp(pairing.requestedAt) },
      ]} />
      <p className="kern-label" id={`${headingId}-fp`}>{t('kitOffice.pairings.fingerprint')}</p>
      <ol className="bk-fingerprint" aria-labelledby={`${headingId}-fp`} aria-describedby={instructionId} data-testid="fingerprint">
        {fingerprintGroups(pairing.fingerprint).map((group, i) => <li key={i}>{group}</li>)}
      </ol>
      <p className="kern-body" id={instructionId}>{t('kitOffice.pairings.compare')}</p>
      <div className="kern-btn-wrapper">
        <Button icon="check" busy={busy} aria-describedby={instructionId} aria-label={t('kitOffice.pairings.approveFor', { kit: pairing.kitName })} onClick={() => onDecide('approve')}>
          {t('kitOffice.pairings.approve')}
        </Button>
        <Button variant="secondary" icon="close" busy={busy} aria-label={t('kitOffice.pairings.rejectFor', { kit: pairing.kitName })} onClick={() => onDecide('reject')}>
          {t('kitOffice.pairings.reject')}
        </Button>
      </div>
    </article>
  );
}

function ActivePairing({ pairing, onRevoke }: { pairing: KitPairingView; onRevoke: () => void }) {
  const { t } = useTranslation();
  const headingId = `kopplung-${pairing.pairingId}`;
  return (
    <article className="bk-kit-item" aria-labelledby={headingId}>
      <h3 className="kern-heading-small" id={headingId}>{pairing.kitName}</h3>
      <DescriptionList items={[
        { key: 'status', label: t('kitOffice.pairings.statusLabel'), value: <StatusBadge status={pairing.status} /> },
        { key: 'decided', label: t('kitOffice.pairings.decidedAt'), value: formatTimestamp(pairing.decidedAt) },
        { key: 'contact', label: t('kitOffice.pairings.lastContact'), value: pairing.lastContactAt ? formatTimestamp(pairing.lastContactAt) : t('kitOffice.pairings.never') },
        { key: 'fingerprint', label: t('kitOffice.pairings.fingerprint'), value: <span className="bk-mono">{fingerprintGroups(pairing.fingerprint).join(' ')}</span> },
      ]} />
      <div className="kern-btn-wrapper">
        <Button variant="secondary" icon="danger" aria-label={t('kitOffice.pairings.revokeFor', { kit: pairing.kitName })} aria-haspopup="dialog" onClick={onRevoke}>
          {t('kitOffice.pairings.revoke')}
        </Button>
      </div>
    </article>
  );
}

function RevokedPairing({ pairing }: { pairing: KitPairingView }) {
  const { t } = useTranslation();
  const headingId = `kopplung-${pairing.pairingId}`;
  const wipe = wipeState(pairing);
  return (
    <article className="bk-kit-item" aria-labelledby={headingId}>
      <h3 className="kern-heading-small" id={headingId}>{pairing.kitName}</h3>
      <DescriptionList items={[
        { key: 'status', label: t('kitOffice.pairings.statusLabel'), value: <StatusBadge status={pairing.status} /> },
        { key: 'revoked', label: t('kitOffice.pairings.revokedAt'), value: formatTimestamp(pairing.revokedAt) },
        { key: 'reason', label: t('kitOffice.pairings.reason'), value: pairing.revokeReason ? <span className="bk-prewrap">{pairing.revokeReason}</span> : null },
        {
          key: 'wipe', label: t('kitOffice.pairings.wipe'),
          value: wipe === 'confirmed'
            ? <Badge variant="success" icon="check">{t('kitOffice.pairings.wipeConfirmed', { date: formatTimestamp(pairing.wipedAt) })}</Badge>
            : <Badge variant="warning" icon="warning">{t('kitOffice.pairings.wipeUnconfirmed')}</Badge>,
        },
        { key: 'contact', label: t('kitOffice.pairings.lastContact'), value: pairing.lastContactAt ? formatTimestamp(pairing.lastContactAt) : t('kitOffice.pairings.never') },
      ]} />
    </article>
  );
}

/**
 * A modal dialog (native <dialog>: focus stays inside, Escape closes). After a revocation the
 * button is gone with the active entry, so the focus goes to the announced outcome instead.
 */
function RevokeDialog({ pairing, onClose, onRevoked }: { pairing: KitPairingView; onClose: () => void; onRevoked: (updated: KitPairingView) => Promise<void> }) {
  const { t, i18n } = useTranslation();
  const dialog = useRef<HTMLDialogElement>(null);
  const field = useRef<HTMLTextAreaElement>(null);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const revoke = useMutation({
    mutationFn: () => revokeKitPairing(api, pairing.pairingId, reason.trim()),
    onSuccess: async (updated) => {
      // Close first: a modal dialog keeps the focus from the announced outcome outside it.
      dialog.current?.close();
      await onRevoked(updated);
    },
  });
  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
    field.current?.focus();
  }, []);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const problem = reasonError(reason, maxRevokeReason);
    if (problem) {
      setError(looseTranslator(i18n).t(problem, { max: maxRevokeReason }));
      field.current?.focus();
      return;
    }
    setError(null);
    revoke.mutate();
  };
  const titleId = 'sperren-titel';
  return (
    <dialog ref={dialog} className="bk-kit-dialog" aria-labelledby={titleId} aria-describedby="sperren-text" onClose={onClose}>
      <form noValidate onSubmit={submit}>
        <h2 className="kern-heading-medium" id={titleId}>{t('kitOffice.pairings.revokeTitle', { kit: pairing.kitName })}</h2>
        <p className="kern-body" id="sperren-text">{t('kitOffice.pairings.revokeText')}</p>
        {revoke.isError && <ApiErrorAlert error={revoke.error} />}
        <ReasonField ref={field} id="sperren-grund" label={t('kitOffice.pairings.revokeReason')} hint={t('kitOffice.pairings.revokeHint')}
          error={error} value={reason} maxLength={maxRevokeReason + 100} onChange={(event) => setReason(event.target.value)} />
        <div className="kern-btn-wrapper">
          <Button type="submit" icon="danger" busy={revoke.isPending}>{t('kitOffice.pairings.revokeSubmit')}</Button>
          <Button variant="secondary" onClick={() => dialog.current?.close()}>{t('common.cancel')}</Button>
        </div>
      </form>
    </dialog>
  );
}
