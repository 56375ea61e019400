import { setTimeout as sleep } from 'node:timers/promises';
import { expect } from 'vitest';

/** True while a process with this pid, or any process of the group it led, exists. */
export function aliveOrGroup(pid: number): boolean {
  for (const target of [pid, -pid]) {
    try {
      process.kill(target, 0);
      return true;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EPERM') return true;
    }
  }
  return false;
}

/**
 * Every pid, and every process group it led, is gone (checked by signal 0, the kernel's answer).
 * A process killed just now may linger a moment as a zombie until its parent (or init, once
 * gameday itself is gone) reaps it, so this waits up to `reapMs` for that before it judges.
 */
export async function expectAllGone(pids: number[], reapMs = 5_000): Promise<void> {
  expect(pids.length).toBeGreaterThan(0);
  expect(pids.every((p) => p > 0)).toBe(true);
  for (let waited = 0; waited < reapMs && pids.some(aliveOrGroup); waited += 50) await sleep(50);
  expect(pids.filter(aliveOrGroup)).toEqual([]);
}
