import { z } from 'zod';
import { LIMITS } from '../units/index.js';

/** A lesson with neither overrides nor a strategy runs the scenario as written. */
export const isBaseline = (l: { set?: readonly string[]; strategy?: string }): boolean => !l.set?.length && l.strategy === undefined;

/** The run a lesson describes, as the flags that make it: `--strategy x --set a=b`, or "as written". */
export function lessonFlags(l: { set?: readonly string[]; strategy?: string }): string {
  if (isBaseline(l)) return 'as written';
  return [...(l.strategy === undefined ? [] : [`--strategy ${l.strategy}`]), ...(l.set ?? []).map((s) => `--set ${s}`)].join(' ');
}

/**
 * One thing the scenario teaches, stated as a run that proves it: the overrides that make the
 * run, the verdict it reaches and why. A run ignores lessons; they are read by whoever checks
 * that what the scenario teaches still holds (the scenario library's are run in every test run).
 * @example { set: ["client.retry.policy=honor-retry-after", "client.retry.budget=0.2"], expect: pass, why: "budget 0.2: at most 1.2x the load" }
 */
export const lessonSchema = z
  .object({
    /**
     * `path=value` overrides, applied in order exactly as `--set` applies them (the value is
     * YAML: `"service.egress={ kind: token-bucket, rate: 9 }"`). None, and no `strategy`: the
     * scenario as written, the baseline. @default []
     */
    set: z
      .array(
        z
          .string()
          .max(500, { error: 'Expected a `set` override of at most 500 characters' })
          .regex(/^[^=\s][^=]*=/, { error: 'Expected `path=value`, like "service.capacity=50" (one --set flag)' }),
      )
      .max(LIMITS.items, { error: `Expected at most ${LIMITS.items} overrides` })
      .default([]),
    /** The strategy the run uses instead of the file's (as `--strategy` does: the file's strategy options go with it). */
    strategy: z.string().min(1).max(200).optional(),
    /**
     * The verdict of that run: `pass` (every gate, and the hypothesis if any, holds), `fail` (one
     * does not), `aborted` (an abort condition stopped the traffic) or `not_run` (the steady state
     * did not hold before the disturbance).
     */
    expect: z.enum(['pass', 'fail', 'aborted', 'not_run']),
    /** One line on why: what the run shows, with the figure that decides its verdict. */
    why: z.string().min(1).max(300, { error: 'Expected `why` to be one line of at most 300 characters' }),
    /**
     * Where the verdict is checked. @default sim — deterministic per seed; `live` for a run a
     * simulation refuses (a real Redis, your own service, the real API).
     */
    mode: z.enum(['sim', 'live']).default('sim'),
  })
  .strict();

/**
 * What the scenario teaches: the baseline (the scenario as written) and its variants, each a
 * separate run with its own expected verdict. Exactly one lesson is the baseline, and no two
 * lessons describe the same run.
 * @example [{ expect: fail, why: "naive retries: 7.9x the load" }, { set: ["client.retry.policy=honor-retry-after"], expect: fail, why: "…" }]
 */
export const lessonsSchema = z
  .array(lessonSchema)
  .max(LIMITS.items, { error: `Expected at most ${LIMITS.items} lessons` })
  .superRefine((lessons, ctx) => {
    const seen = new Map<string, number>();
    lessons.forEach((l, i) => {
      const run = JSON.stringify([l.strategy ?? null, l.set ?? []]);
      const first = seen.get(run);
      if (first === undefined) seen.set(run, i);
      else ctx.addIssue({ code: 'custom', path: [i], message: `the same run as lessons[${first}] (${lessonFlags(l)}): keep one lesson per run` });
    });
    if (lessons.length && !lessons.some(isBaseline))
      ctx.addIssue({
        code: 'custom',
        message: 'Expected one lesson with no `set` and no `strategy`: the scenario as written, with the verdict it reaches',
      });
  });

export type Lesson = z.output<typeof lessonSchema>;
