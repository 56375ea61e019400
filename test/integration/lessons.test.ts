/**
 * What the scenario library teaches, proved. Every scenarios/*.yaml states its lessons: the
 * scenario as written and the variants its header suggests, each with the verdict that run
 * reaches. Each one is run here in virtual time and judged the way `gameday run` judges it: the
 * lesson's --set overrides and --strategy applied by the loader, its gates planned and applied
 * by the CLI's own functions, its verdict computed from them. Runs are at full length: a sim of
 * any scenario in the library takes under two seconds, and a shortened one would not prove the
 * lesson as written (a shorter spike may not fill a queue the full one overflows). A lesson only
 * a live run can check (`mode: live`) is named, with what the simulation refuses, and skipped.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyGates, planGates } from '../../src/cli/gating.js';
import { preflight } from '../../src/engine/preflight.js';
import { computeVerdict, ConfigError, loadScenario, runScenario, type Scenario } from '../../src/index.js';
import { isBaseline, lessonFlags, type Lesson } from '../../src/scenario/index.js';

const DIR = new URL('../../scenarios/', import.meta.url).pathname;
const FILES = readdirSync(DIR)
  .filter((f) => f.endsWith('.yaml'))
  .sort();

const variant = (file: string, l: Lesson): Scenario => loadScenario(join(DIR, file), { strategy: l.strategy, set: l.set });

/** Why a simulation refuses the run (the loader's message, without the file name), or undefined when it runs it. */
function simRefusal(s: Scenario): string | undefined {
  try {
    preflight(s, 'sim');
    return undefined;
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    return err.message.slice(s.source.length + 2).split(': use --mode live')[0];
  }
}

const lessonsOf = (file: string): Lesson[] => loadScenario(join(DIR, file)).lessons ?? [];

describe.each(FILES)('%s', (file) => {
  it('states its lessons, the scenario as written among them', () => {
    const lessons = lessonsOf(file);
    expect(lessons.length, `${file}: add \`lessons:\` (the scenario as written and each variant its header suggests)`).toBeGreaterThan(1);
    expect(lessons.filter(isBaseline)).toHaveLength(1);
  });

  for (const lesson of lessonsOf(file)) {
    const title = `${lessonFlags(lesson)}: ${lesson.expect}`;
    let s: Scenario;
    try {
      s = variant(file, lesson);
    } catch (err) {
      it(title, () => expect.fail(`${file} ${lessonFlags(lesson)}: the variant does not load: ${(err as Error).message}`));
      continue;
    }
    const refused = simRefusal(s);
    if (lesson.mode === 'live') {
      if (refused) it.skip(`${title} (live only, not run here: ${refused})`, () => {});
      else it(`${title}: says \`mode: live\`, but a simulation runs it`, () => expect.fail('drop `mode: live`: the lesson can be checked in sim'));
      continue;
    }
    it(title, async () => {
      const gates = planGates(s, {});
      const result = await runScenario(s, { mode: 'sim' });
      applyGates(result, gates);
      const verdict = computeVerdict(result);
      const measured = `${verdict.status}: ${verdict.reasons.join('; ')}`;
      expect(verdict.status, `${file} ${lessonFlags(lesson)}: the lesson says ${lesson.expect} (${lesson.why}), measured ${measured}`).toBe(lesson.expect);
    });
  }
});
