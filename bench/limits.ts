import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';

export interface LimitsBenchRow {
  name: string;
  wall_s: number;
  cpu_s: number;
  peak_rss_mb: number;
  /** The same command at a tenth of the size (its length, or its phases and faults), in the same bench run. */
  reference: string;
  reference_wall_s: number;
  reference_peak_rss_mb: number;
  /** wall_s / (10 × reference_wall_s): 1 when the work grows in step with the size, above 1 when faster than that. */
  wall_vs_linear: number;
  /** peak_rss_mb / reference_peak_rss_mb (the process with gameday loaded is most of a small one). */
  rss_vs_reference: number;
}

interface ChildResult {
  code: number;
  wall_ms: number;
  cpu_ms: number;
  peak_rss: number;
}

const child = fileURLToPath(new URL('./limits-child.ts', import.meta.url));

function runChild(args: string[]): ChildResult {
  const out = execFileSync(process.execPath, ['--import', 'tsx', child, ...args], { encoding: 'utf8', maxBuffer: 1 << 20 });
  return JSON.parse(out.trim().split('\n').at(-1)!) as ChildResult;
}

/** A day of traffic (or a tenth of one) at `rate`: 1,430 minutes and a 10-minute drain make the 24-hour limit. */
function day(minutes: number, rate: number): string {
  return stringify({
    name: 'bench-day',
    traffic: { phases: [{ duration: `${minutes}m`, rate }], drain: '10m' },
    service: { strategy: 'reject-429', capacity: 20, workers: 2 },
    gates: ['lost == 0'],
  });
}

/** As many phases and faults as the limits allow (`n` of each), spread over most of a day. */
function manyPhasesAndFaults(n: number): string {
  const kinds = [
    { kind: 'backend-latency', duration: '20s', factor: 2 },
    { kind: 'backend-outage', duration: '5s' },
    { kind: 'backend-slowdown', duration: '30s', to: 3 },
    { kind: 'backend-rate-limit', duration: '10s', rpm: 6000 },
  ];
  const phaseS = Math.floor(80_000 / n);
  return stringify({
    name: 'bench-plan',
    traffic: {
      phases: Array.from({ length: n }, (_, i) => (i % 2 ? { duration: `${phaseS}s`, rate: 2 } : { duration: `${phaseS}s`, rampTo: 5 })),
      drain: '10m',
    },
    service: { strategy: 'reject-429', capacity: 20, workers: 2 },
    faults: Array.from({ length: n }, (_, i) => ({ ...kinds[i % kinds.length], at: `${Math.floor((i * 79_000) / n)}s` })),
  });
}

/**
 * At the limits: a sim run of 24 hours (1 req/s, 85,800 arrivals, a timeline of a day's seconds),
 * the 8-strategy comparison of that day (every file written), and `plan` with 1,000 phases ×
 * 1,000 faults. Each is measured in a process of its own beside the same command at a tenth of
 * the size: wall time grows about linearly with the size when wall_vs_linear stays near 1.
 */
export function benchLimits(): LimitsBenchRow[] {
  const dir = mkdtempSync(join(tmpdir(), 'gameday-bench-limits-'));
  const file = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };
  const out = (name: string) => ['--out', join(dir, name), '--force', '--quiet'];
  const cases = [
    {
      name: 'sim run, 24 h at 1 req/s',
      reference: '2.4 h',
      full: ['run', file('day.yaml', day(1430, 1)), '--mode', 'sim'],
      tenth: ['run', file('tenth.yaml', day(143, 1)), '--mode', 'sim'],
    },
    {
      name: 'compare, 8 strategies, 24 h at 1 req/s',
      reference: '2.4 h',
      full: ['compare', join(dir, 'day.yaml'), '--mode', 'sim'],
      tenth: ['compare', join(dir, 'tenth.yaml'), '--mode', 'sim'],
    },
    {
      name: 'plan, 1,000 phases x 1,000 faults',
      reference: '100 x 100',
      full: ['plan', file('plan.yaml', manyPhasesAndFaults(1000))],
      tenth: ['plan', file('plan-tenth.yaml', manyPhasesAndFaults(100))],
    },
  ];
  try {
    return cases.map((c, i) => {
      const writes = c.full[0] === 'plan' ? [] : out(`full-${i}`);
      const tenth = runChild([...c.tenth, ...(writes.length ? out(`tenth-${i}`) : [])]);
      const full = runChild([...c.full, ...writes]);
      for (const r of [tenth, full]) if (r.code !== 0) throw new Error(`${c.name}: exit ${r.code}`);
      return {
        name: c.name,
        wall_s: round(full.wall_ms / 1000),
        cpu_s: round(full.cpu_ms / 1000),
        peak_rss_mb: round(full.peak_rss / 2 ** 20),
        reference: c.reference,
        reference_wall_s: round(tenth.wall_ms / 1000),
        reference_peak_rss_mb: round(tenth.peak_rss / 2 ** 20),
        wall_vs_linear: round(full.wall_ms / (10 * tenth.wall_ms)),
        rss_vs_reference: round(full.peak_rss / tenth.peak_rss),
      };
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) console.table(benchLimits());
