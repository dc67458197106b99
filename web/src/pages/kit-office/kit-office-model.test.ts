import { describe, expect, it } from 'vitest';
import type { KitPairingView } from '../../api/kit-office.ts';
import de from '../../i18n/de.json' with { type: 'json' };
import en from '../../i18n/en.json' with { type: 'json' };
import {
  caseOpenable, fingerprintGroups, outcomeParts, outcomeVariant, pairingStatusBadge, reasonError, reviewCodeKey, reviewCodes, sortPairings, wipeState,
} from './kit-office-model.ts';

type Tree = { [key: string]: string | Tree };
function lookup(tree: Tree, key: string): string | undefined {
  let node: string | Tree | undefined = tree;
  for (const part of key.split('.')) node = typeof node === 'object' ? node[part] : undefined;
  return typeof node === 'string' ? node : undefined;
}

function pairing(overrides: Partial<KitPairingView>): KitPairingView {
  return {
    pairingId: 'p', kitId: 'k', kitName: 'Koffer 1', fingerprint: 'AAAA BBBB', status: 'pending', requestedAt: '2026-12-01T10:00:00.000Z',
    decidedAt: null, revokedAt: null, revokeReason: null, wipedAt: null, lastContactAt: null, ...overrides,
  };
}

describe('pairingStatusBadge', () => {
  it.each([
    ['pending', 'warning', 'kitOffice.pairings.status.pending'],
    ['active', 'success', 'kitOffice.pairings.status.active'],
    ['revoked', 'danger', 'kitOffice.pairings.status.revoked'],
    ['rejected', 'danger', 'kitOffice.pairings.status.rejected'],
    ['suspended', 'info', 'kitOffice.pairings.status.unknown'],
  ])('%s → %s badge with a word (%s) and an icon', (status, variant, labelKey) => {
    const badge = pairingStatusBadge(status);
    expect(badge.variant).toBe(variant);
    expect(badge.labelKey).toBe(labelKey);
    expect(badge.icon).not.toBe('');
    expect(lookup(de as Tree, labelKey)).toBeTruthy();
    expect(lookup(en as Tree, labelKey)).toBeTruthy();
  });

  it('gives revoked and rejected different icons, so they differ without colour too', () => {
    expect(pairingStatusBadge('revoked').icon).not.toBe(pairingStatusBadge('rejected').icon);
  });
});

describe('sortPairings', () => {
  it('puts pending first, then active, revoked, rejected, unknown; newest first within a status', () => {
    const sorted = sortPairings([
      pairing({ pairingId: 'rejected', status: 'rejected' }),
      pairing({ pairingId: 'odd', status: 'suspended' }),
      pairing({ pairingId: 'active-old', status: 'active', requestedAt: '2026-11-01T00:00:00.000Z' }),
      pairing({ pairingId: 'revoked', status: 'revoked' }),
      pairing({ pairingId: 'active-new', status: 'active', requestedAt: '2026-12-02T00:00:00.000Z' }),
      pairing({ pairingId: 'pending', status: 'pending' }),
    ]);
    expect(sorted.map((p) => p.pairingId)).toEqual(['pending', 'active-new', 'active-old', 'revoked', 'rejected', 'odd']);
  });
});

describe('fingerprintGroups', () => {
  it.each([
    ['3F2A 9C01 77BE 0D4C 1A2B', ['3F2A', '9C01', '77BE', '0D4C', '1A2B']],
    ['3f2a9c0177be0d4c1a2b', ['3F2A', '9C01', '77BE', '0D4C', '1A2B']],
    ['3F:2A-9C 01', ['3F2A', '9C01']],
    ['ABCDEF', ['ABCD', 'EF']],
    ['', []],
  ])('%j → %j', (fingerprint, groups) => expect(fingerprintGroups(fingerprint)).toEqual(groups));
});

describe('wipeState', () => {
  it.each([
    [{ status: 'revoked', wipedAt: '2026-12-02T08:00:00.000Z' }, 'confirmed'],
    [{ status: 'revoked', wipedAt: null }, 'unconfirmed'],
    [{ status: 'active', wipedAt: null }, null],
    [{ status: 'rejected', wipedAt: null }, null],
  ] as const)('%j → %s', (p, state) => expect(wipeState(p)).toBe(state));
});

describe('reviewCodeKey', () => {
  it.each(reviewCodes.map((code) => [code]))('%s has an explanation in German and English', (code) => {
    const key = reviewCodeKey(code);
    expect(key).toBe(`kitOffice.reviews.codes.${code}`);
    expect(lookup(de as Tree, key ?? '')).toBeTruthy();
    expect(lookup(en as Tree, key ?? '')).toBeTruthy();
    expect(lookup(de as Tree, key ?? '')).not.toBe(lookup(en as Tree, key ?? ''));
  });

  it.each([['SOMETHING_NEW'], [''], [null], [undefined], ['register_changed']])('knows no explanation for %j', (code) => {
    expect(reviewCodeKey(code)).toBeNull();
  });
});

describe('reasonError', () => {
  it.each([
    ['', 'kitOffice.reasonMissing'],
    ['   \n ', 'kitOffice.reasonMissing'],
    ['Mit dem Register verglichen: Umzug innerhalb der Stadt.', null],
    ['x'.repeat(1000), null],
    ['x'.repeat(1001), 'kitOffice.reasonTooLong'],
  ])('%j → %s', (reason, error) => expect(reasonError(reason)).toBe(error));

  it('takes a shorter limit (a revocation reason has at most 500)', () => {
    expect(reasonError('x'.repeat(501), 500)).toBe('kitOffice.reasonTooLong');
  });
});

describe('review outcome', () => {
  it('names only the non-zero counts', () => {
    expect(outcomeParts({ applied: 3, setAside: 0, stillInReview: 2 })).toEqual([
      { key: 'kitOffice.reviews.outcome.applied', count: 3 },
      { key: 'kitOffice.reviews.outcome.stillInReview', count: 2 },
    ]);
    expect(outcomeParts({ applied: 0, setAside: 4, stillInReview: 0 })).toEqual([{ key: 'kitOffice.reviews.outcome.setAside', count: 4 }]);
  });

  it.each([
    [{ applied: 3, setAside: 0, stillInReview: 0 }, 'success', true],
    [{ applied: 1, setAside: 0, stillInReview: 2 }, 'warning', true],
    [{ applied: 0, setAside: 0, stillInReview: 3 }, 'warning', false],
    [{ applied: 0, setAside: 3, stillInReview: 0 }, 'info', false],
  ])('%j reads as %s; case link: %s', (outcome, variant, openable) => {
    expect(outcomeVariant(outcome)).toBe(variant);
    expect(caseOpenable(outcome)).toBe(openable);
  });
});
