import { and, asc, eq } from 'drizzle-orm';
import type { AppContext } from '../platform/context.ts';
import { AppError, notFound } from '../platform/errors.ts';
import { assertPasswordPolicy, hashPassword, verifyPassword } from './passwords.ts';
import { can, isRole, permissions, roles as allRoles, type Permission, type Role } from './policies.ts';
import type { Actor, Principal } from './principal.ts';
import { municipalities } from '../platform/tenancy/schema.ts';
import { staffUsers } from './schema.ts';
import { deleteUserSessions } from './sessions.ts';

/** A staff account as the admin UI sees it; never the password hash or the TOTP seed. */
export interface StaffUserView {
  id: string;
  username: string;
  displayName: string;
  email: string | null;
  roles: Role[];
  disabled: boolean;
  hasSecondFactor: boolean;
  /** Set while the account is locked after failed sign-ins (ISO 8601). */
  lockedUntil: string | null;
  createdAt: string;
}

/** The signed-in user as the web app needs it: who, which roles and what they allow. */
export interface SignedInUser {
  id: string;
  username: string;
  displayName: string;
  email: string | null;
  roles: Role[];
  permissions: Permission[];
  hasSecondFactor: boolean;
}

type StaffUserRow = typeof staffUsers.$inferSelect;

export function rolesOf(row: { roles: readonly string[] }): Role[] {
  return row.roles.filter(isRole);
}

export function toStaffUserView(row: StaffUserRow, now: Date): StaffUserView {
  return {
    id: row.id,
    username: row.username,
    displayName: row.displayName,
    email: row.email,
    roles: rolesOf(row),
    disabled: row.disabled,
    hasSecondFactor: row.totpSecretEncrypted !== null,
    lockedUntil: row.lockedUntil && row.lockedUntil.getTime() > now.getTime() ? row.lockedUntil.toISOString() : null,
    createdAt: row.createdAt.toISOString(),
  };
}

export function toSignedInUser(row: StaffUserRow): SignedInUser {
  const userRoles = rolesOf(row);
  return {
    id: row.id,
    username: row.username,
    displayName: row.displayName,
    email: row.email,
    roles: userRoles,
    permissions: permissions.filter((permission) => can(userRoles, permission)),
    hasSecondFactor: row.totpSecretEncrypted !== null,
  };
}

const usernamePattern = /^[a-z0-9][a-z0-9._-]{1,63}$/;

/** Usernames are compared case-insensitively: stored and looked up in lower case. */
export function normalizeUsername(raw: string): string {
  return raw.trim().toLowerCase();
}

export function assertUsername(username: string): void {
  if (!usernamePattern.test(username)) {
    throw new AppError('USERNAME_INVALID',
      `The username "${username}" is not allowed: use 2–64 characters from a–z, 0–9, ".", "_" and "-", starting with a letter or digit (e.g. "a.schmidt").`);
  }
}

/** Checks a role list from a form or the command line; duplicates are dropped. */
export function validateRoles(requested: readonly string[]): Role[] {
  const unknown = requested.filter((role) => !isRole(role));
  if (unknown.length > 0) {
    throw new AppError('ROLE_UNKNOWN', `Unknown role ${unknown.map((r) => `"${r}"`).join(', ')}; the roles are: ${allRoles.join(', ')}.`);
  }
  if (requested.length === 0) {
    throw new AppError('ROLES_EMPTY', `A staff account needs at least one role (${allRoles.join(', ')}).`);
  }
  return [...new Set(requested as Role[])];
}

function cleanDisplayName(raw: string): string {
  const name = raw.trim();
  if (name.length === 0 || name.length > 200) {
    throw new AppError('DISPLAY_NAME_INVALID', 'The display name must have 1–200 characters, e.g. "Anna Schmidt".');
  }
  return name;
}

function cleanEmail(raw: string | null | undefined): string | null {
  const email = raw?.trim() ?? '';
  if (email === '') return null;
  if (email.length > 254 || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) {
    throw new AppError('EMAIL_INVALID', `"${email}" is not an email address (expected e.g. anna.schmidt@bochum.de).`);
  }
  return email;
}

