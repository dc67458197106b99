import { useTranslation } from 'react-i18next';

/** KERN loader with a text for screen readers; small variant for inline use. */
export function Loader({ label, small = false }: { label?: string; small?: boolean }) {
  const { t } = useTranslation();
  return (
    <div className={small ? 'bk-loader bk-loader--small' : 'bk-loader'} role="status">
      <span className="kern-loader kern-loader--visible" aria-hidden="true" />
      <span className="kern-sr-only">{label ?? t('common.loading')}</span>
    </div>
  );
}
