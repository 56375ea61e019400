/**
 * Builds the golden tests' results from sim runs, which are the same for the same seed: a game
 * day (gameday.yaml: faults, a crash, the hypothesis and the journal), every strategy on the
 * spike (spike.yaml) and a 3 x 3 sweep of it. Wall-clock figures are left out (a run's `wall`)
 * or fixed (a sweep's), so a rebuild on any machine writes the same files. They are committed;
 * rerun only to change them on purpose, then regenerate the goldens:
 *   npx tsx test/golden/build-fixtures.ts && UPDATE_GOLDEN=1 npx vitest run test/golden
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { applyGates, planGates } from '../../src/cli/gating.js';
import { computeVerdict, loadScenario, parseVary, planSweep, runScenario, runSweep, strategyNames, type RunResult } from '../../src/index.js';

const scenario = (name: string) => fileURLToPath(new URL(`../../scenarios/${name}`, import.meta.url));
const write = (name: string, value: unknown) => writeFileSync(new URL(`fixtures/${name}`, import.meta.url), `${JSON.stringify(value)}\n`);

/** A sim run judged as `run` and `compare` judge it (the scenario's gates, then the verdict), without its wall clock. */
async function judged(file: string, strategy?: string): Promise<RunResult> {
  const s = loadScenario(scenario(file), { strategy });
  const r = applyGates(await runScenario(s, { mode: 'sim' }), planGates(s, {}));
  r.verdict = computeVerdict(r);
  return { ...r, wall: undefined } as unknown as RunResult;
}

async function main(): Promise<void> {
  write('run.json', await judged('gameday.yaml'));
  const results: RunResult[] = [];
  for (const strategy of strategyNames()) results.push(await judged('spike.yaml', strategy));
  write('compare.json', results);
  const sweep = await runSweep(
    planSweep({
      axes: [parseVary('service.workers=2..4'), parseVary('service.capacity=20,100,400')],
      load: (set) => loadScenario(scenario('spike.yaml'), { set }),
      gates: ['lost == 0'],
      threads: 2,
    }),
  );
  sweep.wall = { started_at: '2026-01-01T00:00:00.000Z', elapsed_ms: 0, threads: 2, gameday_version: sweep.wall.gameday_version };
  for (const p of sweep.points) p.wall = { elapsed_ms: 0 };
  write('sweep.json', sweep);
}

await main();
