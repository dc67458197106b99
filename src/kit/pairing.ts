/**
 * Pairing a kit notebook with its Rathaus, and the kit's sessions.
 *
 * 1. The kit makes its key pairs and asks to be paired as one of the municipality's kits (by
 *    name); it shows the fingerprint of its public keys.
 * 2. An admin compares that fingerprint and approves (or rejects) the pairing.
 * 3. From then on the kit proves itself by signing a one-time challenge and gets a bearer token
 *    for an hour. No clocks are compared, so a kit with a wrong clock still gets in.
 * 4. A revoked kit is told so at its next contact (KIT_REVOKED with wipe: true); it wipes its data
 *    and confirms the wipe with a signed challenge, which the Rathaus records.
 */
import { createHash, randomBytes } from 'node:crypto';
import { and, desc, eq, gt, inArray } from 'drizzle-orm';
import { actorCan, type Actor } from '../identity/principal.ts';
import type { AppContext } from '../platform/context.ts';
import { AppError, forbidden } from '../platform/errors.ts';
import { kits } from '../planning/schema.ts';
import { isEd25519PublicKey, isX25519PublicKey, keyFingerprint, publicPart, verifyChallenge } from './keys.ts';
import { kitChallenges, kitPairings, kitSessions } from './schema.ts';

export const kitSessionMinutes = 60;
const challengeMinutes = 2;

export interface PairingRequest {
  kitName: string;
  signingKey: Record<string, unknown>;
  encryptionKey: Record<string, unknown>;
}

export interface PairingView {
  pairingId: string;
  kitId: string;
  kitName: string;
  fingerprint: string;
  status: string;
  requestedAt: string;
  decidedAt: string | null;
  revokedAt: string | null;
  revokeReason: string | null;
  wipedAt: string | null;
  lastContactAt: string | null;
}

export interface KitIdentity {
  pairingId: string;
  kitId: string;
  municipalityId: string;
}

function kitRevoked(reason: string | null): AppError {
  return new AppError('KIT_REVOKED', `This kit's pairing was revoked${reason ? ` (${reason})` : ''}. It must wipe its data; pair it again to use it.`, 403, { wipe: true });
}

function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

async function pairingRow(ctx: AppContext, pairingId: string) {
  const [row] = await ctx.database.db.select().from(kitPairings).where(eq(kitPairings.id, pairingId));
  if (!row) throw new AppError('PAIRING_UNKNOWN', 'The Rathaus knows no such pairing; pair the kit again.', 404);
  return row;
}

export async function requestPairing(ctx: AppContext, municipalityId: string, input: PairingRequest): Promise<PairingView> {
  if (!isEd25519PublicKey(input.signingKey)) throw new AppError('PAIRING_KEY_INVALID', 'signingKey must be an Ed25519 public key as JWK (kty OKP, crv Ed25519, x), without the private part.', 400);
  if (!isX25519PublicKey(input.encryptionKey)) throw new AppError('PAIRING_KEY_INVALID', 'encryptionKey must be an X25519 public key as JWK (kty OKP, crv X25519, x), without the private part.', 400);
  const db = ctx.database.db;
  const [kit] = await db.select().from(kits).where(and(eq(kits.municipalityId, municipalityId), eq(kits.name, input.kitName.trim())));
  if (!kit) throw new AppError('KIT_UNKNOWN', `The municipality has no kit named "${input.kitName}"; an admin creates it under Ressourcen first.`, 404);
  const signingKey = publicPart(input.signingKey);
  const encryptionKey = publicPart(input.encryptionKey);
  const fingerprint = keyFingerprint(signingKey, encryptionKey);
  const [open] = await db.select().from(kitPairings).where(and(eq(kitPairings.kitId, kit.id), inArray(kitPairings.status, ['pending', 'active'])));
  if (open?.status === 'active') throw new AppError('KIT_ALREADY_PAIRED', `Kit "${kit.name}" is paired with another notebook; an admin revokes that pairing first.`, 409);
  // A new request for the same kit replaces a pending one (the notebook was set up again).
  if (open) await db.update(kitPairings).set({ status: 'rejected', decidedAt: ctx.now(), revokeReason: 'replaced by a newer request' }).where(eq(kitPairings.id, open.id));
  const [row] = await db.insert(kitPairings).values({ municipalityId, kitId: kit.id, signingKey, encryptionKey, fingerprint, requestedAt: ctx.now() }).returning();
  if (!row) throw new Error('pairing insert returned nothing');
  return viewOf(row, kit.name);
}

