import type { z } from 'zod';
import { ConfigError } from '../model/index.js';
import { block } from './block.js';
import { drop } from './drop.js';
import { persistent } from './persistent.js';
import { priorityShed } from './priority-shed.js';
import { raise } from './raise.js';
import { reject429 } from './reject-429.js';
import { reject503 } from './reject-503.js';
import type { StrategyModule } from './types.js';
import { unbounded } from './unbounded.js';
import { lifoShed } from './lifo-shed.js';

// Modules are typed by their own options; the registry hands them out by name only.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any options: each module checks its own with its schema
type AnyStrategyModule = StrategyModule<any>;

const modules = new Map<string, AnyStrategyModule>();

/** Adds a strategy under its `type`. Registering a name twice is a bug, so it throws. */
export function registerStrategy(module: AnyStrategyModule): void {
  if (modules.has(module.type)) throw new Error(`strategy "${module.type}" is already registered`);
  modules.set(module.type, module);
}

export function strategyNames(): string[] {
  return [...modules.keys()];
}

export function getStrategy(type: string): AnyStrategyModule {
  const m = modules.get(type);
  if (!m) throw new ConfigError(`Unknown strategy ${JSON.stringify(type)}; expected one of: ${strategyNames().join(', ')}`, 'GD_ERR_STRATEGY');
  return m;
}

/** What the scenario needs: names, option schemas and one line on each, nothing else. */
export const strategyCatalog = {
  names: strategyNames,
  optionsSchema: (type: string): z.ZodType | undefined => modules.get(type)?.optionsSchema,
  describe: (type: string): string | undefined => modules.get(type)?.describe,
};

for (const m of [drop, raise, reject429, reject503, priorityShed, persistent, unbounded, block, lifoShed]) registerStrategy(m);
