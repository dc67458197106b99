import type { Permission } from '../api/auth.ts';

export interface NavItem {
  /** Key under nav.* in the translations. */
  key: 'start' | 'kit' | 'search' | 'requests' | 'planning' | 'cases' | 'devices' | 'review' | 'outbox' | 'audit' | 'users' | 'kitPairings' | 'settings' | 'account';
  path: string;
  /** Shown when the user holds any of these; empty means every signed-in user. */
  anyOf: readonly Permission[];
  /** Only on the kit notebook (`buergerkoffer kit`). */
  kitOnly?: boolean;
}

export const navItems: readonly NavItem[] = [
  { key: 'start', path: '/', anyOf: [] },
  { key: 'kit', path: '/koffer', anyOf: ['cases.read'], kitOnly: true },
  { key: 'search', path: '/suche', anyOf: ['register.search'] },
  { key: 'requests', path: '/anfragen', anyOf: ['requests.read'] },
  { key: 'planning', path: '/planung', anyOf: ['planning.read'] },
  { key: 'cases', path: '/vorgaenge', anyOf: ['cases.read'] },
  { key: 'devices', path: '/geraete', anyOf: ['devices.check'] },
  { key: 'review', path: '/pruefung', anyOf: ['cases.review'] },
  { key: 'outbox', path: '/postausgang', anyOf: ['outbox.read'] },
  { key: 'audit', path: '/protokoll', anyOf: ['audit.read', 'audit.verify'] },
  { key: 'users', path: '/benutzer', anyOf: ['users.manage'] },
  { key: 'kitPairings', path: '/koffer-kopplung', anyOf: ['kits.pair'] },
  { key: 'settings', path: '/einstellungen', anyOf: ['settings.manage'] },
  { key: 'account', path: '/konto', anyOf: [] },
];

export function allows(held: readonly string[], anyOf: readonly Permission[]): boolean {
  return anyOf.length === 0 || anyOf.some((permission) => held.includes(permission));
}

/** The main navigation shows only what the user may open (the kit's tour only on a kit); the server checks again on every request. */
export function navigationFor(held: readonly string[], options: { kit?: boolean } = {}): NavItem[] {
  return navItems.filter((item) => allows(held, item.anyOf) && (!item.kitOnly || options.kit === true));
}

/**
 * Where to go after signing in: back to the page that asked for the login, if it is one of ours.
 * Anything else (another origin, "//host", the login page itself) falls back to the start page.
 */
export function safeReturnPath(from: unknown): string {
  if (typeof from !== 'string' || !from.startsWith('/') || from.startsWith('//') || from.startsWith('/\\')) return '/';
  if (from === '/anmelden' || from.startsWith('/anmelden?') || from.startsWith('/anmelden/')) return '/';
  return from;
}
