import { describe, expect, it } from 'vitest';
import { navigationFor, safeReturnPath } from './navigation.ts';

describe('navigationFor', () => {
  it.each([
    ['a clerk', ['register.search', 'register.read', 'register.read_blocked', 'register.write', 'register.import'], ['start', 'search', 'account']],
    ['a clerk with the case permissions', ['register.search', 'cases.read', 'cases.write', 'cases.review', 'outbox.read'], ['start', 'search', 'cases', 'review', 'outbox', 'account']],
    ['an auditor', ['audit.read', 'audit.verify'], ['start', 'audit', 'account']],
    ['an admin', ['audit.verify', 'users.manage', 'kits.read'], ['start', 'audit', 'users', 'account']],
    ['an admin who pairs kits', ['audit.verify', 'users.manage', 'kits.read', 'kits.pair'], ['start', 'audit', 'users', 'kitPairings', 'account']],
    ['an admin with the settings', ['audit.verify', 'users.manage', 'kits.read', 'settings.manage'], ['start', 'audit', 'users', 'settings', 'account']],
    ['a dispatcher', ['requests.read', 'requests.write', 'planning.read', 'planning.write', 'register.search'], ['start', 'search', 'requests', 'planning', 'account']],
    ['a field officer', ['planning.read', 'kits.read', 'cases.read'], ['start', 'planning', 'cases', 'account']],
    ['a field officer with the device check', ['planning.read', 'kits.read', 'cases.read', 'cases.write', 'devices.check'], ['start', 'planning', 'cases', 'devices', 'account']],
    ['a clerk with the device check', ['register.search', 'cases.read', 'devices.check', 'outbox.read'], ['start', 'search', 'cases', 'devices', 'outbox', 'account']],
    ['someone without permissions', [], ['start', 'account']],
  ])('shows %s only what they may open', (_who, held, keys) => {
    expect(navigationFor(held).map((item) => item.key)).toEqual(keys);
  });

  it('shows the day\'s tour on a kit only, to those who work cases', () => {
    const officer = ['planning.read', 'kits.read', 'cases.read', 'cases.write', 'devices.check'];
    expect(navigationFor(officer, { kit: true }).map((item) => item.key)).toEqual(['start', 'kit', 'planning', 'cases', 'devices', 'account']);
    expect(navigationFor(officer, { kit: false }).map((item) => item.key)).not.toContain('kit');
    expect(navigationFor(['audit.read'], { kit: true }).map((item) => item.key)).toEqual(['start', 'audit', 'account']);
  });
});

describe('safeReturnPath', () => {
  it.each([
    ['/suche?name=M%C3%BCller', '/suche?name=M%C3%BCller'],
    ['/personen/123?zweck=AZ-1', '/personen/123?zweck=AZ-1'],
    ['/', '/'],
    ['//evil.example/x', '/'],
    ['/\\evil.example', '/'],
    ['https://evil.example/', '/'],
    ['/anmelden', '/'],
    ['/anmelden?x=1', '/'],
    [undefined, '/'],
    [42, '/'],
  ])('%j → %j', (from, path) => {
    expect(safeReturnPath(from)).toBe(path);
  });
});
