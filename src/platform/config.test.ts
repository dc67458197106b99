import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

const base = { DATA_DIR: '/tmp/buergerkoffer-config-test', BK_SECRET: 'x'.repeat(32) };

describe('loadConfig', () => {
  it('applies defaults', () => {
    const config = loadConfig(base);
    expect(config.port).toBe(3000);
    expect(config.databaseUrl).toBeUndefined();
    expect(config.kitUploadConcurrency).toBe(2);
    expect(loadConfig({ ...base, KIT_UPLOAD_CONCURRENCY: '3' }).kitUploadConcurrency).toBe(3);
  });

  it.each([
    [{ PORT: '70000' }, 'PORT'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ BK_SECRET: 'short' }, 'BK_SECRET'],
    [{ OUTBOX_TRANSPORT: 'osci' }, 'OUTBOX_TRANSPORT'],
    [{ OUTBOX_MAX_ATTEMPTS: '0' }, 'OUTBOX_MAX_ATTEMPTS'],
    [{ OUTBOX_RETRY_SECONDS: 'soon' }, 'OUTBOX_RETRY_SECONDS'],
    [{ KIT_UPLOAD_CONCURRENCY: '0' }, 'KIT_UPLOAD_CONCURRENCY'],
  ])('rejects %j naming the variable', (env, name) => {
    expect(() => loadConfig({ ...base, ...env })).toThrowError(new RegExp(`${name}: `));
  });

  it('puts the outbox under DATA_DIR unless OUTBOX_DIR says otherwise', () => {
    expect(loadConfig(base)).toMatchObject({
      outboxDir: '/tmp/buergerkoffer-config-test/outbox', outboxTransport: 'file_drop', outboxMaxAttempts: 10, outboxRetrySeconds: 60,
    });
    expect(loadConfig({ ...base, OUTBOX_DIR: '/srv/drop', OUTBOX_MAX_ATTEMPTS: '3', OUTBOX_RETRY_SECONDS: '5' }))
      .toMatchObject({ outboxDir: '/srv/drop', outboxMaxAttempts: 3, outboxRetrySeconds: 5 });
  });

  it('requires a secret in production', () => {
    expect(() => loadConfig({ DATA_DIR: base.DATA_DIR, NODE_ENV: 'production' })).toThrow(ConfigError);
  });
});
