import { useEffect, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * The page's one h1. It sets the document title too, and can take the focus after a client-side
 * navigation (the layout moves focus here), so screen readers announce where the user arrived.
 */
export function PageTitle({ children, documentTitle }: { children: ReactNode; documentTitle?: string }) {
  const { t } = useTranslation();
  const text = documentTitle ?? (typeof children === 'string' ? children : undefined);
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = text ? `${text} – ${t('app.name')}` : t('app.name');
  }, [text, t]);
  // A page that swaps its heading (loading → loaded) must not drop the focus to <body>.
  useEffect(() => {
    if (!document.activeElement || document.activeElement === document.body) ref.current?.focus();
  }, []);
  return <h1 ref={ref} className="kern-heading-large bk-page-title" tabIndex={-1}>{children}</h1>;
}
