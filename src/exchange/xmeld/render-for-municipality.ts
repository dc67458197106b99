import type { Db } from '../../platform/db/database.ts';
import { getMunicipalityProfile } from '../../platform/tenancy/profile.ts';
import type { RueckmeldungPayload } from '../messages.ts';
import { renderRueckmeldung, senderDetailsFromProfile, withSenderDetails, type RueckmeldungPayloadWithSender } from './rueckmeldung.ts';

/**
 * Renders the Rückmeldung with the sender's postal address and contact from the municipality
 * profile (XMeld's mandatory anschrift.autor and autor/erreichbarkeit): what the outbox calls
 * instead of renderRueckmeldung when it has the database at hand. A payload that already carries
 * the details keeps them. Throws AppError XMELD_SENDER_ADDRESS_MISSING / _CONTACT_MISSING naming
 * the profile setting to fill in.
 */
export async function renderRueckmeldungForMunicipality(
  db: Db, payload: RueckmeldungPayload, meta: { messageId: string; municipalityId: string; createdAt: string },
): Promise<string> {
  const withDetails = (payload as RueckmeldungPayloadWithSender).sender.details
    ? payload
    : withSenderDetails(payload, senderDetailsFromProfile(await getMunicipalityProfile(db, meta.municipalityId)));
  return renderRueckmeldung(withDetails, { messageId: meta.messageId, createdAt: meta.createdAt });
}
