import { ConfigError } from '../model/index.js';
import { showValue } from '../units/index.js';
import type { Lesson } from './lesson-schema.js';
import { parseSet } from './set-override.js';

/**
 * What the schema cannot see in a scenario's lessons: an override `--set` would refuse (a bad
 * path, a value that is not YAML) and a strategy that is not registered. Each is reported at its
 * own line, when the scenario is loaded, not first when someone tries the lesson.
 */
export function lessonIssues(lessons: readonly Lesson[] | undefined, strategies: readonly string[]): { path: (string | number)[]; message: string }[] {
  return (lessons ?? []).flatMap((l, i) => [
    ...l.set.flatMap((spec, j) => {
      try {
        parseSet(spec);
        return [];
      } catch (err) {
        if (!(err instanceof ConfigError)) throw err;
        return [{ path: ['lessons', i, 'set', j], message: err.message }];
      }
    }),
    ...(l.strategy === undefined || strategies.includes(l.strategy)
      ? []
      : [{ path: ['lessons', i, 'strategy'], message: `unknown strategy ${showValue(l.strategy)}; expected one of: ${strategies.join(', ')}` }]),
  ]);
}
