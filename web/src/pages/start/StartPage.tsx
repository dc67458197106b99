import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useSession } from '../../app/session.tsx';
import { navigationFor } from '../../app/navigation.ts';
import { useCodeLabel } from '../../i18n/loose.ts';
import { Alert } from '../../ui/Alert.tsx';
import { PageTitle } from '../../ui/PageTitle.tsx';

/** What the signed-in user can do here, one card per area they may open. */
export function StartPage() {
  const { t } = useTranslation();
  const codeLabel = useCodeLabel();
  const { user } = useSession();
  const areas = navigationFor(user.permissions).filter((item) => item.key !== 'start');
  return (
    <>
      <PageTitle documentTitle={t('start.documentTitle')}>{t('start.title', { name: user.displayName })}</PageTitle>
      <p className="kern-body kern-body--large">{t('start.intro')}</p>
      {!user.hasSecondFactor && (
        <Alert variant="warning" title={t('start.noSecondFactorTitle')} headingLevel={2}>
          <p className="kern-body">
            {t('start.noSecondFactorText')} <Link className="kern-link" to="/konto">{t('start.noSecondFactorLink')}</Link>
          </p>
        </Alert>
      )}
      <h2 className="kern-heading-medium">{t('start.areasTitle')}</h2>
      <ul className="bk-card-grid">
        {areas.map((area) => (
          <li key={area.key} className="kern-card bk-card">
            <div className="kern-card__container">
              <div className="kern-card__header">
                <h3 className="kern-heading-small">
                  <Link className="kern-link kern-link--stretched" to={area.path}>{t(`nav.${area.key}`)}</Link>
                </h3>
              </div>
              <div className="kern-card__body">
                <p className="kern-body">{t(`start.areas.${area.key}`)}</p>
              </div>
            </div>
          </li>
        ))}
      </ul>
      <h2 className="kern-heading-medium">{t('start.permissionsTitle')}</h2>
      {user.permissions.length === 0
        ? <p className="kern-body">{t('start.noPermissions')}</p>
        : (
          <ul className="kern-list kern-list--bullet">
            {user.permissions.map((permission) => <li key={permission} className="kern-body">{codeLabel('permission', permission)}</li>)}
          </ul>
        )}
    </>
  );
}
