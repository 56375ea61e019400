import { z } from 'zod';
import { LIMITS, duration, positive } from '../units/index.js';

/** A log-normal spread: `p50 > 0`, `p99 >= p50`. */
type Spread = { p50: number; p99: number };
export const spread = <T extends z.ZodType<number>>(p50: T, p99: T, what: string) =>
  z
    .object({ p50, p99 })
    .strict()
    .refine((l) => (l as Spread).p50 > 0, { error: `Expected \`${what}.p50\` to be > 0`, path: ['p50'] })
    .refine((l) => (l as Spread).p99 >= (l as Spread).p50, { error: `Expected \`${what}.p99\` >= \`${what}.p50\``, path: ['p99'] });

/** A latency spread: durations with units. */
export const latency = (what: string) => spread(duration, duration, what);
/** A token-count spread. */
export const tokens = (what: string) => spread(positive(`${what}.p50`, LIMITS.tokens), positive(`${what}.p99`, LIMITS.tokens), what);
