import type { RunResult } from '../model/index.js';

/** What an invalid run means, in the same words everywhere it is shown. */
export const INVALID_MEANING = 'the testbench could not produce the load it promised; nothing is concluded about the strategy';

/** Why the run is invalid, or null for a valid run (results from before validity was judged count as valid). */
export function invalidReasons(r: RunResult): string[] | null {
  return r.validity && !r.validity.valid ? r.validity.reasons : null;
}