export async function createStaffUser(
  ctx: AppContext,
  input: { municipalityId: string; username: string; displayName: string; email?: string | null; password: string; roles: Role[] },
): Promise<{ id: string }> {
  const username = normalizeUsername(input.username);
  assertUsername(username);
  const displayName = cleanDisplayName(input.displayName);
  const email = cleanEmail(input.email);
  const userRoles = validateRoles(input.roles);
  assertPasswordPolicy(input.password);
  const passwordHash = await hashPassword(input.password);
  const now = ctx.now();
  const [row] = await ctx.database.db.insert(staffUsers)
    .values({ municipalityId: input.municipalityId, username, displayName, email, passwordHash, roles: userRoles, createdAt: now, updatedAt: now })
    .onConflictDoNothing({ target: staffUsers.username })
    .returning({ id: staffUsers.id });
  if (!row) throw new AppError('USERNAME_TAKEN', `The username "${username}" is already taken; choose another one.`, 409);
  ctx.logger.info({ userId: row.id, municipalityId: input.municipalityId }, 'staff user created');
  return row;
}

export async function listStaffUsers(ctx: AppContext, municipalityId: string): Promise<StaffUserView[]> {
  const rows = await ctx.database.db.select().from(staffUsers)
    .where(eq(staffUsers.municipalityId, municipalityId))
    .orderBy(asc(staffUsers.username));
  const now = ctx.now();
  return rows.map((row) => toStaffUserView(row, now));
}

/** Loads a user of the actor's municipality; users of other municipalities do not exist for it. */
async function loadUser(ctx: AppContext, municipalityId: string, userId: string): Promise<StaffUserRow> {
  const [row] = await ctx.database.db.select().from(staffUsers)
    .where(and(eq(staffUsers.id, userId), eq(staffUsers.municipalityId, municipalityId)));
  if (!row) throw notFound(`Staff user ${userId}`);
  return row;
}

export async function getStaffUser(ctx: AppContext, municipalityId: string, userId: string): Promise<StaffUserView> {
  return toStaffUserView(await loadUser(ctx, municipalityId, userId), ctx.now());
}

export async function findStaffUserByUsername(ctx: AppContext, municipalityId: string, username: string): Promise<StaffUserView> {
  const [row] = await ctx.database.db.select().from(staffUsers)
    .where(and(eq(staffUsers.username, normalizeUsername(username)), eq(staffUsers.municipalityId, municipalityId)));
  if (!row) throw notFound(`Staff user "${normalizeUsername(username)}"`);
  return toStaffUserView(row, ctx.now());
}

export interface StaffUserPatch {
  displayName?: string;
  email?: string | null;
  roles?: Role[];
  disabled?: boolean;
}

const isSelf = (actor: Actor, userId: string) => !('kind' in actor) && actor.userId === userId;

export async function updateStaffUser(ctx: AppContext, actor: Actor, userId: string, patch: StaffUserPatch): Promise<StaffUserView> {
  const current = await loadUser(ctx, actor.municipalityId, userId);
  const changes: Partial<typeof staffUsers.$inferInsert> = {};
  if (patch.displayName !== undefined) changes.displayName = cleanDisplayName(patch.displayName);
  if (patch.email !== undefined) changes.email = cleanEmail(patch.email);
  if (patch.roles !== undefined) {
    changes.roles = validateRoles(patch.roles);
    // Admins cannot lock themselves out; another admin (or the CLI) has to do it.
    if (isSelf(actor, userId) && rolesOf(current).includes('admin') && !changes.roles.includes('admin')) {
      throw new AppError('CANNOT_REMOVE_OWN_ADMIN', 'You cannot remove the admin role from your own account. Ask another administrator to do it.', 409);
    }
  }
  if (patch.disabled !== undefined) {
    if (isSelf(actor, userId) && patch.disabled) {
      throw new AppError('CANNOT_DISABLE_SELF', 'You cannot disable your own account. Ask another administrator to do it.', 409);
    }
    changes.disabled = patch.disabled;
  }
  const [row] = await ctx.database.db.update(staffUsers)
    .set({ ...changes, updatedAt: ctx.now() })
    .where(eq(staffUsers.id, current.id))
    .returning();
  if (!row) throw notFound(`Staff user ${userId}`);
  if (changes.disabled) await deleteUserSessions(ctx.database.db, row.id);
  ctx.logger.info({ userId: row.id, by: 'kind' in actor ? actor.name : actor.userId, fields: Object.keys(changes) }, 'staff user updated');
  return toStaffUserView(row, ctx.now());
}

