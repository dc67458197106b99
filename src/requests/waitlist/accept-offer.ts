import { confirmJoinedRequest } from '../../planning/confirmations/confirm-tour.ts';
import type { Actor } from '../../identity/principal.ts';
import type { AppContext } from '../../platform/context.ts';
import { acceptOffer } from './offer-freed-slot.ts';

/**
 * Takes an offered slot (the requester through the status link, or the dispatcher for a requester
 * who called) and, when the tour is confirmed already, confirms the visit at once: the requester
 * gets the same mail or letter the others got.
 */
export async function acceptOfferAndConfirm(
  ctx: AppContext, actor: Actor, input: { requestId: string; slotId?: string },
): Promise<{ tourId: string; date: string; startAt: Date; endAt: Date; confirmation: 'email' | 'letter' | 'with_tour' | 'mail_failed' }> {
  const placed = await acceptOffer(ctx, actor, input);
  if (!placed.tourConfirmed) return { ...placed, confirmation: 'with_tour' };
  try {
    const { channel, failure } = await confirmJoinedRequest(ctx, actor, input.requestId);
    return { ...placed, confirmation: failure ? 'mail_failed' : channel };
  } catch (error) {
    // The slot is taken either way; the dispatcher sees the request planned on a confirmed tour.
    ctx.logger.error({ err: error, requestId: input.requestId }, 'confirming a visit that joined a confirmed tour failed');
    return { ...placed, confirmation: 'mail_failed' };
  }
}