function viewOf(row: typeof kitPairings.$inferSelect, kitName: string): PairingView {
  return {
    pairingId: row.id, kitId: row.kitId, kitName, fingerprint: row.fingerprint, status: row.status,
    requestedAt: row.requestedAt.toISOString(), decidedAt: row.decidedAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null, revokeReason: row.revokeReason, wipedAt: row.wipedAt?.toISOString() ?? null,
    lastContactAt: row.lastContactAt?.toISOString() ?? null,
  };
}

/** The staff member behind an actor; null for the CLI and jobs. */
function staffIdOf(actor: Actor): string | null {
  return 'kind' in actor ? null : actor.userId;
}

function requirePairingAdmin(actor: Actor): void {
  if (!actorCan(actor, 'kits.pair')) throw forbidden('Only an admin pairs and revokes kits.');
}

export async function listPairings(ctx: AppContext, actor: Actor): Promise<PairingView[]> {
  requirePairingAdmin(actor);
  const rows = await ctx.database.db.select({ pairing: kitPairings, kitName: kits.name }).from(kitPairings)
    .innerJoin(kits, eq(kits.id, kitPairings.kitId))
    .where(eq(kitPairings.municipalityId, actor.municipalityId)).orderBy(desc(kitPairings.requestedAt));
  return rows.map((r) => viewOf(r.pairing, r.kitName));
}

export async function decidePairing(ctx: AppContext, actor: Actor, pairingId: string, decision: 'approve' | 'reject'): Promise<PairingView> {
  requirePairingAdmin(actor);
  const row = await pairingRow(ctx, pairingId);
  if (row.municipalityId !== actor.municipalityId) throw new AppError('PAIRING_UNKNOWN', 'The Rathaus knows no such pairing.', 404);
  if (row.status !== 'pending') throw new AppError('PAIRING_DECIDED', `The pairing is ${row.status} already.`, 409);
  const [updated] = await ctx.database.db.update(kitPairings)
    .set({ status: decision === 'approve' ? 'active' : 'rejected', decidedAt: ctx.now(), decidedBy: staffIdOf(actor) })
    .where(eq(kitPairings.id, pairingId)).returning();
  if (!updated) throw new Error('pairing update returned nothing');
  return viewWithName(ctx, updated);
}

async function viewWithName(ctx: AppContext, row: typeof kitPairings.$inferSelect): Promise<PairingView> {
  const [kit] = await ctx.database.db.select({ name: kits.name }).from(kits).where(eq(kits.id, row.kitId));
  return viewOf(row, kit?.name ?? '');
}

/** Revokes a pairing: its sessions end now; the kit learns at its next contact that it must wipe. */
export async function revokePairing(ctx: AppContext, actor: Actor, pairingId: string, reason: string): Promise<PairingView> {
  requirePairingAdmin(actor);
  const row = await pairingRow(ctx, pairingId);
  if (row.municipalityId !== actor.municipalityId) throw new AppError('PAIRING_UNKNOWN', 'The Rathaus knows no such pairing.', 404);
  if (row.status !== 'active' && row.status !== 'pending') throw new AppError('PAIRING_NOT_ACTIVE', `The pairing is ${row.status}; there is nothing to revoke.`, 409);
  const db = ctx.database.db;
  const [updated] = await db.update(kitPairings)
    .set({ status: 'revoked', revokedAt: ctx.now(), revokedBy: staffIdOf(actor), revokeReason: reason.trim() || null })
    .where(eq(kitPairings.id, pairingId)).returning();
  await db.delete(kitSessions).where(eq(kitSessions.pairingId, pairingId));
  if (!updated) throw new Error('pairing update returned nothing');
  return viewWithName(ctx, updated);
}

/** What a kit may learn about its own pairing by its id: the state, nothing else. */
export async function pairingStatus(ctx: AppContext, pairingId: string): Promise<{ status: string; wipe: boolean }> {
  const row = await pairingRow(ctx, pairingId);
  return { status: row.status, wipe: row.status === 'revoked' };
}

export async function issueChallenge(ctx: AppContext, pairingId: string): Promise<{ nonce: string; expiresAt: string }> {
  const row = await pairingRow(ctx, pairingId);
  if (row.status === 'revoked') throw kitRevoked(row.revokeReason);
  if (row.status !== 'active') throw new AppError('PAIRING_NOT_ACTIVE', `The pairing is ${row.status}; an admin must approve it first.`, 403);
  const nonce = randomBytes(24).toString('base64url');
  const expiresAt = new Date(ctx.now().getTime() + challengeMinutes * 60_000);
  await ctx.database.db.insert(kitChallenges).values({ nonce, pairingId, expiresAt });
  return { nonce, expiresAt: expiresAt.toISOString() };
}

