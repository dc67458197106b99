import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';

/** Raised when the environment cannot be turned into a valid configuration. */
export class ConfigError extends Error {
  readonly code = 'CONFIG_INVALID';
  readonly issues: readonly string[];
  constructor(issues: readonly string[]) {
    super(`Invalid configuration:\n${issues.map((issue) => `  - ${issue}`).join('\n')}`);
    this.issues = issues;
  }
}

const envSchema = z.object({
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// (leave it unset to use the embedded database)')
    .optional(),
  PORT: z.coerce.number().int().min(1, 'must be 1–65535').max(65535, 'must be 1–65535').default(3000),
  /** The address citizens reach the server at (printed in verification QR codes); default http://localhost:<PORT>. */
  PUBLIC_URL: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL such as https://buergerkoffer.bochum.de' }).optional(),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATA_DIR: z.string().min(1).default('./data'),
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Secret for encrypting second-factor seeds at rest; at least 32 characters. */
  BK_SECRET: z.string().min(32, 'must be at least 32 characters (generate one with: openssl rand -hex 32)').optional(),
  SESSION_TTL_MINUTES: z.coerce.number().int().min(5).max(24 * 60).default(8 * 60),
  SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(30),
  /** Send cookies with the Secure flag; on by default in production (behind TLS). */
  COOKIE_SECURE: z.enum(['true', 'false']).optional(),
  LOGIN_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(10),
  /** Where the file-drop transport puts outgoing messages; default DATA_DIR/outbox. */
  OUTBOX_DIR: z.string().min(1).optional(),
  /** How outgoing messages leave: file_drop (a directory another system collects from). OSCI/XTA fit behind the same interface. */
  OUTBOX_TRANSPORT: z.enum(['file_drop']).default('file_drop'),
  OUTBOX_MAX_ATTEMPTS: z.coerce.number().int().min(1, 'must be 1–100').max(100, 'must be 1–100').default(10),
  /** First retry delay; each further retry waits twice as long (capped at 6 hours). */
  OUTBOX_RETRY_SECONDS: z.coerce.number().int().min(1, 'must be 1–3600').max(3600, 'must be 1–3600').default(60),
  /** Outgoing mail server, e.g. smtp://user:pass@mail.bochum.de:587 (smtps:// for implicit TLS). Unset: mails are written as .eml files to DATA_DIR/mail-out. */
  SMTP_URL: z.string().regex(/^smtps?:\/\//, 'must start with smtp:// or smtps://').optional(),
  /** Sender of mails to citizens, e.g. "Bürgerbüro Bochum <buergerbuero@bochum.de>". */
  MAIL_FROM: z.string().min(3).default('Bürgerbüro <buergerbuero@localhost>'),
  /** The intake mailbox, e.g. imaps://user:pass@mail.bochum.de:993/INBOX. Unset: no mail intake. */
  IMAP_URL: z.string().regex(/^imaps?:\/\//, 'must start with imap:// or imaps://').optional(),
  IMAP_POLL_SECONDS: z.coerce.number().int().min(10, 'must be 10–3600').max(3600, 'must be 10–3600').default(60),
  /** An OSRM-compatible routing server for travel times (its /table API); unset: straight-line distance × detour factor at the average speed. */
  OSRM_URL: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL such as http://127.0.0.1:5000' }).optional(),
  PLANNER_SPEED_KMH: z.coerce.number().min(5, 'must be 5–120').max(120, 'must be 5–120').default(25),
  PLANNER_DETOUR_FACTOR: z.coerce.number().min(1, 'must be 1–3').max(3, 'must be 1–3').default(1.3),
  /** Set-up time per stop (unpacking the kit, camera, tripod). */
  PLANNER_SETUP_MINUTES: z.coerce.number().int().min(0).max(120).default(10),
  KIT_PACKAGE_VALID_DAYS: z.coerce.number().int().min(0).max(14).default(1),
  /** Attachment uploads the kit keeps on the link at once (more fills a slow uplink, up to a point). */
  KIT_UPLOAD_CONCURRENCY: z.coerce.number().int().min(1, 'must be 1–4').max(4, 'must be 1–4').default(2),
  PLANNER_TIME_LIMIT_SECONDS: z.coerce.number().min(0.1).max(120).default(3),
  /** Where the tours start and end (the Bürgerbüro) as "latitude,longitude"; unset: Bochum Rathaus. */
  PLANNER_DEPOT: z.string().regex(/^-?\d{1,2}(\.\d+)?,\s*-?\d{1,3}(\.\d+)?$/, 'must be "latitude,longitude" such as 51.4818,7.2162').optional(),
  /** Proof of work of the public request form: leading zero bits of SHA-256 (18 ≈ 1–2 s on a phone). */
  PORTAL_POW_BITS: z.coerce.number().int().min(1, 'must be 1–28').max(28, 'must be 1–28').default(18),
  /** The kit printer: ipp://host:631/ipp/print, ipps://… or simulator (checked at start-up by devicePortsFromConfig). */
  DEVICE_PRINTER: z.string().trim().min(1).default('simulator'),
  /** The kit scanner: escl://host/eSCL, escls://…, sane:<device> or simulator. */
  DEVICE_SCANNER: z.string().trim().min(1).default('simulator'),
  /** The card terminal: zvt://host:20007 (optional ?password=000000), simulator or zvt-sim. */
  DEVICE_PAYMENT: z.string().trim().min(1).default('simulator'),
  /** The Änderungsterminal: ausweisapp://127.0.0.1:24727 (AusweisApp's SDK WebSocket on the kit notebook) or simulator. */
  DEVICE_CHANGE_TERMINAL: z.string().trim().min(1).default('simulator'),
});

export interface Config {
  databaseUrl: string | undefined;
  port: number;
  /** Base URL without trailing slash, e.g. https://buergerkoffer.bochum.de. */
  publicUrl: string;
  host: string;
  dataDir: string;
  env: 'development' | 'production' | 'test';
  logLevel: string;
  secret: string;
  sessionTtlMinutes: number;
  sessionIdleMinutes: number;
  cookieSecure: boolean;
  loginRateLimitPerMinute: number;
  outboxDir: string;
  outboxTransport: 'file_drop';
  outboxMaxAttempts: number;
  outboxRetrySeconds: number;
  smtpUrl: string | undefined;
  mailFrom: string;
  imapUrl: string | undefined;
  imapPollSeconds: number;
  osrmUrl: string | undefined;
  plannerSpeedKmh: number;
  plannerDetourFactor: number;
  plannerSetupMinutes: number;
  /** A tour package expires at the end of the tour's day plus this many days (Europe/Berlin). */
  kitPackageValidDays: number;
  /** Uploads the kit's sync keeps in flight. */
  kitUploadConcurrency: number;
  plannerTimeLimitSeconds: number;
  /** The depot of the tours; absent = the planner's default (Bochum Rathaus). */
  plannerDepot?: { latitude: number; longitude: number };
  /** Proof-of-work difficulty of the public request form in bits; absent = 18 (tests lower it). */
  portalPowBits?: number;
  /** Device addresses as src/devices/from-config.ts takes them; 'simulator' = no hardware. */
  devicePrinter: string;
  deviceScanner: string;
  devicePayment: string;
  deviceChangeTerminal: string;
}

/**
 * Reads and validates the configuration from environment variables.
 * Without BK_SECRET outside production, a secret is generated once and kept in DATA_DIR
 * so the demo works without setup; production refuses to start without one.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== '')));
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
  }
  const e = parsed.data;
  const dataDir = resolve(e.DATA_DIR);
  let secret = e.BK_SECRET;
  if (!secret) {
    if (e.NODE_ENV === 'production') {
      throw new ConfigError(['BK_SECRET: required in production (generate one with: openssl rand -hex 32)']);
    }
    secret = readOrCreateLocalSecret(dataDir);
  }
  return {
    databaseUrl: e.DATABASE_URL,
    port: e.PORT,
    publicUrl: (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, ''),
    host: e.HOST,
    dataDir,
    env: e.NODE_ENV,
    logLevel: e.LOG_LEVEL,
    secret,
    sessionTtlMinutes: e.SESSION_TTL_MINUTES,
    sessionIdleMinutes: e.SESSION_IDLE_MINUTES,
    cookieSecure: e.COOKIE_SECURE ? e.COOKIE_SECURE === 'true' : e.NODE_ENV === 'production',
    loginRateLimitPerMinute: e.LOGIN_RATE_LIMIT_PER_MINUTE,
    outboxDir: e.OUTBOX_DIR ? resolve(e.OUTBOX_DIR) : join(dataDir, 'outbox'),
    outboxTransport: e.OUTBOX_TRANSPORT,
    outboxMaxAttempts: e.OUTBOX_MAX_ATTEMPTS,
    outboxRetrySeconds: e.OUTBOX_RETRY_SECONDS,
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    imapUrl: e.IMAP_URL,
    imapPollSeconds: e.IMAP_POLL_SECONDS,
    osrmUrl: e.OSRM_URL?.replace(/\/+$/, ''),
    plannerSpeedKmh: e.PLANNER_SPEED_KMH,
    plannerDetourFactor: e.PLANNER_DETOUR_FACTOR,
    plannerSetupMinutes: e.PLANNER_SETUP_MINUTES,
    kitPackageValidDays: e.KIT_PACKAGE_VALID_DAYS,
    kitUploadConcurrency: e.KIT_UPLOAD_CONCURRENCY,
    plannerTimeLimitSeconds: e.PLANNER_TIME_LIMIT_SECONDS,
    portalPowBits: e.PORTAL_POW_BITS,
    devicePrinter: e.DEVICE_PRINTER,
    deviceScanner: e.DEVICE_SCANNER,
    devicePayment: e.DEVICE_PAYMENT,
    deviceChangeTerminal: e.DEVICE_CHANGE_TERMINAL,
    ...(e.PLANNER_DEPOT ? { plannerDepot: depotOf(e.PLANNER_DEPOT) } : {}),
  };
}

function depotOf(value: string): { latitude: number; longitude: number } {
  const [latitude, longitude] = value.split(',').map((part) => Number(part.trim()));
  return { latitude: latitude!, longitude: longitude! };
}

function readOrCreateLocalSecret(dataDir: string): string {
  const file = join(dataDir, 'secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString('hex');
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}
