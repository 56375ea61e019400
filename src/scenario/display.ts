import type { z } from 'zod';
import { MS_PER_UNIT, duration } from '../units/index.js';
import type { StrategyCatalog, Scenario } from './load.js';
import { scenarioSchema } from './schema.js';

/**
 * The resolved scenario as a file would write it (defaults filled, every duration with its unit),
 * for `gameday plan`: durations are found by walking the schema, so a new duration field shows
 * with its unit without being listed here.
 */
export function displayScenario(s: Scenario, catalog: StrategyCatalog): Record<string, unknown> {
  const { source: _source, timeScale: _timeScale, ...rest } = s;
  const { strategy, ...serviceRest } = s.service;
  const shown = withUnits(scenarioSchema, { ...rest, service: serviceRest }) as Record<string, unknown>;
  const options = withUnits(catalog.optionsSchema(strategy.type), strategy.options) as Record<string, unknown>;
  if (s.service.url === undefined) (shown.service as Record<string, unknown>).strategy = { type: strategy.type, ...options };
  return shown;
}

/** 5000 → "5s", 90000 → "90s"... the largest unit that writes it exactly. */
export function exactDuration(ms: number): string {
  if (ms === 0) return '0s';
  for (const unit of ['h', 'm', 's'] as const) if (ms >= MS_PER_UNIT[unit] && ms % MS_PER_UNIT[unit] === 0) return `${ms / MS_PER_UNIT[unit]}${unit}`;
  return `${+ms.toFixed(3)}ms`;
}

type Def = {
  type: string;
  innerType?: z.ZodType;
  in?: z.ZodType;
  shape?: Record<string, z.ZodType>;
  element?: z.ZodType;
  options?: z.ZodType[];
  discriminator?: string;
  values?: unknown[];
};
const defOf = (schema: z.ZodType): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;

function withUnits(schema: z.ZodType | undefined, value: unknown): unknown {
  if (schema === undefined || value === undefined || value === null) return value;
  if (schema === duration) return typeof value === 'number' ? exactDuration(value) : value;
  const def = defOf(schema);
  if (def.innerType) return withUnits(def.innerType, value);
  if (def.type === 'pipe') return withUnits(def.in, value);
  if (def.type === 'array' && Array.isArray(value)) return value.map((v) => withUnits(def.element, v));
  if (def.type === 'object' && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withUnits(def.shape?.[k], v)]));
  }
  if (def.type === 'union' && def.discriminator && typeof value === 'object') {
    const tag = (value as Record<string, unknown>)[def.discriminator];
    const option = def.options?.find((o) => defOf(defOf(o).shape![def.discriminator!]).values?.includes(tag));
    return withUnits(option, value);
  }
  if (def.type === 'union' && typeof value === 'object') {
    // The object form whose fields are the value's (a probe is `{ name, http }` or `{ name, command }`).
    const objects = def.options?.filter((o) => defOf(o).type === 'object') ?? [];
    const keys = Object.keys(value);
    return withUnits(objects.find((o) => keys.every((k) => k in (defOf(o).shape ?? {}))) ?? objects[0], value);
  }
  return value;
}
