import type { Config } from './config.ts';
import type { AppContext } from './context.ts';
import type { Database } from './db/database.ts';
import { createLogger } from './logger.ts';

export function testConfig(overrides: Partial<Config> = {}): Config {
  return {
    databaseUrl: undefined,
    port: 0,
    publicUrl: 'https://buergerkoffer.example',
    host: '127.0.0.1',
    dataDir: '/tmp/buergerkoffer-test',
    env: 'test',
    logLevel: 'silent',
    secret: 'test-secret-test-secret-test-secret-0123456789',
    sessionTtlMinutes: 480,
    sessionIdleMinutes: 30,
    cookieSecure: false,
    loginRateLimitPerMinute: 1000,
    outboxDir: '/tmp/buergerkoffer-test/outbox',
    outboxTransport: 'file_drop',
    outboxMaxAttempts: 10,
    outboxRetrySeconds: 60,
    smtpUrl: undefined,
    mailFrom: 'Bürgerbüro Bochum <buergerbuero@bochum.example>',
    imapUrl: undefined,
    imapPollSeconds: 60,
    osrmUrl: undefined,
    plannerSpeedKmh: 25,
    plannerDetourFactor: 1.3,
    plannerSetupMinutes: 10,
    plannerTimeLimitSeconds: 1,
    kitPackageValidDays: 1,
    kitUploadConcurrency: 2,
    devicePrinter: 'simulator',
    deviceScanner: 'simulator',
    devicePayment: 'simulator',
    deviceChangeTerminal: 'simulator',
    ...overrides,
  };
}

/** An AppContext for tests, with a clock the test can move. */
export function testContext(database: Database, options: { now?: Date; config?: Partial<Config> } = {}): AppContext & { setNow(date: Date): void } {
  let now = options.now ?? new Date();
  return {
    config: testConfig(options.config),
    database,
    logger: createLogger('silent'),
    now: () => now,
    setNow(date: Date) { now = date; },
  };
}
