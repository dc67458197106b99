/**
 * Who may do what: the only place where roles meet permissions (DESIGN §2).
 * Routes name a permission; use cases check the same names for finer decisions.
 */
export const roles = ['admin', 'dispatcher', 'field_officer', 'clerk', 'auditor'] as const;
export type Role = (typeof roles)[number];

const grants = {
  /** Search the Melderegister. */
  'register.search': ['dispatcher', 'field_officer', 'clerk'],
  /** Open a person's record. */
  'register.read': ['dispatcher', 'field_officer', 'clerk'],
  /** See persons with Auskunftssperre (§ 51) or bedingtem Sperrvermerk (§ 52); each such hit is logged. */
  'register.read_blocked': ['dispatcher', 'clerk'],
  /** Create and change register records. */
  'register.write': ['clerk'],
  /** Bulk import of residents. */
  'register.import': ['clerk'],
  /** Read the access log (§ 40 BMG); auditors see no other personal data. */
  'audit.read': ['auditor'],
  /** Check the integrity of the access log's hash chain. */
  'audit.verify': ['auditor', 'admin'],
  /** Manage staff accounts and their roles. */
  'users.manage': ['admin'],
  /** See the municipality's kits and their devices. */
  'kits.read': ['admin', 'dispatcher', 'field_officer'],
  /** Approve, reject and revoke kit pairings (a kit notebook's keys). */
  'kits.pair': ['admin'],
  /** Add and change kits (devices, certificates, maintenance), officers' hours, absences and skills. */
  'resources.manage': ['admin', 'dispatcher'],
  /** See visit requests, the intake inbox and their correspondence. */
  'requests.read': ['dispatcher'],
  /** Take and edit visit requests (phone, mail inbox), match the register, merge duplicates, send replies. */
  'requests.write': ['dispatcher'],
  /** Decide eligibility for a home visit (records rule version, evidence and reasons). */
  'requests.decide': ['dispatcher'],
  /** See tours and plans. */
  'planning.read': ['dispatcher', 'field_officer'],
  /** Plan weeks, pin and lock, confirm and cancel tours. */
  'planning.write': ['dispatcher'],
  /** Maintain the eligibility rule sets (versions). */
  'eligibility.manage': ['admin'],
  /** See service cases, their documents and history. */
  'cases.read': ['dispatcher', 'field_officer', 'clerk'],
  /** Run a service: open a case, capture, take payment, complete, hand over. */
  'cases.write': ['field_officer', 'clerk'],
  /** Decide cases in the review queue (needs_review). */
  'cases.review': ['clerk'],
  /** Reserve a block of case numbers for a kit's offline numbering (whoever runs or equips a kit). */
  'cases.reserve_numbers': ['field_officer', 'clerk', 'admin'],
  /** See outgoing messages (ID orders, Rückmeldungen, BZR applications) and their delivery state. */
  'outbox.read': ['clerk', 'admin'],
  /** Retry or cancel an outgoing message. */
  'outbox.manage': ['clerk'],
  /** Check the kit's devices (the device page): whoever runs or equips a kit. */
  'devices.check': ['field_officer', 'clerk', 'admin'],
  /** Maintain the municipality's fee tables and settings (letterhead, seal, tariff). */
  'settings.manage': ['admin'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof grants;
export const permissions = Object.keys(grants) as Permission[];

export function isRole(value: string): value is Role {
  return (roles as readonly string[]).includes(value);
}

export function can(userRoles: readonly string[], permission: Permission): boolean {
  const allowed: readonly Role[] = grants[permission];
  return userRoles.some((role) => isRole(role) && allowed.includes(role));
}

/**
 * What a route requires: nobody (public), any signed-in staff member, a permission, or a paired
 * kit (its bearer token, checked by the kit routes; no staff cookie, no CSRF token).
 */
export type Access = 'public' | 'authenticated' | 'kit' | Permission;
