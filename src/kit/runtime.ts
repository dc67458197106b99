/**
 * The kit notebook at work (`buergerkoffer kit`): its identity (keys, pairing), the officers'
 * login online and offline, the tour packages, the sealed outbox and the sync with the Rathaus,
 * and the wipe when the Rathaus revoked the kit.
 *
 * The data key exists only in memory while an officer is logged in: a switched-off or stolen
 * notebook holds the outbox sealed. Online, the Rathaus checks the officer's password and hands
 * out the escrow key; offline, the officer's own wrapping of the data key is the verifier.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { and, asc, eq, gt, inArray, isNull, sql } from 'drizzle-orm';
import type { JWK } from 'jose';
import { auditEntries } from '../audit/schema.ts';
import type { CaseCommands } from '../cases/commands.ts';
import type { ClientInfo, SignedIn, SignInResult } from '../identity/login.ts';
import { describeSignedIn, normalizeUsername } from '../identity/users.ts';
import { createSession, newToken, pendingSecondFactorMinutes, sessionIdOf, type NewSession } from '../identity/sessions.ts';
import { staffSessions, staffUsers } from '../identity/schema.ts';
import type { AppContext } from '../platform/context.ts';
import type { Database, Db } from '../platform/db/database.ts';
import { municipalities } from '../platform/tenancy/schema.ts';
import { caseAttachments, caseEvents, payments, serviceCases } from '../cases/schema.ts';
import { documentVerifications, issuedDocuments } from '../documents/schema.ts';
import { personRelations, persons } from '../register/schema.ts';
import { AppError } from '../platform/errors.ts';
import type { TourPackage } from './build-tour-package.ts';
import { CaseRecorder, type NumberPool } from './case-recorder.ts';
import { directIngestTx } from './db-stores.ts';
import { kitEventHandlers } from './event-handlers.ts';
import { generateKitKeys, type KitKeys } from './keys.ts';
import { KitOutbox, type OutboxSummary } from './kit-outbox.ts';
import { loadTourPackage } from './load-package.ts';
import { openPackage } from './package-crypto.ts';
import { KitRevokedError, RathausClient, rathausRefusal, requestPairing } from './rathaus-client.ts';
import { kitBlobs, kitKeys, kitNumbers, kitOutbox, kitPackages } from './schema.ts';
import { syncOnce, type SyncReport } from './sync.ts';
import {
  newDataKey, newKitSecret, offlineLoginVerdict, unwrapForOfficer, unwrapFromEscrow, VaultError, wrapForEscrow, wrapForOfficer, type WrappedKey,
} from './vault.ts';

export interface KitIdentity {
  rathausUrl: string;
  kitName: string;
  pairingId: string;
  kitId: string;
  fingerprint: string;
  keys: KitKeys;
  /** base64url; mixed into every officer's key, never leaves the notebook. */
  kitSecret: string;
  /** The Rathaus's package-signing key, learnt when the pairing became active. */
  rathausKey?: JWK;
  /** The kit's municipality, learnt at the first online login (for a working database rebuilt offline). */
  municipality?: { id: string; ags: string; name: string };
}