/** Sets a new password chosen by an administrator, lifts a lockout and ends the user's sessions. */
export async function resetStaffPassword(ctx: AppContext, actor: Actor, userId: string, password: string): Promise<void> {
  const user = await loadUser(ctx, actor.municipalityId, userId);
  assertPasswordPolicy(password);
  const passwordHash = await hashPassword(password);
  await ctx.database.db.transaction(async (tx) => {
    await tx.update(staffUsers)
      .set({ passwordHash, failedLogins: 0, lockedUntil: null, updatedAt: ctx.now() })
      .where(eq(staffUsers.id, user.id));
    await deleteUserSessions(tx, user.id, isSelf(actor, userId) && !('kind' in actor) ? actor.sessionId : undefined);
  });
  ctx.logger.info({ userId: user.id, by: 'kind' in actor ? actor.name : actor.userId }, 'staff password reset');
}

/** For a user who lost the authenticator: they sign in with the password alone and may enrol again. */
export async function removeSecondFactor(ctx: AppContext, actor: Actor, userId: string): Promise<StaffUserView> {
  const user = await loadUser(ctx, actor.municipalityId, userId);
  const [row] = await ctx.database.db.update(staffUsers)
    .set({ totpSecretEncrypted: null, totpPendingSecretEncrypted: null, totpLastStep: null, updatedAt: ctx.now() })
    .where(eq(staffUsers.id, user.id))
    .returning();
  if (!row) throw notFound(`Staff user ${userId}`);
  ctx.logger.info({ userId: user.id, by: 'kind' in actor ? actor.name : actor.userId }, 'staff second factor removed');
  return toStaffUserView(row, ctx.now());
}

/** A user changes their own password; every other session of theirs ends. */
export async function changeOwnPassword(ctx: AppContext, principal: Principal, currentPassword: string, newPassword: string): Promise<void> {
  const user = await loadUser(ctx, principal.municipalityId, principal.userId);
  if (!(await verifyPassword(user.passwordHash, currentPassword))) {
    throw new AppError('CURRENT_PASSWORD_WRONG', 'The current password is not correct; your password was not changed.', 400);
  }
  assertPasswordPolicy(newPassword);
  if (newPassword === currentPassword) {
    throw new AppError('PASSWORD_UNCHANGED', 'The new password is the same as the current one; choose a different one.', 400);
  }
  const passwordHash = await hashPassword(newPassword);
  await ctx.database.db.transaction(async (tx) => {
    await tx.update(staffUsers).set({ passwordHash, updatedAt: ctx.now() }).where(eq(staffUsers.id, user.id));
    await deleteUserSessions(tx, user.id, principal.sessionId);
  });
  ctx.logger.info({ userId: user.id }, 'staff password changed by its owner');
}

/** Who is signed in and for which municipality, for the web app's header and menus. */
export async function describeSignedIn(ctx: AppContext, userId: string): Promise<{ user: SignedInUser; municipality: { name: string; ags: string } }> {
  const [row] = await ctx.database.db.select({ user: staffUsers, municipality: { name: municipalities.name, ags: municipalities.ags } })
    .from(staffUsers)
    .innerJoin(municipalities, eq(municipalities.id, staffUsers.municipalityId))
    .where(eq(staffUsers.id, userId));
  if (!row) throw notFound(`Staff user ${userId}`);
  return { user: toSignedInUser(row.user), municipality: row.municipality };
}
