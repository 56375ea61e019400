import { describe, expect, it } from 'vitest';
import { scenario } from '../../test/helpers/scenario.js';
import { ConfigError } from '../model/index.js';

const minimal = (backend: Record<string, unknown>) =>
  scenario({ name: 'models', traffic: { phases: [{ duration: '1s', rate: 1 }] }, service: { strategy: 'drop', capacity: 2, workers: 1 }, backend });

describe('backend.model and backend.models', () => {
  it('defaults to a documented model, and takes any documented id or alias', () => {
    expect(minimal({}).backend.model).toBe('claude-haiku-5-5');
    for (const model of ['claude-opus-5-5', 'claude-haiku-4-5', 'claude-haiku-4-5-20251001']) expect(minimal({ model }).backend.model).toBe(model);
  });

  it('takes an id the docs do not list when backend.models names it', () => {
    expect(minimal({ model: 'claude-haiku-5-5-ft-support', models: ['claude-haiku-5-5-ft-support'] }).backend.models).toEqual(['claude-haiku-5-5-ft-support']);
  });

  it('refuses an id neither documented nor in backend.models, naming the field and the fix', () => {
    let err: unknown;
    try {
      minimal({ model: 'claude-haiku-9' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as Error).message).toMatch(
      /backend\.model: Expected `backend\.model` to be a documented Claude API id \(such as claude-haiku-5-5\), got "claude-haiku-9": .*list it in `backend\.models`/,
    );
  });
});
