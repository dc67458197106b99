// The kit protocol over real HTTP on loopback against the database: pairing with admin approval,
// signed-challenge sessions, idempotent event delivery, resumable uploads that keep what arrived
// before a drop, and revocation with the wipe confirmation.
import { createHash, randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestUser, testSessionHeaders } from '../identity/testing.ts';
import type { Database } from '../platform/db/database.ts';
import { createTestDatabase, testMunicipality } from '../platform/db/testing.ts';
import { buildServer } from '../platform/http/server.ts';
import type { App } from '../platform/http/types.ts';
import { kits } from '../planning/schema.ts';
import { testContext } from '../platform/testing.ts';
import type { CaptureEvent } from './capture-event.ts';
import { generateKitKeys, signChallenge, type KitKeys } from './keys.ts';
import { KitRevokedError, RathausClient, RathausError, requestPairing } from './rathaus-client.ts';
import { kitEventReceipts, kitPairings, kitUploads } from './schema.ts';
import { syncOnce } from './sync.ts';
import { MemoryOutbox } from './testing/memory.ts';
import { uploadFlushBytes } from './uploads.ts';

describe('kit protocol over HTTP', () => {
  let database: Database;
  let app: App;
  let ctx: ReturnType<typeof testContext>;
  let baseUrl: string;
  let municipalityId: string;
  let admin: { id: string };
  let keys: KitKeys;
  let pairingId: string;
  let client: RathausClient;

  const adminPost = async (url: string, payload: unknown) => app.inject({
    method: 'POST', url, payload: payload as Record<string, unknown>, headers: await testSessionHeaders(ctx, admin, municipalityId),
  });

  beforeAll(async () => {
    database = await createTestDatabase();
    municipalityId = (await testMunicipality(database)).id;
    ctx = testContext(database);
    app = await buildServer(ctx, { webRoot: '/nonexistent' });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const address = app.server.address();
    baseUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    admin = await createTestUser(ctx, municipalityId, { roles: ['admin'] });
    await database.db.insert(kits).values({ municipalityId, name: 'Koffer 1' });
    keys = await generateKitKeys();
  });
  afterAll(async () => {
    await app.close();
    await database.close();
  });

  it('pairs only after an admin approves the fingerprint the kit shows', async () => {
    const asked = await requestPairing(baseUrl, { kitName: 'Koffer 1', signingKey: keys.signing.publicJwk, encryptionKey: keys.encryption.publicJwk });
    expect(asked.status).toBe('pending');
    expect(asked.fingerprint).toMatch(/^[0-9A-F]{4}( [0-9A-F]{4}){4}$/);
    pairingId = asked.pairingId;
    client = new RathausClient({ baseUrl, pairingId, signingKey: keys.signing.privateJwk });
    await expect(client.session()).rejects.toMatchObject({ code: 'PAIRING_NOT_ACTIVE' });

    const listed = await app.inject({ method: 'GET', url: '/api/kit-pairings', headers: await testSessionHeaders(ctx, admin, municipalityId) });
    expect(listed.json()).toEqual([expect.objectContaining({ pairingId, kitName: 'Koffer 1', fingerprint: asked.fingerprint, status: 'pending' })]);
    const approved = await adminPost(`/api/kit-pairings/${pairingId}/decision`, { decision: 'approve' });
    expect(approved.json()).toMatchObject({ status: 'active' });
    expect(await client.session()).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    // Once active, the kit learns the key its tour packages are signed with.
    expect(await client.pairingStatus()).toMatchObject({ status: 'active', rathausKey: { kty: 'OKP', crv: 'Ed25519' } });
    const packages = await fetch(`${baseUrl}/api/kit/tour-packages?date=2026-12-08`, { headers: { authorization: `Bearer ${await client.session()}` } });
    expect(await packages.json()).toEqual({ packages: [] });

    // The private key never reached the Rathaus.
    const [row] = await database.db.select().from(kitPairings).where(eq(kitPairings.id, pairingId));
    expect(Object.keys(row?.signingKey ?? {}).sort()).toEqual(['crv', 'kty', 'x']);
  });

  it('refuses a session for a challenge signed by another key, and a second use of a challenge', async () => {
    const stranger = await generateKitKeys();
    const impostor = new RathausClient({ baseUrl, pairingId, signingKey: stranger.signing.privateJwk });
    await expect(impostor.session()).rejects.toMatchObject({ code: 'KIT_SIGNATURE_INVALID', status: 401 });
    const events = await fetch(`${baseUrl}/api/kit/events`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer nottherealtokennottherealtoken' }, body: '{}' });
    expect(events.status).toBe(401);

    const { nonce } = await (await fetch(`${baseUrl}/api/kit/challenge`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ pairingId }) })).json() as { nonce: string };
    const signed = JSON.stringify({ pairingId, nonce, signature: await signChallenge(keys.signing.privateJwk, 'session', nonce) });
    const open = (body: string) => fetch(`${baseUrl}/api/kit/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect((await open(signed)).status).toBe(200);
    const replay = await open(signed);
    expect(replay.status).toBe(401);
    expect(await replay.json()).toMatchObject({ error: { code: 'KIT_SIGNATURE_INVALID' } });
  });

  it('applies an event once however often it arrives, and uploads in one request when nothing breaks', async () => {
    const outbox = new MemoryOutbox();
    const photo = new Uint8Array(150_000).map((_, i) => (i * 7) & 0xff);
    const sha256 = createHash('sha256').update(photo).digest('hex');
    const event: CaptureEvent = {
      id: randomUUID(), streamId: randomUUID(), seq: 1, kind: 'case.unknown_step', payload: { note: 'x' },
      attachments: [{ sha256, size: photo.byteLength, mediaType: 'image/png', kind: 'photo', biometric: true }],
      capturedAt: '2026-12-03T09:00:00.000+01:00', officerId: randomUUID(),
    };
    outbox.append({ event }, [{ sha256, mediaType: 'image/png', biometric: true, content: photo }]);
    const report = await syncOnce(outbox, client, { clock: () => new Date() });
    expect(report).toMatchObject({ uploadsCompleted: 1, uploadBytes: photo.byteLength, eventsSent: 1, review: 1, remaining: 0, wiped: 1, interruption: null });
    // One PUT for the upload, one POST for the events (the session handshake is not counted).
    expect(report.requests).toBe(2);
    expect(outbox.entries[0]?.outcome).toMatchObject({ status: 'review', code: 'KIND_UNKNOWN', repeated: false });

    const again = await client.sendEvents({ sentAt: new Date().toISOString(), events: [event] });
    expect(again).toEqual([expect.objectContaining({ eventId: event.id, status: 'review', repeated: true })]);
    const receipts = await database.db.select().from(kitEventReceipts).where(eq(kitEventReceipts.eventId, event.id));
    expect(receipts).toHaveLength(1);
  });

  it('keeps what arrived of an interrupted upload and resumes from there', async () => {
    const scan = new Uint8Array(5 * uploadFlushBytes + 1234).map((_, i) => (i * 13 + 5) & 0xff);
    const sha256 = createHash('sha256').update(scan).digest('hex');
    const token = await client.session();
    // A body that breaks off after three and a half pieces, like a link that drops.
    const cutAt = Math.floor(3.5 * uploadFlushBytes);
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(scan.slice(0, cutAt));
        setTimeout(() => controller.error(new Error('link dropped')), 200);
      },
    });
    await expect(fetch(`${baseUrl}/api/kit/uploads/${sha256}`, {
      method: 'PUT', body, duplex: 'half',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/offset+octet-stream', 'upload-offset': '0', 'upload-length': String(scan.byteLength) },
    } as RequestInit)).rejects.toThrow();
    await new Promise((resolve) => setTimeout(resolve, 300));

    const status = await client.uploadStatus(sha256);
    expect(status?.complete).toBe(false);
    expect(status?.received).toBeGreaterThanOrEqual(3 * uploadFlushBytes);
    expect(status?.received).toBeLessThanOrEqual(cutAt);

    const received = status?.received ?? 0;
    const done = await client.sendUpload({ sha256, size: scan.byteLength, mediaType: 'image/png', offset: received }, scan.subarray(received));
    expect(done).toMatchObject({ complete: true, received: scan.byteLength });
    const [row] = await database.db.select().from(kitUploads).where(eq(kitUploads.sha256, sha256));
    expect(row?.completedAt).not.toBeNull();

    // Continuing from a wrong offset is refused with the right one.
    const wrong = await client.sendUpload({ sha256: 'f'.repeat(64), size: 10, mediaType: 'image/png', offset: 5 }, new Uint8Array(5)).catch((e: unknown) => e);
    expect(wrong).toBeInstanceOf(RathausError);
    expect(wrong).toMatchObject({ code: 'UPLOAD_OFFSET_MISMATCH', details: { offset: 0 } });
  });

  it('tells a revoked kit to wipe at its next contact and records the wipe', async () => {
    const revoked = await adminPost(`/api/kit-pairings/${pairingId}/revoke`, { reason: 'Notebook gestohlen' });
    expect(revoked.json()).toMatchObject({ status: 'revoked', revokeReason: 'Notebook gestohlen' });
    const refused = await client.sendEvents({ sentAt: new Date().toISOString(), events: [] as unknown as [CaptureEvent] }).catch((e: unknown) => e);
    // The old token died with the revocation; a fresh handshake learns the kit is revoked.
    const fresh = new RathausClient({ baseUrl, pairingId, signingKey: keys.signing.privateJwk });
    const told = await fresh.session().catch((e: unknown) => e);
    expect(told).toBeInstanceOf(KitRevokedError);
    expect(told).toMatchObject({ code: 'KIT_REVOKED', details: { wipe: true } });
    expect(refused).toBeInstanceOf(RathausError);
    expect(await fresh.pairingStatus()).toEqual({ status: 'revoked', wipe: true });

    const wipedAt = await fresh.confirmWipe();
    const [row] = await database.db.select().from(kitPairings).where(eq(kitPairings.id, pairingId));
    expect(row?.wipedAt?.toISOString()).toBe(wipedAt);
  });
});