/** A name-based UUID (SHA-256, version 5 layout): the same name always gives the same id. */
function uuidFrom(name: string): string {
  const hex = createHash('sha256').update(name).digest('hex');
  const variant = ((parseInt(hex.charAt(16), 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

const identityFile = (dir: string) => join(dir, 'kit-identity.json');

export function readKitIdentity(dir: string): KitIdentity | null {
  const file = identityFile(dir);
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) as KitIdentity : null;
}

export function writeKitIdentity(dir: string, identity: KitIdentity): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(identityFile(dir), JSON.stringify(identity, null, 2), { mode: 0o600 });
  chmodSync(identityFile(dir), 0o600);
}

/** First step on a new notebook: make the keys, ask the Rathaus, keep what it answered. */
export async function pairKit(dir: string, rathausUrl: string, kitName: string, fetchImpl: typeof fetch = fetch): Promise<KitIdentity> {
  if (readKitIdentity(dir)) throw new AppError('KIT_ALREADY_SET_UP', `This notebook is set up already (${identityFile(dir)}); remove the file to pair it anew.`, 409);
  const keys = await generateKitKeys();
  const answer = await requestPairing(rathausUrl, { kitName, signingKey: keys.signing.publicJwk, encryptionKey: keys.encryption.publicJwk }, fetchImpl);
  const identity: KitIdentity = {
    rathausUrl, kitName, pairingId: answer.pairingId, kitId: answer.kitId, fingerprint: answer.fingerprint, keys,
    kitSecret: newKitSecret().toString('base64url'),
  };
  writeKitIdentity(dir, identity);
  return identity;
}

/**
 * The personal data of the working database: cases with their documents and attachments, the
 * register rows of the packages, and (when the kit is wiped) the sessions. Order follows the
 * foreign keys.
 */
async function clearWorkingData(db: Db, options: { sessions: boolean }): Promise<void> {
  const tables = [
    'document_verification', 'issued_document', 'delegated_signing_key', 'case_attachment', 'case_event', 'payment', 'service_case',
    'audit_entry', 'audit_chain', 'person_name_token', 'person_block', 'person_relation', 'id_document', 'residence', 'person', 'institution', 'address',
    ...(options.sessions ? ['staff_session'] : []),
  ];
  for (const table of tables) await db.execute(sql.raw(`delete from ${table}`));
}

export interface KitStatus {
  kitName: string;
  kitId: string;
  rathausUrl: string;
  fingerprint: string;
  pairing: string;
  online: boolean;
  unlocked: boolean;
  lastSyncAt: string | null;
  lastSyncError: string | null;
  packages: { tourId: string; tourDate: string; expiresAt: string }[];
  outbox: OutboxSummary | null;
  wiped: boolean;
}

export interface KitRuntimeOptions {
  dir: string;
  /**
   * The persistent database of the kit's vault (keys, numbers, packages, sealed outbox). The
   * working database (ctx.database) then lives in memory and is rebuilt from the packages and the
   * outbox at the first login after a start, so the disk never holds register data or cases in
   * the clear. Without it, one database serves both (tests).
   */
  vault?: Database;
  fetch?: typeof fetch;
  /** Offline login for this long after the last online login (default 72 h). */
  maxOfflineHours?: number;
}

/** The Rathaus's session cookie from its login answer, as a Cookie header. */
function rathausCookieOf(response: Response): string {
  return (response.headers.getSetCookie?.() ?? []).map((c) => c.split(';')[0]).join('; ');
}

export class KitRuntime {
  readonly ctx: AppContext;
  identity: KitIdentity;
  readonly client: RathausClient;
  private readonly options: KitRuntimeOptions;
  private dataKey: Buffer | null = null;
  private online = false;
  private pairing = 'unknown';
  private lastSyncAt: Date | null = null;
  private lastSyncError: string | null = null;
  private wiped = false;
  private syncing: Promise<SyncReport | null> | null = null;
  private readonly fetchImpl: typeof fetch;

  constructor(ctx: AppContext, identity: KitIdentity, options: KitRuntimeOptions) {
    this.ctx = ctx;
    this.identity = identity;
    this.options = options;
    this.fetchImpl = options.fetch ?? fetch;
    this.client = new RathausClient({ baseUrl: identity.rathausUrl, pairingId: identity.pairingId, signingKey: identity.keys.signing.privateJwk, fetch: this.fetchImpl, timeoutMs: 10_000 });
  }

  /** The working database: register rows of the packages and the cases (in memory on a real kit). */
  private get db(): Db {
    return this.ctx.database.db;
  }

  /** The persistent vault: keys, numbers, packages, the sealed outbox. */
  private get vault(): Db {
    return (this.options.vault ?? this.ctx.database).db;
  }

  private requireUnlocked(): Buffer {
    if (this.wiped) throw new AppError('KIT_WIPED', 'This kit was revoked by the Rathaus and has wiped its data.', 410);
    if (!this.dataKey) throw new AppError('KIT_LOCKED', 'Log in on the kit first: its data opens only with an officer\'s login.', 401);
    return this.dataKey;
  }

  outbox(): KitOutbox {
    return new KitOutbox(this.vault, this.requireUnlocked(), this.db, { accessLogStream: this.accessLogStream() });
  }

  /** What the kit's server plugs into its AppContext: case commands, login, the officers' visits. */
  ports(): Required<Pick<AppContext, 'caseCommands' | 'passwordSignIn' | 'secondFactorSignIn' | 'visitSubjectsOf'>> {
    return {
      caseCommands: this.caseCommands(),
      passwordSignIn: (input, client) => this.signIn(input, client),
      secondFactorSignIn: (input, client) => this.signInSecondFactor(input, client),
      visitSubjectsOf: () => Promise.resolve(this.visitSubjects()),
    };
  }

  /** The case commands of the kit's routes: the recorder while unlocked. */
  caseCommands(): CaseCommands {
    const recorder = () => new CaseRecorder(this.ctx, this.outbox(), this.numberPool(), { basisOf: (personId) => this.basisOf(personId) });
    return {
      open: (actor, input) => recorder().open(actor, input),
      update: (actor, id, input) => recorder().update(actor, id, input),
      device: (actor, id, name, input) => recorder().device(actor, id, name, input),
      attach: (actor, id, input) => recorder().attach(actor, id, input),
      capture: (actor, id, input) => recorder().capture(actor, id, input),
      pay: (actor, id, input) => recorder().pay(actor, id, input),
      complete: (actor, id, input) => recorder().complete(actor, id, input),
      handOver: (actor, id, input) => recorder().handOver(actor, id, input),
      close: (actor, id, input) => recorder().close(actor, id, input),
      cancel: (actor, id, input) => recorder().cancel(actor, id, input),
    };
  }

  private basisCache = new Map<string, string>();

  private basisOf(personId: string): string | undefined {
    return this.basisCache.get(personId);
  }

  /** The persons of the kit's open tour packages: whom its officers serve on this tour (Principal.visitSubjects). */
  visitSubjects(): ReadonlySet<string> {
    return new Set(this.basisCache.keys());
  }

  private numberPool(): NumberPool {
    return {
      take: async (_db, series) => {
        const rows = await this.vault.execute(sql`update kit_number set used_at = now() where number = (
          select number from kit_number where series = ${series} and used_at is null order by number limit 1 for update) returning number`);
        const taken = (rows as unknown as { rows?: { number: string }[] }).rows?.[0]?.number ?? (rows as unknown as { number: string }[])[0]?.number;
        if (!taken) throw new AppError('KIT_NUMBERS_EXHAUSTED', `The kit has no ${series} numbers left; download the tour package again while online.`, 409);
        return taken;
      },
    };
  }

  private lastLoginMode: 'online' | 'offline' = 'offline';

  /**
   * Password steps waiting for the officer's second factor, by the hash of the kit's pending
   * cookie: the Rathaus's pending session and the password (needed to wrap the data key for the
   * officer). In memory only; gone at success, at a final refusal, or after pendingSecondFactorMinutes.
   */
  private readonly pendingLogins = new Map<string, { username: string; password: string; rathausCookie: string; rathausCsrfToken: string; csrfToken: string; expiresAt: Date; timer: NodeJS.Timeout }>();

  /**
   * The staff login of the kit's web UI (AppContext.passwordSignIn). With the Rathaus reachable,
   * it checks the password (and asks for the second factor where the account has one) and the
   * kit learns the escrow key; without it, the officer's own wrapping of the data key checks the
   * password, within the offline limits.
   */
  async signIn(input: { username: string; password: string }, client: ClientInfo): Promise<SignInResult> {
    const { username, password } = input;
    if (this.wiped) throw new AppError('KIT_WIPED', 'This kit was revoked by the Rathaus and has wiped its data.', 410);
    const normalized = normalizeUsername(username);
    const online = await this.onlineLogin(normalized, password);
    if (online && 'secondFactor' in online) {
      return { status: 'second_factor_required', session: this.holdPendingLogin(normalized, password, online.secondFactor) };
    }
    const userId = online ? online.userId : await this.offlineLogin(normalized, password);
    return this.finishLogin(userId, online ? 'online' : 'offline', client);
  }

  /**
   * The second step of an online login (AppContext.secondFactorSignIn): the code goes to the
   * Rathaus's second-factor route with the pending Rathaus session; then as a login without one.
   */
  async signInSecondFactor(input: { sessionToken: string | undefined; csrfToken: string | undefined; code: string }, client: ClientInfo): Promise<{ session: NewSession } & SignedIn> {
    if (this.wiped) throw new AppError('KIT_WIPED', 'This kit was revoked by the Rathaus and has wiped its data.', 410);
    const id = input.sessionToken ? sessionIdOf(input.sessionToken) : null;
    const pending = id ? this.pendingLogins.get(id) : undefined;
    if (!id || !pending || pending.expiresAt.getTime() <= this.ctx.now().getTime()) {
      if (id) this.dropPendingLogin(id);
      throw new AppError('SECOND_FACTOR_NOT_PENDING', 'No sign-in is waiting for a second factor, or it waited too long. Sign in with your username and password again.', 400);
    }
    if (input.csrfToken !== pending.csrfToken) {
      throw new AppError('CSRF_TOKEN_INVALID', 'The request lacks a valid X-CSRF-Token header. Reload the page and try again.', 403);
    }
    let response: Response;
    try {
      response = await this.fetchImpl(new URL('/api/auth/second-factor', this.identity.rathausUrl), {
        method: 'POST', headers: { 'content-type': 'application/json', cookie: pending.rathausCookie, 'x-csrf-token': pending.rathausCsrfToken },
        body: JSON.stringify({ code: input.code }), signal: AbortSignal.timeout(5_000),
      });
    } catch {
      this.dropPendingLogin(id);
      this.online = false;
      throw new AppError('KIT_RATHAUS_UNREACHABLE', 'The Rathaus cannot be reached any more. Sign in again with username and password; the kit then checks them offline.', 503);
    }
    if (!response.ok) {
      // The Rathaus's verdict as it gave it (wrong or reused code, lockout), for the officer.
      const refusal = await rathausRefusal(response, { code: 'SECOND_FACTOR_INVALID', message: 'The Rathaus refused the code.', status: 401 }, [400, 401, 403, 423, 429]);
      // A mistyped or reused code may be tried again, as at the Rathaus (its lockout counts the
      // failures); any other answer ends the pending login, and the password leaves the memory.
      if (refusal.code !== 'SECOND_FACTOR_INVALID' && refusal.code !== 'SECOND_FACTOR_REUSED') this.dropPendingLogin(id);
      throw refusal;
    }
    this.dropPendingLogin(id);
    const { userId } = await this.openWithEscrow(rathausCookieOf(response), pending.password);
    return this.finishLogin(userId, 'online', client);
  }

  /** Keeps a password step for the second factor; the kit's pending cookie is no session (nothing in the database). */
  private holdPendingLogin(username: string, password: string, rathaus: { cookie: string; csrfToken: string }): NewSession {
    for (const [id, other] of this.pendingLogins) if (other.username === username) this.dropPendingLogin(id);
    const token = newToken();
    const session: NewSession = { token, sessionId: sessionIdOf(token), csrfToken: newToken(), expiresAt: new Date(this.ctx.now().getTime() + pendingSecondFactorMinutes * 60_000) };
    const timer = setTimeout(() => this.pendingLogins.delete(session.sessionId), pendingSecondFactorMinutes * 60_000);
    timer.unref();
    this.pendingLogins.set(session.sessionId, { username, password, rathausCookie: rathaus.cookie, rathausCsrfToken: rathaus.csrfToken, csrfToken: session.csrfToken, expiresAt: session.expiresAt, timer });
    return session;
  }

  private dropPendingLogin(id: string): void {
    const pending = this.pendingLogins.get(id);
    if (pending) clearTimeout(pending.timer);
    this.pendingLogins.delete(id);
  }

  /** The data key is open: the working database, the officer's session on the kit, and online a sync. */
  private async finishLogin(userId: string, mode: 'online' | 'offline', client: ClientInfo): Promise<{ status: 'ok'; session: NewSession } & SignedIn> {
    const online = mode === 'online';
    await this.rebuildWorkingDatabase();
    const [user] = await this.db.select().from(staffUsers).where(eq(staffUsers.id, userId));
    if (!user) throw new Error('the officer is missing in the kit database');
    const session = await createSession(this.ctx, this.db, { userId, municipalityId: user.municipalityId, pendingSecondFactor: false, ...client });
    this.lastLoginMode = online ? 'online' : 'offline';
    this.lastOfficerId = userId;
    this.ctx.logger.info({ userId, mode: this.lastLoginMode }, 'officer logged in on the kit');
    // Online, the first thing is to bring the outbox up to date.
    if (online) void this.syncNow();
    return { status: 'ok', session, ...(await describeSignedIn(this.ctx, userId)) };
  }

  private async onlineLogin(username: string, password: string): Promise<{ userId: string } | { secondFactor: { cookie: string; csrfToken: string } } | null> {
    let response: Response;
    try {
      response = await this.fetchImpl(new URL('/api/auth/login', this.identity.rathausUrl), {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }), signal: AbortSignal.timeout(5_000),
      });
    } catch {
      this.online = false;
      return null;
    }
    this.online = true;
    if (!response.ok) {
      throw await rathausRefusal(response, { code: 'LOGIN_FAILED', message: 'The Rathaus refused the login.', status: 401 }, [403, 423]);
    }
    const cookie = rathausCookieOf(response);
    const body = await response.json() as { status?: string; csrfToken?: string };
    if (body.status === 'second_factor_required') return { secondFactor: { cookie, csrfToken: body.csrfToken ?? '' } };
    return this.openWithEscrow(cookie, password);
  }

  /** With a signed-in Rathaus session: the escrow key opens (or starts) the data key, wrapped anew for the officer. */
  private async openWithEscrow(cookie: string, password: string): Promise<{ userId: string }> {
    const escrowResponse = await this.fetchImpl(new URL('/api/kit/escrow', this.identity.rathausUrl), {
      headers: { authorization: `Bearer ${await this.sessionOrWipe()}`, cookie }, signal: AbortSignal.timeout(5_000),
    });
    if (!escrowResponse.ok) {
      throw await rathausRefusal(escrowResponse, { code: 'KIT_ESCROW_REFUSED', message: 'The Rathaus did not open the kit for this account.', status: 403 });
    }
    const { escrowKey, officer, municipality } = await escrowResponse.json() as {
      escrowKey: string; officer: { userId: string; username: string; displayName: string; roles: string[] }; municipality: { id: string; ags: string; name: string };
    };
    await this.db.insert(municipalities).values(municipality).onConflictDoNothing();
    if (!this.identity.municipality) {
      this.identity = { ...this.identity, municipality };
      writeKitIdentity(this.options.dir, this.identity);
    }
    const escrow = Buffer.from(escrowKey, 'base64url');
    const [stored] = await this.vault.select().from(kitKeys).where(eq(kitKeys.holder, 'escrow'));
    let dataKey: Buffer;
    if (stored) {
      dataKey = unwrapFromEscrow(stored.wrapped as unknown as WrappedKey, escrow, this.identity.kitId);
    } else {
      dataKey = newDataKey();
      await this.vault.insert(kitKeys).values({ holder: 'escrow', wrapped: wrapForEscrow(dataKey, escrow, this.identity.kitId) as unknown as Record<string, unknown> });
    }
    const wrapped = await wrapForOfficer(dataKey, password, this.kitSecret(), officer.userId) as unknown as Record<string, unknown>;
    const now = this.ctx.now();
    await this.vault.insert(kitKeys).values({
      holder: officer.userId, wrapped, username: officer.username, displayName: officer.displayName, roles: officer.roles, lastOnlineLoginAt: now, failedAttempts: 0,
    }).onConflictDoUpdate({ target: kitKeys.holder, set: { wrapped, username: officer.username, displayName: officer.displayName, roles: officer.roles, lastOnlineLoginAt: now, failedAttempts: 0 } });
    await this.ensureStaffUser(officer);
    this.dataKey = dataKey;
    return { userId: officer.userId };
  }

  // Offline there is no second factor: the TOTP seed stays sealed at the Rathaus, so the kit
  // cannot check a code. The officer's wrapped key (password + the secret of this paired kit, which
  // never leaves it) is the login, only within maxOfflineHours (72 h) of an online login that had
  // the code, and up to 5 wrong attempts.
  private async offlineLogin(username: string, password: string): Promise<string> {
    const [officer] = await this.vault.select().from(kitKeys).where(eq(kitKeys.username, username));
    if (!officer?.lastOnlineLoginAt) {
      throw new AppError('OFFLINE_LOGIN_UNKNOWN', 'The Rathaus is not reachable, and this account never logged in on this kit online; log in once with the network there.', 401);
    }
    const verdict = offlineLoginVerdict({ lastOnlineLoginAt: officer.lastOnlineLoginAt, failedAttempts: officer.failedAttempts }, this.ctx.now(),
      { maxOfflineHours: this.options.maxOfflineHours ?? 72, maxFailedAttempts: 5 });
    if (!verdict.allowed) throw new AppError(verdict.code, verdict.message, 401);
    try {
      this.dataKey = await unwrapForOfficer(officer.wrapped as unknown as WrappedKey, password, this.kitSecret(), officer.holder);
    } catch (error) {
      if (!(error instanceof VaultError)) throw error;
      await this.vault.update(kitKeys).set({ failedAttempts: officer.failedAttempts + 1 }).where(eq(kitKeys.holder, officer.holder));
      throw new AppError('INVALID_CREDENTIALS', 'Username or password is wrong (offline login).', 401);
    }
    await this.vault.update(kitKeys).set({ failedAttempts: 0 }).where(eq(kitKeys.holder, officer.holder));
    if (this.identity.municipality) await this.db.insert(municipalities).values(this.identity.municipality).onConflictDoNothing();
    await this.ensureStaffUser({ userId: officer.holder, username: officer.username ?? username, displayName: officer.displayName ?? username, roles: officer.roles ?? [] });
    return officer.holder;
  }

  private kitSecret(): Buffer {
    return Buffer.from(this.identity.kitSecret, 'base64url');
  }

  private async ensureStaffUser(officer: { userId: string; username: string; displayName: string; roles: string[] }): Promise<void> {
    const [municipality] = await this.db.select().from(municipalities).limit(1);
    if (!municipality) throw new Error('the kit database has no municipality');
    await this.db.insert(staffUsers).values({
      id: officer.userId, municipalityId: municipality.id, username: officer.username, displayName: officer.displayName, roles: officer.roles, passwordHash: '!kit',
    }).onConflictDoUpdate({ target: staffUsers.id, set: { displayName: officer.displayName, roles: officer.roles } });
  }

  private rebuilt = false;

  /**
   * After a start, the in-memory working database is empty: the packages (still valid) are loaded
   * again and the outbox's events are replayed through the same handlers the Rathaus uses (without
   * its checks, with the kit's own attachment contents), so the cases are where the officer left
   * them. Wiped biometrics come back as deleted attachments.
   */
  private async rebuildWorkingDatabase(): Promise<void> {
    if (this.rebuilt || !this.options.vault || this.options.vault === this.ctx.database) {
      this.rebuilt = true;
      return;
    }
    const rows = await this.vault.select().from(kitPackages).orderBy(asc(kitPackages.tourDate));
    for (const row of rows) {
      if (row.expiresAt <= this.ctx.now()) continue;
      await this.tourPackage(row.tourId).then((pkg) => loadTourPackage(this.db, pkg, { secret: this.ctx.config.secret })).catch((error: unknown) => this.ctx.logger.warn({ err: error, tourId: row.tourId }, 'package not loaded'));
    }
    const outbox = this.outbox();
    const handlers = kitEventHandlers(this.ctx, {
      checks: false, content: async (sha256) => (await outbox.attachment(sha256))?.content ?? null, visitSubjects: () => Promise.resolve(this.visitSubjects()),
    });
    const municipalityId = this.identity.municipality?.id ?? '';
    for (const entry of await outbox.all()) {
      const handler = handlers[entry.event.kind];
      // The access log is the Rathaus's to keep; the kit's copy went when it was locked.
      if (!handler || entry.event.streamId === this.accessLogStream()) continue;
      const capturedAt = new Date(entry.event.capturedAt);
      await this.db.transaction(async (raw) => {
        await handler(directIngestTx(raw as unknown as Db), entry.event, { kitId: this.identity.kitId, municipalityId, capturedAt, receivedAt: capturedAt });
      }).catch((error: unknown) => this.ctx.logger.error({ err: error, eventId: entry.event.id, kind: entry.event.kind }, 'kit replay: event not applied locally'));
    }
    // What the replay itself read is no officer's access: the access log continues after it.
    this.accessLogSeq = await this.accessLogHead();
    this.rebuilt = true;
  }

  private lastOfficerId: string | null = null;
  /** The last entry of the working database's access log that is in the outbox already. */
  private accessLogSeq = 0;

  /** The kit's access-log stream at the Rathaus: one per kit, the same after every restart. */
  accessLogStream(): string {
    return uuidFrom(`buergerkoffer-kit-access-log:${this.identity.kitId}`);
  }

  private async accessLogHead(): Promise<number> {
    const [row] = await this.db.select({ seq: sql<number | null>`max(${auditEntries.seq})` }).from(auditEntries);
    return Number(row?.seq ?? 0);
  }

  /**
   * The kit's access log (§ 40 BMG) goes to the Rathaus's: every entry the working database
   * recorded since the last drain becomes an audit.access event in the sealed outbox (its id
   * derived from the entry's chain hash, so a second drain of the same entry adds nothing).
   * Called before every answer of the field UI leaves, before a sync and before the kit locks, so the
   * in-memory log is in the vault before it can be lost.
   */
  drainAccessLog(): Promise<number> {
    // One drain at a time: requests end concurrently.
    const run = this.drainQueue.then(() => this.drainAccessLogOnce());
    this.drainQueue = run.catch(() => 0);
    return run;
  }

  private drainQueue: Promise<number> = Promise.resolve(0);

  private async drainAccessLogOnce(): Promise<number> {
    if (!this.dataKey || this.wiped) return 0;
    const entries = await this.db.select().from(auditEntries).where(gt(auditEntries.seq, this.accessLogSeq)).orderBy(asc(auditEntries.seq));
    if (entries.length === 0) return 0;
    const outbox = this.outbox();
    const streamId = this.accessLogStream();
    let appended = 0;
    for (const entry of entries) {
      const officerId = entry.actorId ?? this.lastOfficerId;
      const id = uuidFrom(entry.hash);
      if (officerId && !(await outbox.has(id))) {
        const { id: _rowId, prevHash: _prev, ...fields } = entry;
        await outbox.append(this.vault, {
          id, streamId, seq: await outbox.nextSeq(this.vault, streamId), kind: 'audit.access',
          payload: { entry: fields }, attachments: [], capturedAt: new Date(entry.at).toISOString(), officerId,
        }, []);
        appended += 1;
      }
      this.accessLogSeq = entry.seq;
    }
    return appended;
  }

  /** A kit session at the Rathaus; a revoked kit wipes itself here. */
  private async sessionOrWipe(): Promise<string> {
    try {
      const token = await this.client.session();
      this.pairing = 'active';
      return token;
    } catch (error) {
      if (error instanceof KitRevokedError) {
        await this.wipe();
        throw error;
      }
      throw error;
    }
  }

  /** Checks the pairing with the Rathaus and learns its package key once active. */
  async refreshPairing(): Promise<string> {
    const status = await this.client.pairingStatus() as { status: string; wipe: boolean; rathausKey?: JWK };
    this.online = true;
    this.pairing = status.status;
    if (status.wipe) await this.wipe();
    if (status.rathausKey && !this.identity.rathausKey) {
      this.identity = { ...this.identity, rathausKey: status.rathausKey };
      writeKitIdentity(this.options.dir, this.identity);
    }
    return status.status;
  }

  /**
   * Downloads the day's tour packages, checks and opens them and loads them into the kit's
   * database (register rows of the persons to be seen, fee tables, numbers).
   */
  async downloadPackages(date: string): Promise<{ tourId: string; persons: number; expiresAt: string }[]> {
    this.requireUnlocked();
    if (!this.identity.rathausKey) await this.refreshPairing();
    const rathausKey = this.identity.rathausKey;
    if (!rathausKey) throw new AppError('KIT_NOT_PAIRED', 'The kit is not paired yet; an admin approves it first.', 409);
    const response = await this.fetchImpl(new URL(`/api/kit/tour-packages?date=${date}`, this.identity.rathausUrl), {
      headers: { authorization: `Bearer ${await this.sessionOrWipe()}` }, signal: AbortSignal.timeout(60_000),
    });
    if (!response.ok) throw await rathausRefusal(response, { code: 'PACKAGE_DOWNLOAD_FAILED', message: 'The Rathaus did not hand out the tour packages.', status: 502 }, [403, 404, 409]);
    const { packages } = await response.json() as { packages: { tourId: string; expiresAt: string; sealed: string }[] };
    const loaded = [];
    for (const item of packages) {
      const pkg = await openPackage<TourPackage>(item.sealed, { kitEncryptionPrivateKey: this.identity.keys.encryption.privateJwk, rathausPublicKey: rathausKey }, { kitId: this.identity.kitId, now: this.ctx.now() });
      await loadTourPackage(this.db, pkg, { secret: this.ctx.config.secret });
      for (const [personId, digest] of Object.entries(pkg.basis)) this.basisCache.set(personId, digest);
      const numbers = [
        ...pkg.numbers.cases.numbers.map((number) => ({ number, series: 'case' })),
        ...pkg.numbers.receipts.numbers.map((number) => ({ number, series: 'receipt' })),
      ];
      if (numbers.length > 0) await this.vault.insert(kitNumbers).values(numbers).onConflictDoNothing();
      await this.vault.insert(kitPackages).values({ tourId: item.tourId, tourDate: pkg.tour.date, sealed: item.sealed, expiresAt: new Date(pkg.expiresAt) })
        .onConflictDoUpdate({ target: kitPackages.tourId, set: { sealed: item.sealed, expiresAt: new Date(pkg.expiresAt), loadedAt: this.ctx.now() } });
      loaded.push({ tourId: item.tourId, persons: pkg.register.persons.length, expiresAt: pkg.expiresAt });
    }
    return loaded;
  }

  /** The opened package of a tour the kit holds (for the field UI); refused after it expired. */
  async tourPackage(tourId: string): Promise<TourPackage> {
    this.requireUnlocked();
    const [row] = await this.vault.select().from(kitPackages).where(eq(kitPackages.tourId, tourId));
    if (!row || !this.identity.rathausKey) throw new AppError('PACKAGE_UNKNOWN', 'The kit holds no package for this tour.', 404);
    const pkg = await openPackage<TourPackage>(row.sealed, { kitEncryptionPrivateKey: this.identity.keys.encryption.privateJwk, rathausPublicKey: this.identity.rathausKey }, { kitId: this.identity.kitId, now: this.ctx.now() });
    for (const [personId, digest] of Object.entries(pkg.basis)) this.basisCache.set(personId, digest);
    return pkg;
  }

  /** One sync round now (or the one already running). */
  syncNow(): Promise<SyncReport | null> {
    if (!this.dataKey || this.wiped) return Promise.resolve(null);
    this.syncing ??= this.runSync().finally(() => { this.syncing = null; });
    return this.syncing;
  }

  private async runSync(): Promise<SyncReport | null> {
    const outbox = this.outbox();
    await this.drainAccessLog();
    try {
      await this.sessionOrWipe();
      this.online = true;
      const accessLogBefore = await outbox.accessLogUnsettled();
      const round = await syncOnce(outbox, this.client, { clock: () => this.ctx.now(), uploadConcurrency: this.ctx.config.kitUploadConcurrency });
      // The officer's figures are about their steps; the access log is counted apart (status.outbox.accessLogPending).
      const accessLogAfter = await outbox.accessLogUnsettled();
      const report = { ...round, confirmed: Math.max(0, round.confirmed - (accessLogBefore - accessLogAfter)), remaining: round.remaining - accessLogAfter };
      this.online = report.interruption === null;
      this.lastSyncAt = this.ctx.now();
      this.lastSyncError = report.interruption;
      await outbox.wipeExpiredBiometrics(this.ctx.now());
      await this.enforcePackageExpiry();
      return report;
    } catch (error) {
      this.online = !(error instanceof TypeError || (error instanceof Error && /fetch failed|ECONNREFUSED|aborted|timeout/i.test(error.message)));
      this.lastSyncError = error instanceof Error ? error.message : String(error);
      if (error instanceof KitRevokedError) return null;
      await outbox.wipeExpiredBiometrics(this.ctx.now()).catch(() => 0);
      return null;
    }
  }

  /** Revoked: everything about people and every key goes; the Rathaus gets the signed confirmation. */
  async wipe(): Promise<void> {
    const db = this.db;
    await this.vault.delete(kitOutbox);
    await this.vault.delete(kitBlobs);
    await this.vault.delete(kitKeys);
    await this.vault.delete(kitNumbers);
    await this.vault.delete(kitPackages);
    await clearWorkingData(db, { sessions: true });
    this.dataKey = null;
    this.wiped = true;
    this.pairing = 'revoked';
    await this.client.confirmWipe().catch((error: unknown) => this.ctx.logger.warn({ err: error }, 'kit wipe could not be confirmed to the Rathaus yet'));
    rmSync(identityFile(this.options.dir), { force: true });
  }

  /** Forgets the data key; with its own vault, the in-memory cases and register rows go too (rebuilt at the next login). */
  async lock(): Promise<void> {
    await this.drainAccessLog().catch((error: unknown) => this.ctx.logger.error({ err: error }, 'kit access log not saved before locking'));
    this.dataKey = null;
    if (this.options.vault && this.options.vault !== this.ctx.database) {
      await clearWorkingData(this.db, { sessions: false });
      this.accessLogSeq = 0;
      this.basisCache.clear();
      this.rebuilt = false;
    }
  }

  /** Locks the kit when no officer is signed in any more (logged out, or the sessions ran out). */
  async lockWhenIdle(): Promise<boolean> {
    if (!this.dataKey) return false;
    const now = this.ctx.now();
    const idleSince = new Date(now.getTime() - this.ctx.config.sessionIdleMinutes * 60_000);
    const [active] = await this.db.select({ n: sql<number>`count(*)::int` }).from(staffSessions)
      .where(and(gt(staffSessions.expiresAt, now), gt(staffSessions.lastSeenAt, idleSince), eq(staffSessions.pendingSecondFactor, false)));
    if (Number(active?.n ?? 0) > 0) return false;
    await this.lock();
    this.ctx.logger.info('kit locked: no officer signed in');
    return true;
  }

  async status(): Promise<KitStatus> {
    const packages = await this.vault.select({ tourId: kitPackages.tourId, tourDate: kitPackages.tourDate, expiresAt: kitPackages.expiresAt }).from(kitPackages).orderBy(asc(kitPackages.tourDate));
    return {
      kitName: this.identity.kitName, kitId: this.identity.kitId, rathausUrl: this.identity.rathausUrl, fingerprint: this.identity.fingerprint,
      pairing: this.pairing, online: this.online, unlocked: this.dataKey !== null,
      lastSyncAt: this.lastSyncAt?.toISOString() ?? null, lastSyncError: this.lastSyncError,
      packages: packages.map((p) => ({ ...p, expiresAt: p.expiresAt.toISOString() })),
      outbox: this.dataKey ? await this.outbox().summary() : null,
      wiped: this.wiped,
    };
  }

  /** Numbers left per series (the status page warns before they run out). */
  async numbersLeft(): Promise<Record<string, number>> {
    const rows = await this.vault.select({ series: kitNumbers.series, n: sql<number>`count(*)::int` }).from(kitNumbers).where(isNull(kitNumbers.usedAt)).groupBy(kitNumbers.series);
    return Object.fromEntries(rows.map((r) => [r.series, Number(r.n)]));
  }

  /**
   * After a package's expiry its register data is no longer opened on the kit: the persons of
   * expired packages (those no valid package still carries) and their cases leave the working
   * database. Their capture events stay sealed in the outbox until the Rathaus has them.
   */
  async enforcePackageExpiry(): Promise<{ expired: number; personsRemoved: number }> {
    const now = this.ctx.now();
    const rows = await this.vault.select().from(kitPackages);
    const expired = rows.filter((r) => r.expiresAt <= now);
    if (expired.length === 0 || !this.identity.rathausKey) return { expired: 0, personsRemoved: 0 };
    const keep = new Set<string>();
    for (const row of rows.filter((r) => r.expiresAt > now)) {
      const pkg = await openPackage<TourPackage>(row.sealed, { kitEncryptionPrivateKey: this.identity.keys.encryption.privateJwk, rathausPublicKey: this.identity.rathausKey }, { kitId: this.identity.kitId, now });
      for (const person of pkg.register.persons) keep.add(person.id);
    }
    const current = await this.db.select({ id: persons.id }).from(persons);
    const remove = current.map((p) => p.id).filter((id) => !keep.has(id));
    if (remove.length > 0) {
      const cases = await this.db.select({ id: serviceCases.id }).from(serviceCases).where(inArray(serviceCases.personId, remove));
      const caseIds = cases.map((c) => c.id);
      if (caseIds.length > 0) {
        for (const table of [caseAttachments, caseEvents, payments]) await this.db.delete(table).where(inArray(table.caseId, caseIds));
        const documents = await this.db.select({ id: issuedDocuments.id }).from(issuedDocuments).where(inArray(issuedDocuments.caseId, caseIds));
        if (documents.length > 0) await this.db.delete(documentVerifications).where(inArray(documentVerifications.documentId, documents.map((d) => d.id)));
        await this.db.delete(issuedDocuments).where(inArray(issuedDocuments.caseId, caseIds));
        await this.db.delete(serviceCases).where(inArray(serviceCases.id, caseIds));
      }
      await this.db.delete(personRelations).where(inArray(personRelations.relatedPersonId, remove));
      await this.db.delete(persons).where(inArray(persons.id, remove));
      for (const id of remove) this.basisCache.delete(id);
    }
    // An expired package's document key signs nothing more (documents it signed keep it for their verification).
    await this.db.execute(sql`delete from delegated_signing_key where valid_until <= ${now.toISOString()}
      and id not in (select signing_key_id from document_verification where signing_key_id is not null)`);
    this.ctx.logger.info({ expired: expired.length, personsRemoved: remove.length }, 'kit: register data of expired tour packages removed');
    return { expired: expired.length, personsRemoved: remove.length };
  }


}
