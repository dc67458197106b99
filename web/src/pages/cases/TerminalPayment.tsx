import { useMutation } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/index.ts';
import { abortCardPayment, cardPaymentStatus, payByCard, type CardPaymentReceipt, type TerminalStatus } from '../../api/card-payment.ts';
import type { CaseView } from '../../api/cases.ts';
import { isApiError } from '../../api/client.ts';
import { Alert } from '../../ui/Alert.tsx';
import { ApiErrorAlert } from '../../ui/ApiErrorAlert.tsx';
import { Button } from '../../ui/Button.tsx';
import { formatCents } from './form-model.ts';

/**
 * "Mit Karte am Terminal zahlen": charges what is outstanding on the kit's card terminal and
 * books it when approved. While the terminal works it shows what the terminal shows (polled);
 * afterwards the result with the terminal's receipt lines, or why nothing was booked. Stays
 * mounted after the case is paid so the result remains readable.
 */
export function TerminalPayment({ view, canPay, busy, onPaid }: { view: CaseView; canPay: boolean; busy: boolean; onPaid: (next: CaseView) => void }) {
  const { t, i18n } = useTranslation();
  const english = i18n.language.startsWith('en');
  const [status, setStatus] = useState<TerminalStatus | null>(null);
  const [approved, setApproved] = useState<CardPaymentReceipt | null>(null);
  const pay = useMutation({
    mutationFn: () => payByCard(api, view.id, view.version),
    onMutate: () => { setStatus(null); setApproved(null); },
    onSuccess: (answer) => { setApproved(answer.payment); onPaid(answer.case); },
  });

  const abort = useMutation({ mutationFn: () => abortCardPayment(api, view.id) });

  useEffect(() => {
    if (!pay.isPending) return undefined;
    const controller = new AbortController();
    const timer = setInterval(() => {
      cardPaymentStatus(api, view.id, controller.signal)
        .then((answer) => { if (answer.status) setStatus(answer.status); })
        .catch(() => undefined); // the display only; the payment's own answer counts
    }, 500);
    return () => { clearInterval(timer); controller.abort(); };
  }, [pay.isPending, view.id]);

  const error = pay.error;
  const details = isApiError(error) ? error.details ?? {} : {};
  const terminalText = String((english ? details.terminalMessageEn : details.terminalMessage) ?? '');
  const lines = Array.isArray(details.receiptLines) ? details.receiptLines.filter((l): l is string => typeof l === 'string') : [];
  const errorCode = isApiError(error) ? error.code : null;

  if (!canPay && !approved && !error) return null;
  return (
    <section className="bk-section" aria-labelledby="bk-terminal-pay-title">
      <h3 className="kern-heading-small" id="bk-terminal-pay-title">{t('cases.cardTerminal.title')}</h3>
      {canPay && (
        <Button variant="secondary" icon="check" busy={pay.isPending} disabled={busy} onClick={() => pay.mutate()}>
          {t('cases.cardTerminal.start', { amount: formatCents(view.outstandingCents, i18n.language) })}
        </Button>
      )}
      <div aria-live="polite" role="status">
        {pay.isPending && (
          <p className="kern-body" data-testid="terminal-status">
            {status ? t('cases.cardTerminal.showing', { text: english ? status.textEn : status.text }) : t('cases.cardTerminal.waiting')}
          </p>
        )}
      </div>
      {pay.isPending && (
        <Button variant="tertiary" icon="close" busy={abort.isPending} onClick={() => abort.mutate()}>{t('cases.cardTerminal.abort')}</Button>
      )}
      {approved && (
        <Alert variant="success" title={t('cases.cardTerminal.approved', { amount: formatCents(approved.amountCents, i18n.language), receipt: approved.receiptNumber ?? '–' })}>
          <p className="kern-body">{english ? approved.messageEn : approved.message}</p>
          <ReceiptLines lines={approved.receiptLines} />
        </Alert>
      )}
      {errorCode === 'PAYMENT_NOT_APPROVED' && (
        <Alert variant="danger" role="alert" focusOnShow title={t('cases.cardTerminal.notApproved')}>
          {terminalText && <p className="kern-body">{t('cases.cardTerminal.terminalSaid', { text: terminalText })}</p>}
          <p className="kern-body">{t('cases.cardTerminal.notApprovedHint')}</p>
          <ReceiptLines lines={lines} />
        </Alert>
      )}
      {errorCode === 'PAYMENT_RESULT_UNKNOWN' && (
        <Alert variant="warning" role="alert" focusOnShow title={t('cases.cardTerminal.unknown')}>
          {terminalText && <p className="kern-body">{t('cases.cardTerminal.terminalSaid', { text: terminalText })}</p>}
          <p className="kern-body">{t('cases.cardTerminal.unknownHint')}</p>
          <ReceiptLines lines={lines} />
        </Alert>
      )}
      {errorCode === 'PAYMENT_NOT_RECORDED' && (
        <Alert variant="danger" role="alert" focusOnShow title={t('cases.cardTerminal.notRecorded', { receipt: String(details.receiptNumber ?? '–') })}>
          <p className="kern-body">{t('cases.cardTerminal.notRecordedHint')}</p>
          <ReceiptLines lines={lines} />
        </Alert>
      )}
      {error && !['PAYMENT_NOT_APPROVED', 'PAYMENT_RESULT_UNKNOWN', 'PAYMENT_NOT_RECORDED'].includes(errorCode ?? '') && <ApiErrorAlert error={error} />}
    </section>
  );
}

function ReceiptLines({ lines }: { lines: string[] }) {
  const { t } = useTranslation();
  if (lines.length === 0) return null;
  return (
    <details>
      <summary className="kern-body">{t('cases.cardTerminal.receipt')}</summary>
      <pre className="bk-mono" data-testid="terminal-receipt">{lines.join('\n')}</pre>
    </details>
  );
}
