/**
 * JSON.stringify with two-space indentation, except that any object or array that fits on one
 * line within `width` stays on one line: a scenario config reads like its YAML, not a ladder.
 */
export function compactJson(value: unknown, width = 88): string {
  return render(value ?? null, '', width);
}

function render(value: unknown, indent: string, width: number): string {
  const flat = JSON.stringify(value) ?? 'null';
  if (value === null || typeof value !== 'object' || indent.length + flat.length <= width) return spaced(value, flat);
  const inner = indent + '  ';
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return `[\n${value.map((v) => inner + render(v, inner, width)).join(',\n')}\n${indent}]`;
  }
  const entries = Object.entries(value).filter(([, v]) => v !== undefined);
  if (entries.length === 0) return '{}';
  const lines = entries.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${render(v, inner, width)}`);
  return `{\n${lines.join(',\n')}\n${indent}}`;
}

/** One-line form with a space after `:` and `,` outside strings, like hand-written JSON. */
function spaced(value: unknown, flat: string): string {
  if (value === null || typeof value !== 'object') return flat;
  if (Array.isArray(value)) return `[${value.map((v) => spaced(v, JSON.stringify(v) ?? 'null')).join(', ')}]`;
  const parts = Object.entries(value)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${JSON.stringify(k)}: ${spaced(v, JSON.stringify(v) ?? 'null')}`);
  return parts.length ? `{ ${parts.join(', ')} }` : '{}';
}
