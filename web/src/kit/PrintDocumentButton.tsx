import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../api/index.ts';
import { printDocument, useIsKit } from '../api/kit.ts';
import { looseTranslator } from '../i18n/loose.ts';
import { apiErrorMessage } from '../lib/api-errors.ts';
import { Button } from '../ui/Button.tsx';
import './kit.css';

/**
 * On the kit only: prints an issued document on the kit's printer, with the outcome read out.
 * At the Rathaus the clerk opens the PDF and prints from the browser, so nothing is shown there.
 */
export function PrintDocumentButton({ documentId, title }: { documentId: string; title: string }) {
  const isKit = useIsKit();
  const { t, i18n } = useTranslation();
  const print = useMutation({ mutationFn: () => printDocument(api, documentId, 1) });
  if (!isKit) return null;
  return (
    <span className="bk-kit-print">
      <Button variant="secondary" busy={print.isPending} onClick={() => print.mutate()} aria-label={t('kit.print.buttonFor', { title })}>
        {t('kit.print.button')}
      </Button>
      <span role="status" className="kern-body kern-body--small">
        {print.isSuccess && (
          <><span className="kern-icon kern-icon--success" aria-hidden="true" /> {t('kit.print.done', { title })}</>
        )}
      </span>
      <span role="alert" className="kern-body kern-body--small">
        {print.isError && (
          <><span className="kern-icon kern-icon--danger" aria-hidden="true" /> {t('kit.print.failed', { title })}: {apiErrorMessage(looseTranslator(i18n), print.error)}</>
        )}
      </span>
    </span>
  );
}
