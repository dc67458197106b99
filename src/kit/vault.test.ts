import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  newDataKey, newKitSecret, offlineLoginVerdict, openRecord, sealRecord, unwrapForOfficer, unwrapFromEscrow, VaultError, wrapForEscrow, wrapForOfficer,
} from './vault.ts';

describe('kit vault', () => {
  const kitSecret = newKitSecret();
  const officerId = randomUUID();

  it('opens the data key only with the officer password and this kit secret', async () => {
    const dataKey = newDataKey();
    const wrapped = await wrapForOfficer(dataKey, 'Sommer-2026!', kitSecret, officerId);
    expect(JSON.stringify(wrapped)).not.toContain(dataKey.toString('base64url'));
    expect((await unwrapForOfficer(wrapped, 'Sommer-2026!', kitSecret, officerId)).equals(dataKey)).toBe(true);
    await expect(unwrapForOfficer(wrapped, 'sommer-2026!', kitSecret, officerId)).rejects.toMatchObject({ code: 'VAULT_WRONG_KEY' });
    // The password on another notebook (the disk copied without the kit secret, or another kit) opens nothing.
    await expect(unwrapForOfficer(wrapped, 'Sommer-2026!', newKitSecret(), officerId)).rejects.toBeInstanceOf(VaultError);
    // A wrapped key copied to another officer does not open there.
    await expect(unwrapForOfficer(wrapped, 'Sommer-2026!', kitSecret, randomUUID())).rejects.toBeInstanceOf(VaultError);
  });

  it('seals records bound to their place; tampering is noticed', () => {
    const dataKey = newDataKey();
    const plaintext = new TextEncoder().encode(JSON.stringify({ familienname: 'Kowalski', foto: 'x'.repeat(1000) }));
    const sealed = sealRecord(dataKey, plaintext, 'event:1');
    expect(sealed.includes(Buffer.from('Kowalski'))).toBe(false);
    expect(openRecord(dataKey, sealed, 'event:1').equals(Buffer.from(plaintext))).toBe(true);
    expect(() => openRecord(dataKey, sealed, 'event:2')).toThrow(VaultError);
    const tampered = Buffer.from(sealed);
    tampered[40] = (tampered[40] ?? 0) ^ 1;
    expect(() => openRecord(dataKey, tampered, 'event:1')).toThrow(VaultError);
    expect(() => openRecord(newDataKey(), sealed, 'event:1')).toThrow(VaultError);
  });

  it('lets the Rathaus escrow key recover the data key for its kit only', () => {
    const dataKey = newDataKey();
    const escrow = newDataKey();
    const wrapped = wrapForEscrow(dataKey, escrow, 'kit-1');
    expect(unwrapFromEscrow(wrapped, escrow, 'kit-1').equals(dataKey)).toBe(true);
    expect(() => unwrapFromEscrow(wrapped, escrow, 'kit-2')).toThrow(VaultError);
    expect(() => unwrapFromEscrow(wrapped, newDataKey(), 'kit-1')).toThrow(VaultError);
  });

  it.each([
    { hoursAgo: 1, failed: 0, verdict: true },
    { hoursAgo: 71, failed: 4, verdict: true },
    { hoursAgo: 73, failed: 0, verdict: 'OFFLINE_LOGIN_EXPIRED' },
    { hoursAgo: 1, failed: 5, verdict: 'OFFLINE_LOGIN_LOCKED' },
  ])('offline login $hoursAgo h after the last online login with $failed wrong passwords → $verdict', ({ hoursAgo, failed, verdict }) => {
    const now = new Date('2026-12-03T10:00:00Z');
    const result = offlineLoginVerdict({ lastOnlineLoginAt: new Date(now.getTime() - hoursAgo * 3_600_000), failedAttempts: failed }, now);
    if (verdict === true) expect(result).toEqual({ allowed: true });
    else expect(result).toMatchObject({ allowed: false, code: verdict });
  });
});
