import { useTranslation } from 'react-i18next';
import { looseTranslator } from '../../i18n/loose.ts';
import { requestCodeLabel } from './request-view.ts';

/** Labels for request codes (status, channel, service …) built at run time; unknown codes show as they are. */
export function useRequestLabel(): (group: string, code: string | number | null | undefined) => string {
  const { i18n } = useTranslation();
  const loose = looseTranslator(i18n);
  return (group, code) => requestCodeLabel(loose, group, code);
}
