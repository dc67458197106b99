import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { PageTitle } from '../../ui/PageTitle.tsx';

export function NotFoundPage() {
  const { t } = useTranslation();
  const location = useLocation();
  return (
    <>
      <PageTitle>{t('notFound.title')}</PageTitle>
      <p className="kern-body">{t('notFound.text', { path: location.pathname })}</p>
      <p className="kern-body"><Link className="kern-link" to="/">{t('notFound.home')}</Link></p>
    </>
  );
}
