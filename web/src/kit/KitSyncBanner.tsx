import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../api/index.ts';
import { useMe } from '../app/session.tsx';
import { kitStatusQueryKey, syncKitNow, useKitStatus, type KitStatus } from '../api/kit.ts';
import { looseTranslator } from '../i18n/loose.ts';
import { formatTimestamp } from '../lib/dates.ts';
import { ApiErrorAlert } from '../ui/ApiErrorAlert.tsx';
import { Button } from '../ui/Button.tsx';
import { bannerText, interruptionLine, kitBanner } from './kit-model.ts';
import './kit.css';

const toneIcon = { success: 'success', info: 'info', warning: 'warning', danger: 'danger' } as const;

/**
 * On the kit only: the link to the Rathaus and what has not reached it yet, on every page, so
 * the officer always knows what still sits on the notebook. Nothing on the Rathaus (status 404).
 */
export function KitSyncBanner() {
  const status = useKitStatus();
  const queryClient = useQueryClient();
  const userId = useMe().data?.user.id ?? null;
  // The outbox is shown to a signed-in officer only: ask again as soon as one signs in or out.
  useEffect(() => {
    void queryClient.invalidateQueries({ queryKey: kitStatusQueryKey });
  }, [queryClient, userId]);
  // Every step the officer takes (a saved form, a payment) may add to the outbox: count it at once, not after the next poll.
  const isKit = Boolean(status.data);
  useEffect(() => {
    if (!isKit) return undefined;
    return queryClient.getMutationCache().subscribe((event) => {
      if (event.type === 'updated' && event.action.type === 'success') void queryClient.invalidateQueries({ queryKey: kitStatusQueryKey });
    });
  }, [queryClient, isKit]);
  if (!status.data) return null;
  return <KitSyncBannerFor status={status.data} />;
}

export function KitSyncBannerFor({ status }: { status: KitStatus }) {
  const { t, i18n } = useTranslation();
  const loose = looseTranslator(i18n);
  const queryClient = useQueryClient();
  const model = kitBanner(status);
  const sync = useMutation({
    mutationFn: () => syncKitNow(api),
    onSuccess: (result) => queryClient.setQueryData(kitStatusQueryKey, result.status),
  });
  const report = sync.data?.report;
  return (
    // A named region, no heading: the page's own h1 stays the first heading of every page.
    <section className={`bk-kit-banner bk-kit-banner--${model.tone}`} aria-label={t('kit.banner.title', { kit: status.kitName })}>
      <div className="kern-container-fluid bk-kit-banner__inner">
        <p className="kern-body bk-kit-banner__connection">
          <span className={`kern-icon kern-icon--${model.online ? 'success' : 'warning'}`} aria-hidden="true" />
          <strong>{model.online ? t('kit.banner.online') : t('kit.banner.offline')}</strong>
          <span className="bk-kit-banner__kit">{status.kitName}</span>
        </p>
        {/* A live region: a new capture or a finished sync changes these lines, and the officer hears it. */}
        <div role="status" aria-live="polite">
          <ul className="bk-kit-banner__lines">
            {model.lines.map((line) => (
              <li key={line.key} className="kern-body">
                {line.key === 'kit.banner.unsettled'
                  ? <Link className="kern-link" to="/koffer#nicht-uebertragen">{bannerText(loose, line)}</Link>
                  : bannerText(loose, line)}
              </li>
            ))}
            {report && (
              <li className="kern-body">
                {report.interruption
                  ? t('kit.banner.syncInterrupted', { message: bannerText(loose, interruptionLine(report.interruption)) })
                  : t('kit.banner.syncDone', { confirmed: report.confirmed, remaining: report.remaining })}
              </li>
            )}
          </ul>
        </div>
        <p className="kern-body kern-body--small bk-kit-banner__last">
          <span className={`kern-icon kern-icon--${toneIcon[model.tone]}`} aria-hidden="true" />
          {status.lastSyncAt ? t('kit.banner.lastSync', { at: formatTimestamp(status.lastSyncAt) }) : t('kit.banner.neverSynced')}
        </p>
        {model.canSync && (
          <Button variant="secondary" icon="autorenew" busy={sync.isPending} onClick={() => sync.mutate()}>
            {t('kit.banner.syncNow')}
          </Button>
        )}
      </div>
      {sync.isError && <div className="kern-container-fluid"><ApiErrorAlert error={sync.error} title={t('kit.banner.syncFailed')} /></div>}
    </section>
  );
}
