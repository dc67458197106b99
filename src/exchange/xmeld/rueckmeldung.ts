import type { RueckmeldungPayload } from '../messages.ts';

/**
 * The Rückmeldung (§ 33 BMG) as an XMeld 25.11a message, valid against ../shared/standards/xmeld.
 * Placeholder until the residence workflows land the renderer (this session); the outbox marks
 * a message it cannot render as rejected, so nothing is lost.
 */
export function renderRueckmeldung(payload: RueckmeldungPayload, meta: { messageId: string; createdAt: string }): string {
  throw new Error(`XMeld rendering is not available yet (message ${meta.messageId}, case ${payload.caseNumber})`);
}
