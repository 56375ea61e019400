import { z } from 'zod';
import type { StrategyCatalog } from './load.js';
import { scenarioSchema } from './schema.js';

type Json = Record<string, unknown>;

/** The loader's catalog, plus one line on what each strategy does, for an editor's completion list. */
export type DescribedCatalog = StrategyCatalog & { describe?(name: string): string | undefined };

/** The scenario as written, not as parsed: durations as strings, defaults left to the loader. */
const toJson = (schema: z.ZodType): Json => z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Json;

/**
 * The JSON Schema of a scenario file, for editors that complete and check YAML as you type. The
 * scenario's own schema takes any `strategy:` and leaves its options to the loader, which checks
 * them with the chosen strategy's schema; here the same schemas fill that field in, one
 * alternative per strategy, so an editor knows each name and each option as the loader does.
 */
export function scenarioJsonSchema(catalog: DescribedCatalog): Json {
  const { $schema, ...root } = toJson(scenarioSchema);
  const service = (root.properties as Record<string, Json>).service;
  const fields = service.properties as Record<string, Json>;
  if (!fields.strategy) throw new Error('service.strategy is missing from the scenario schema: the strategies have nowhere to go');
  fields.strategy = strategyField(catalog);
  return { title: 'gameday scenario', $schema, ...root };
}

/** `strategy:` is a name, or `{ type, ...options }` with exactly that strategy's options (each schema is strict). */
function strategyField(catalog: DescribedCatalog): Json {
  const names = catalog.names();
  const describe = (name: string) => catalog.describe?.(name) ?? name;
  return {
    oneOf: [
      // enumDescriptions: the line an editor shows beside each name it offers.
      { type: 'string', enum: names, enumDescriptions: names.map(describe) },
      ...names.map((name) => strategyOptions(name, describe(name), catalog.optionsSchema(name))),
    ],
  };
}

function strategyOptions(name: string, description: string, schema: z.ZodType | undefined): Json {
  // Each alternative sits inside the scenario's schema: the dialect is named once, at the top.
  const { $schema: _, ...options } = schema ? toJson(schema) : {};
  if (options.type !== 'object' || typeof options.properties !== 'object' || options.$defs)
    throw new Error(`strategy ${JSON.stringify(name)}: its options must be one object schema to be written into a scenario's JSON Schema`);
  const required = Array.isArray(options.required) ? (options.required as string[]) : [];
  return {
    description,
    ...options,
    properties: { type: { type: 'string', const: name }, ...(options.properties as Json) },
    required: ['type', ...required],
  };
}
