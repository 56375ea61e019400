/**
 * The version of the simulation engine: how virtual time orders what happens at one instant.
 * Determinism holds within a version (same scenario and seed, byte-identical result); across
 * versions a result may move by the engine alone, so a baseline is only compared with a
 * simulation of its own version. A sim result without `sim_engine` was made by version 1.
 *
 * 1: the service's async code, resumed through promise chains between instants.
 * 2: the request path on the clock's timers and callbacks; what answers at once does so in the
 *    same instant and turn (a waiting worker starts a job the moment it is admitted).
 */
export const SIM_ENGINE = 2;

/** The engine a result was simulated on, or undefined for a live run. */
export function simEngineOf(r: { mode: 'live' | 'sim'; sim_engine?: number }): number | undefined {
  return r.mode === 'sim' ? (r.sim_engine ?? 1) : undefined;
}
