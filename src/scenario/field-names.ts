import { z } from 'zod';
import { scenarioSchema } from './schema.js';

/** A JSON Schema node, as much of one as the walk reads. */
interface Node {
  properties?: Record<string, Node>;
  additionalProperties?: unknown;
  items?: Node;
  anyOf?: Node[];
  oneOf?: Node[];
  allOf?: Node[];
}

let cached: Node | undefined;

/** The scenario's schema as written (the same one scenarios/schema.json is generated from), made once, on the first typo. */
function schema(): Node {
  cached ??= z.toJSONSchema(scenarioSchema, { io: 'input', unrepresentable: 'any' }) as Node;
  return cached;
}

/** The node and the forms it may take (`anyOf`: a strategy is a name or a mapping). */
function forms(node: Node): Node[] {
  const alternatives = [...(node.anyOf ?? []), ...(node.oneOf ?? []), ...(node.allOf ?? [])];
  return [node, ...alternatives.flatMap(forms)];
}

/**
 * The field names the mapping at `path` accepts, when it is a closed mapping of the scenario's own
 * schema; undefined when the path is not one (a strategy's options are checked by the strategy).
 */
export function knownFields(path: readonly PropertyKey[]): string[] | undefined {
  let nodes = [schema()];
  for (const key of path) {
    const next = nodes.flatMap(forms).flatMap((n) => {
      const child = typeof key === 'number' ? n.items : n.properties?.[String(key)];
      return child ? [child] : [];
    });
    if (!next.length) return undefined;
    nodes = next;
  }
  const mappings = nodes.flatMap(forms).filter((n) => n.properties);
  if (!mappings.length || mappings.some((n) => n.additionalProperties !== false)) return undefined;
  return [...new Set(mappings.flatMap((n) => Object.keys(n.properties ?? {})))];
}

/** The known name closest to a mistyped one, a few edits away (more for longer names), or undefined. */
export function closestField(name: string, known: readonly string[]): string | undefined {
  const limit = Math.min(3, Math.max(1, Math.ceil(name.length / 4)));
  let best: { name: string; distance: number } | undefined;
  for (const candidate of known) {
    const distance = editDistance(name.toLowerCase(), candidate.toLowerCase());
    if (distance <= limit && (!best || distance < best.distance)) best = { name: candidate, distance };
  }
  return best?.name;
}

/** Levenshtein distance: the fewest single-character inserts, deletes and changes. */
function editDistance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) next[j] = Math.min(row[j] + 1, next[j - 1] + 1, row[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    row = next;
  }
  return row[b.length];
}
