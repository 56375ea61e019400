import { z } from 'zod';
import { backendErrors } from './backend-errors.js';
import { backendJitter } from './backend-jitter.js';
import { backendLatency } from './backend-latency.js';
import { backendOutage } from './backend-outage.js';
import { backendRateLimit } from './backend-rate-limit.js';
import { backendReset } from './backend-reset.js';
import { backendSlowdown } from './backend-slowdown.js';
import { crashService } from './crash-service.js';
import { command } from './command.js';
import { crashWorker } from './crash-worker.js';
import type { FaultBase, FaultModule } from './types.js';

/** Every fault kind gameday knows. Adding one: its file, and a line here. */
const MODULES = [
  backendOutage,
  backendLatency,
  backendSlowdown,
  backendErrors,
  backendRateLimit,
  backendReset,
  crashService,
  crashWorker,
  backendJitter,
  command,
] as const;

type SchemasOf<M extends readonly unknown[]> = { -readonly [K in keyof M]: M[K] extends { optionsSchema: infer S } ? S : never };
type Schemas = SchemasOf<typeof MODULES>;

/** One entry of a scenario's `faults:` list, whichever its kind. */
export const faultSchema = z.discriminatedUnion('kind', MODULES.map((m) => m.optionsSchema) as unknown as Schemas);

export type Fault = z.output<typeof faultSchema>;

const byKind = new Map<string, FaultModule<FaultBase>>();
for (const m of MODULES) {
  if (byKind.has(m.kind)) throw new Error(`fault kind ${m.kind} is registered twice`);
  byKind.set(m.kind, m as unknown as FaultModule<FaultBase>);
}

/** The module of a parsed fault (its kind was checked by the schema). */
export function faultModule<F extends FaultBase>(f: F): FaultModule<F> {
  const m = byKind.get(f.kind);
  if (!m) throw new Error(`unknown fault kind ${f.kind}`);
  return m as unknown as FaultModule<F>;
}

export function faultKinds(): string[] {
  return [...byKind.keys()];
}