async function consumeChallenge(ctx: AppContext, pairingId: string, nonce: string): Promise<boolean> {
  const used = await ctx.database.db.delete(kitChallenges)
    .where(and(eq(kitChallenges.nonce, nonce), eq(kitChallenges.pairingId, pairingId), gt(kitChallenges.expiresAt, ctx.now())))
    .returning({ nonce: kitChallenges.nonce });
  return used.length === 1;
}

/** A session for a signed challenge. A revoked kit gets KIT_REVOKED (wipe) instead. */
export async function openKitSession(ctx: AppContext, input: { pairingId: string; nonce: string; signature: string }): Promise<{ token: string; expiresAt: string; kitId: string }> {
  const row = await pairingRow(ctx, input.pairingId);
  if (row.status === 'revoked') throw kitRevoked(row.revokeReason);
  if (row.status !== 'active') throw new AppError('PAIRING_NOT_ACTIVE', `The pairing is ${row.status}; an admin must approve it first.`, 403);
  const fresh = await consumeChallenge(ctx, input.pairingId, input.nonce);
  if (!fresh || !(await verifyChallenge(row.signingKey, 'session', input.nonce, input.signature))) {
    throw new AppError('KIT_SIGNATURE_INVALID', 'The challenge was not signed by this kit, or it expired; ask for a new challenge.', 401);
  }
  const token = randomBytes(32).toString('base64url');
  const now = ctx.now();
  const expiresAt = new Date(now.getTime() + kitSessionMinutes * 60_000);
  const db = ctx.database.db;
  await db.insert(kitSessions).values({ tokenHash: hashToken(token), municipalityId: row.municipalityId, pairingId: row.id, createdAt: now, expiresAt });
  await db.update(kitPairings).set({ lastContactAt: now }).where(eq(kitPairings.id, row.id));
  return { token, expiresAt: expiresAt.toISOString(), kitId: row.kitId };
}

/** The revoked kit confirms it wiped its data; recorded once. */
export async function confirmWipe(ctx: AppContext, input: { pairingId: string; nonce: string; signature: string }): Promise<{ wipedAt: string }> {
  const row = await pairingRow(ctx, input.pairingId);
  if (row.status !== 'revoked') throw new AppError('PAIRING_NOT_REVOKED', 'Only a revoked kit confirms a wipe.', 409);
  const fresh = await consumeChallenge(ctx, input.pairingId, input.nonce);
  if (!fresh || !(await verifyChallenge(row.signingKey, 'wiped', input.nonce, input.signature))) {
    throw new AppError('KIT_SIGNATURE_INVALID', 'The wipe confirmation was not signed by this kit, or its challenge expired.', 401);
  }
  const wipedAt = row.wipedAt ?? ctx.now();
  await ctx.database.db.update(kitPairings).set({ wipedAt, lastContactAt: ctx.now() }).where(eq(kitPairings.id, row.id));
  return { wipedAt: wipedAt.toISOString() };
}

/** A revoked kit may ask for a challenge only to confirm its wipe. */
export async function issueWipeChallenge(ctx: AppContext, pairingId: string): Promise<{ nonce: string; expiresAt: string }> {
  const row = await pairingRow(ctx, pairingId);
  if (row.status !== 'revoked') throw new AppError('PAIRING_NOT_REVOKED', 'Only a revoked kit confirms a wipe.', 409);
  const nonce = randomBytes(24).toString('base64url');
  const expiresAt = new Date(ctx.now().getTime() + challengeMinutes * 60_000);
  await ctx.database.db.insert(kitChallenges).values({ nonce, pairingId, expiresAt });
  return { nonce, expiresAt: expiresAt.toISOString() };
}

/** The kit behind a bearer token; a token of a revoked kit answers KIT_REVOKED (wipe). */
export async function authenticateKit(ctx: AppContext, token: string): Promise<KitIdentity> {
  const [row] = await ctx.database.db.select({ session: kitSessions, pairing: kitPairings }).from(kitSessions)
    .innerJoin(kitPairings, eq(kitPairings.id, kitSessions.pairingId))
    .where(eq(kitSessions.tokenHash, hashToken(token)));
  if (!row) throw new AppError('KIT_UNAUTHENTICATED', 'The kit session is unknown or over; sign a new challenge.', 401);
  if (row.pairing.status === 'revoked') throw kitRevoked(row.pairing.revokeReason);
  if (row.pairing.status !== 'active' || row.session.expiresAt <= ctx.now()) {
    throw new AppError('KIT_UNAUTHENTICATED', 'The kit session is over; sign a new challenge.', 401);
  }
  return { pairingId: row.pairing.id, kitId: row.pairing.kitId, municipalityId: row.pairing.municipalityId };
}
