import { describe, expect, it } from 'vitest';
import { processEnvironment } from './environment.js';

describe('a managed process’s environment', () => {
  const inherited = {
    PATH: '/usr/bin',
    HOME: '/home/u',
    ANTHROPIC_API_KEY: 'real-key-withheld-test',
    ANTHROPIC_AUTH_TOKEN: 'real-token',
    ANTHROPIC_BASE_URL: 'https://api.anthropic.com',
    AWS_SECRET_ACCESS_KEY: 'aws',
    GITHUB_TOKEN: 'gh',
    DB_PASSWORD: 'pw',
    NODE_ENV: 'production',
  };
  const fixed = { ANTHROPIC_BASE_URL: 'http://127.0.0.1:9/', GAMEDAY_PROCESS: 'api' };
  const defaults = { ANTHROPIC_API_KEY: 'gameday-mock' };

  it('keeps the ordinary variables and withholds every credential, naming them', () => {
    const { env, withheld } = processEnvironment({ inherited, defaults, fixed });
    expect(env).toEqual({ PATH: '/usr/bin', HOME: '/home/u', NODE_ENV: 'production', ANTHROPIC_API_KEY: 'gameday-mock', ...fixed });
    expect(withheld).toEqual(['ANTHROPIC_AUTH_TOKEN', 'AWS_SECRET_ACCESS_KEY', 'DB_PASSWORD', 'GITHUB_TOKEN']);
    expect(Object.values(env)).not.toContain('real-key-withheld-test');
    expect(Object.values(env)).not.toContain('real-token');
  });

  it('passes a credential the scenario names on purpose; the run’s own variables still win', () => {
    const scenario = { DB_PASSWORD: 'from-scenario', ANTHROPIC_API_KEY: 'the-scenario-key', ANTHROPIC_BASE_URL: 'http://elsewhere/' };
    const { env, withheld } = processEnvironment({ inherited, defaults, scenario, fixed });
    expect(env.DB_PASSWORD).toBe('from-scenario');
    expect(env.ANTHROPIC_API_KEY).toBe('the-scenario-key');
    expect(env.ANTHROPIC_BASE_URL).toBe(fixed.ANTHROPIC_BASE_URL);
    expect(withheld).toEqual(['ANTHROPIC_AUTH_TOKEN', 'AWS_SECRET_ACCESS_KEY', 'GITHUB_TOKEN']);
  });
});
