import { minOf } from '../units/index.js';

/** Edit distance with adjacent transpositions counted as one edit (`lsot` → `lost` is 1). */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

/**
 * Up to `max` of the candidates closest to `input`, in catalogue order. Close means a few edits away
 * (more allowed for longer names) or, failing that, starting with `input` (3 characters or more: `p99`).
 */
export function closestNames(input: string, candidates: readonly string[], max = 3): string[] {
  const needle = input.toLowerCase();
  const limit = Math.min(3, Math.max(1, Math.ceil(needle.length / 4)));
  const scored: { name: string; score: number }[] = [];
  for (const name of candidates) {
    const distance = editDistance(needle, name);
    if (distance <= limit) scored.push({ name, score: distance });
    else if (needle.length >= 3 && name.startsWith(needle)) scored.push({ name, score: limit + 0.5 });
  }
  // Only the best tie: `p99_latncy` should suggest p99_latency alone, not p90 and p50 as well.
  const best = minOf(scored.map((s) => s.score));
  return scored
    .filter((s) => s.score === best)
    .slice(0, max)
    .map((s) => s.name);
}

/** "`a`", "`a` or `b`", "`a`, `b` or `c`". */
export function orList(names: readonly string[]): string {
  const quoted = names.map((n) => `\`${n}\``);
  if (quoted.length <= 1) return quoted.join('');
  return `${quoted.slice(0, -1).join(', ')} or ${quoted[quoted.length - 1]}`;
}
