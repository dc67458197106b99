import { useTranslation } from 'react-i18next';
import { looseTranslator } from '../i18n/loose.ts';
import { apiErrorMessage } from '../lib/api-errors.ts';
import { Alert } from './Alert.tsx';

/** A failed request, announced at once and focused so keyboard users land on it. */
export function ApiErrorAlert({ error, title, focus = true }: { error: unknown; title?: string; focus?: boolean }) {
  const { t, i18n } = useTranslation();
  return (
    <Alert variant="danger" role="alert" focusOnShow={focus} title={title ?? t('common.errorTitle')}>
      <p className="kern-body">{apiErrorMessage(looseTranslator(i18n), error)}</p>
    </Alert>
  );
}
