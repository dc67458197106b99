import { boolean, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { municipalities } from '../platform/tenancy/schema.ts';

/** A staff account. Roles are the ones of DESIGN §2; a person may hold several. */
export const staffUsers = pgTable('staff_user', {
  id: uuid('id').primaryKey().defaultRandom(),
  municipalityId: uuid('municipality_id').notNull().references(() => municipalities.id),
  username: text('username').notNull(),
  displayName: text('display_name').notNull(),
  email: text('email'),
  /** argon2id PHC string. */
  passwordHash: text('password_hash').notNull(),
  /** TOTP seed, encrypted with the server secret (AES-256-GCM); null when no second factor is set up. */
  totpSecretEncrypted: text('totp_secret_encrypted'),
  /** A seed handed out by enrolment but not yet confirmed with a code (encrypted like the active one). */
  totpPendingSecretEncrypted: text('totp_pending_secret_encrypted'),
  /** Last accepted TOTP time step, so a code cannot be replayed. */
  totpLastStep: integer('totp_last_step'),
  roles: text('roles').array().notNull(),
  disabled: boolean('disabled').notNull().default(false),
  failedLogins: integer('failed_logins').notNull().default(0),
  lockedUntil: timestamp('locked_until', { withTimezone: true }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [uniqueIndex('staff_user_username_uq').on(t.username)]);

/** A login session. Only the SHA-256 of the cookie token is stored. */
export const staffSessions = pgTable('staff_session', {
  id: text('id').primaryKey(),
  municipalityId: uuid('municipality_id').notNull().references(() => municipalities.id),
  userId: uuid('user_id').notNull().references(() => staffUsers.id, { onDelete: 'cascade' }),
  csrfToken: text('csrf_token').notNull(),
  /** True until the second factor has been given. */
  pendingSecondFactor: boolean('pending_second_factor').notNull().default(false),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  ip: text('ip'),
  userAgent: text('user_agent'),
}, (t) => [index('staff_session_user_idx').on(t.userId), index('staff_session_expires_idx').on(t.expiresAt)]);
