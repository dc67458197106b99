import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { PageTitle } from '../../ui/PageTitle.tsx';

/** The municipality's settings an admin maintains, one card each. */
export function SettingsPage() {
  const { t } = useTranslation();
  const areas = [
    { path: '/einstellungen/gebuehren', title: t('settings.fees.title'), text: t('settings.feesText') },
    { path: '/einstellungen/dokumentprofil', title: t('settings.profile.title'), text: t('settings.profileText') },
  ];
  return (
    <>
      <PageTitle>{t('settings.title')}</PageTitle>
      <p className="kern-body kern-body--large">{t('settings.intro')}</p>
      <ul className="bk-card-grid">
        {areas.map((area) => (
          <li key={area.path} className="kern-card bk-card">
            <div className="kern-card__container">
              <div className="kern-card__header">
                <h2 className="kern-heading-small">
                  <Link className="kern-link kern-link--stretched" to={area.path}>{area.title}</Link>
                </h2>
              </div>
              <div className="kern-card__body">
                <p className="kern-body">{area.text}</p>
              </div>
            </div>
          </li>
        ))}
      </ul>
    </>
  );
}

export function BackToSettings() {
  const { t } = useTranslation();
  return <p className="kern-body"><Link className="kern-link" to="/einstellungen">{t('settings.back')}</Link></p>;
}
