import type { Clock } from '../../time/index.js';
import type { StalledRecovery } from '../../model/index.js';
import type { RedisQueueStore } from '../../store/index.js';

/** How often the runner looks whether a dead process's jobs came back (the resolution of the times it reports). */
const WATCH_MS = 20;

/**
 * Watches the jobs a killed process held (id → its lease token) until each is back: reclaimed
 * once its lease expired (ready again, or already claimed by another worker) or finished. Fills
 * `back_ms` in place (ms after the kill; null while still held), so a report can read it at the end.
 */
export function watchStalled(
  store: RedisQueueStore,
  held: Map<string, number>,
  holder: string,
  clock: Clock,
  killedAt: number,
  answeredBeforeKill: number,
): StalledRecovery {
  const ids = [...held.keys()];
  const recovery: StalledRecovery = { ids, answered_before_kill: answeredBeforeKill, back_ms: ids.map(() => null) };
  const look = async (): Promise<void> => {
    const now = clock.now();
    const leases = await store.leases(ids);
    ids.forEach((id, i) => {
      if (recovery.back_ms[i] !== null) return;
      const l = leases.get(id);
      const stillHeld = l !== undefined && l.state === 'leased' && l.holder === holder && l.lease === held.get(id);
      if (!stillHeld) recovery.back_ms[i] = Math.round(now - killedAt);
    });
  };
  const timer = setInterval(() => {
    if (recovery.back_ms.every((b) => b !== null)) return clearInterval(timer);
    look().catch(() => clearInterval(timer)); // the run's queue is gone (run over)
  }, WATCH_MS);
  timer.unref();
  return recovery;
}
