import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/index.ts';
import { checkDevices, type DeviceCheck } from '../../api/devices.ts';
import { formatTimestamp } from '../../lib/dates.ts';
import { Alert } from '../../ui/Alert.tsx';
import { ApiErrorAlert } from '../../ui/ApiErrorAlert.tsx';
import { Badge } from '../../ui/Badge.tsx';
import { Button } from '../../ui/Button.tsx';
import { Loader } from '../../ui/Loader.tsx';
import { PageTitle } from '../../ui/PageTitle.tsx';
import { RecordTable } from '../../ui/RecordTable.tsx';
import { countsOf, statusLook, textsIn } from './device-model.ts';

type Row = DeviceCheck & { id: string };

/**
 * The kit's device page: before the officers leave, is every device connected and working?
 * Each status carries a word and an icon besides its colour; the outcome of every check is
 * announced through a polite live region, which stays in the page so screen readers hear it.
 */
export function DevicesPage() {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const report = useQuery({
    queryKey: ['devices', 'health'],
    queryFn: ({ signal }) => checkDevices(api, signal),
    staleTime: 0,
    refetchOnWindowFocus: false,
    retry: false,
  });
  const data = report.data;
  const counts = data ? countsOf(data.devices) : null;
  const announcement = report.isFetching
    ? t('devices.checking')
    : data && counts
      ? t('devices.summary', { time: formatTimestamp(data.checkedAt), ok: counts.ok, warning: counts.warning, failed: counts.failed })
      : '';
  const rows: Row[] = data ? data.devices.map((device) => ({ ...device, id: device.device })) : [];
  return (
    <>
      <PageTitle>{t('devices.title')}</PageTitle>
      <p className="kern-body">{t('devices.intro', { seconds: (data?.timeoutMs ?? 5000) / 1000 })}</p>
      <div className="kern-btn-wrapper">
        <Button variant="secondary" icon="autorenew" busy={report.isFetching} onClick={() => void report.refetch()}>{t('devices.recheck')}</Button>
      </div>
      <p className="kern-body kern-body--small" role="status" aria-live="polite" id="devices-status">{announcement}</p>
      {report.isPending && <Loader />}
      {report.isError && <ApiErrorAlert error={report.error} />}
      {data && (
        <>
          <Alert variant={statusLook(data.status).variant} title={t(`devices.overall.${data.status}`)} headingLevel={2} />
          <RecordTable<Row>
            caption={t('devices.caption')}
            rows={rows}
            columns={[
              { header: t('devices.device'), cell: (row) => <strong>{t(`devices.classes.${row.device}`)}</strong> },
              { header: t('devices.driver'), cell: (row) => t(`devices.drivers.${driverKey(row.driver)}`, { driver: row.driver }) },
              {
                header: t('devices.status'),
                cell: (row) => {
                  const look = statusLook(row.status);
                  return <Badge variant={look.variant} icon={look.icon}>{t(`devices.statuses.${row.status}`)}</Badge>;
                },
              },
              { header: t('devices.detail'), cell: (row) => textsIn(row, language).detail },
              { header: t('devices.advice'), cell: (row) => textsIn(row, language).advice ?? t('devices.nothingToDo') },
            ]}
          />
        </>
      )}
    </>
  );
}

const knownDrivers = ['simulator', 'ipp', 'escl', 'sane', 'zvt', 'unknown'] as const;
function driverKey(driver: string): (typeof knownDrivers)[number] | 'other' {
  return (knownDrivers as readonly string[]).includes(driver) ? (driver as (typeof knownDrivers)[number]) : 'other';
}
