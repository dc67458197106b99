import { useEffect, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * The page's one h1. It sets the document title too, and can take the focus after a client-side
 * navigation (the layout moves focus here), so screen readers announce where the user arrived.
 */
export function PageTitle({ children, documentTitle }: { children: ReactNode; documentTitle?: string }) {
  const { t } = useTranslation();
  const text = documentTitle ?? (typeof children === 'string' ? children : undefined);
  useEffect(() => {
    document.title = text ? `${text} – ${t('app.name')}` : t('app.name');
  }, [text, t]);
  return <h1 className="kern-heading-large bk-page-title" tabIndex={-1}>{children}</h1>;
}
