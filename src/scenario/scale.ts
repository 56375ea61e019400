import { ConfigError } from '../model/index.js';
import { faultModule } from '../fault/index.js';
import type { ParsedScenario } from './schema.js';

/**
 * Shortens (k < 1) or stretches (k > 1) a scenario's timeline while keeping what it means:
 * traffic phase durations and fault times and durations are multiplied by k; rates, burst sizes,
 * latencies, rate limits, the client's timeout and retry delays, a crash's restart delay and the
 * drain window are not. So a 0.1 run offers a tenth of the requests at the same rates against the
 * same service and backend: queues fill and drain at the same speed, overload and outages are
 * shorter. The drain window is a deadline, not a duration of activity (a run ends when the queue
 * is empty), so it is left alone.
 * @example scaleScenario(s, 0.1) // a 10-minute slow-drain game day as a 1-minute test
 */
export function scaleScenario<S extends Pick<ParsedScenario, 'traffic' | 'faults'> & { timeScale?: number }>(s: S, k: number): S {
  if (!(k > 0) || !Number.isFinite(k)) throw new ConfigError(`Expected \`timeScale\` to be > 0, got ${JSON.stringify(k)}`, 'GD_ERR_USAGE');
  if (k === 1) return s;
  const at = (ms: number) => Math.round(ms * k);
  return {
    ...s,
    traffic: { ...s.traffic, phases: s.traffic.phases.map((p) => (p.duration === undefined ? p : { ...p, duration: at(p.duration) })) },
    faults: s.faults.map((f) => faultModule(f).scale(f, k)),
    timeScale: (s.timeScale ?? 1) * k,
  };
}
