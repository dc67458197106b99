import type { CaseView } from './cases.ts';
import type { ApiClient } from './client.ts';

/** What the card terminal shows, mirrored from src/cases/pay-by-card.ts. */
export interface TerminalStatus {
  code: number;
  text: string;
  textEn: string;
  at: string;
}

export interface CardPaymentReceipt {
  outcome: 'approved' | 'declined' | 'aborted' | 'unknown';
  amountCents: number;
  message: string;
  messageEn: string;
  receiptNumber: string | null;
  traceNumber: string | null;
  terminalId: string | null;
  cardBrand: string | null;
  maskedPan: string | null;
  receiptLines: string[];
  statuses: TerminalStatus[];
}

const cardPath = (id: string) => `/api/cases/${encodeURIComponent(id)}/payments/card`;

/** Charges what is outstanding on the card terminal; records it only when approved. */
export const payByCard = (api: ApiClient, id: string, version: number) =>
  api.post<{ case: CaseView; payment: CardPaymentReceipt }>(cardPath(id), { version });

/** Asks the terminal to abort the case's running card payment; payByCard then answers with what the terminal did. */
export const abortCardPayment = (api: ApiClient, id: string) => api.post<{ requested: boolean }>(`${cardPath(id)}/abort`);

/** What the terminal shows for the running card payment of the case (poll while payByCard runs). */
export const cardPaymentStatus = (api: ApiClient, id: string, signal?: AbortSignal) =>
  api.get<{ running: boolean; status: TerminalStatus | null }>(cardPath(id), { signal });
