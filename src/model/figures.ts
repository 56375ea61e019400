/** The sections of a result that hold the figures gates read (counts, rates, latencies, the queue, tokens, recovery). */
export const FIGURE_SECTIONS = ['totals', 'rates', 'latency_ms', 'admission_latency_ms', 'queue', 'by_priority', 'tokens', 'recovery'] as const;
export type FigureSection = (typeof FIGURE_SECTIONS)[number];

/**
 * A copy of `r` with every number in its figure sections replaced by `f(path, n)`, where path
 * names it (`['totals', 'lost']`, `['by_priority', 'high', 'shed']`); everything else is shared.
 */
export function mapFigures<T extends object>(r: T, f: (path: string[], n: number) => number): T {
  const walk = (value: unknown, path: string[]): unknown => {
    if (typeof value === 'number') return f(path, value);
    if (value && typeof value === 'object' && !Array.isArray(value))
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v, [...path, k])]));
    return value;
  };
  const out = { ...r } as Record<string, unknown>;
  for (const s of FIGURE_SECTIONS) if (out[s] !== undefined) out[s] = walk(out[s], [s]);
  return out as T;
}

/** The value at `path` in a result (or its figures), or undefined. */
export function figureAt(r: unknown, path: string[]): unknown {
  return path.reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), r);
}
