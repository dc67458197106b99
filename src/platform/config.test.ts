import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

const base = { DATA_DIR: '/tmp/buergerkoffer-config-test', BK_SECRET: 'x'.repeat(32) };

describe('loadConfig', () => {
  it('applies defaults', () => {
    const config = loadConfig(base);
    expect(config.port).toBe(3000);
    expect(config.databaseUrl).toBeUndefined();
  });

  it.each([
    [{ PORT: '70000' }, 'PORT'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ BK_SECRET: 'short' }, 'BK_SECRET'],
  ])('rejects %j naming the variable', (env, name) => {
    expect(() => loadConfig({ ...base, ...env })).toThrowError(new RegExp(`${name}: `));
  });

  it('requires a secret in production', () => {
    expect(() => loadConfig({ DATA_DIR: base.DATA_DIR, NODE_ENV: 'production' })).toThrow(ConfigError);
  });
});
