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

/** Every pid, and every process group it led, is gone (checked by signal 0, the kernel's answer). */
export async function expectAllGone(pids: number[]): Promise<void> {
  expect(pids.length).toBeGreaterThan(0);
  expect(pids.every((p) => p > 0)).toBe(true);
  expect(pids.filter(aliveOrGroup)).toEqual([]);
}
