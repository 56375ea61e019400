import { readdirSync, readFileSync } from 'node:fs';

/** A process, as /proc/<pid>/stat tells it: its state, its parent, its process group, when it started (clock ticks since boot). */
export interface ProcInfo {
  pid: number;
  /** `Z`: a zombie, dead and not yet reaped. */
  state: string;
  ppid: number;
  pgrp: number;
  start: number;
}

/** One process's /proc/<pid>/stat, or undefined when it is gone (or not Linux). */
export function procInfo(pid: number): ProcInfo | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name is in parentheses and may hold spaces or parentheses: the fields follow its last ')'.
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { pid, state: f[0], ppid: Number(f[1]), pgrp: Number(f[2]), start: Number(f[19]) };
  } catch {
    return undefined;
  }
}

/**
 * Every process descended from `root` now (children, theirs, …), whatever group or session they
 * moved to, read from each thread's `/proc/<pid>/task/<tid>/children`: only the tree itself is
 * read, not every process on the machine (it is watched several times a second while a game day
 * runs). Empty off Linux, or on a kernel without that file.
 */
export function descendantsOf(root: number): ProcInfo[] {
  const out: ProcInfo[] = [];
  const stack = [root];
  while (stack.length) {
    for (const pid of childrenOf(stack.pop()!)) {
      const child = procInfo(pid);
      if (!child) continue; // gone since its parent listed it
      out.push(child);
      stack.push(pid);
    }
  }
  return out;
}

/** The pids of `pid`'s children, over all its threads (a child belongs to the thread that forked it). */
function childrenOf(pid: number): number[] {
  try {
    return readdirSync(`/proc/${pid}/task`).flatMap((tid) => readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8').split(' ').filter(Boolean).map(Number));
  } catch {
    return []; // gone, or not Linux
  }
}

/**
 * The processes an instance started that left its process group (a job runner in a session of its
 * own, as RQ's work horse is): a signal to the group misses them. Watched while the instance runs,
 * so one whose parent already died is still known; each remembered with its start time, so a
 * reused pid is never signalled.
 */
export class EscapedProcesses {
  private readonly seen = new Map<number, number>();

  constructor(private readonly group: number) {}

  /** Looks once more for descendants outside the group. */
  refresh(): void {
    for (const p of descendantsOf(this.group)) if (p.pgrp !== this.group) this.seen.set(p.pid, p.start);
  }

  /** Sends `signal` to every one still alive (the same process, not a reused pid); returns their pids. */
  signal(signal: NodeJS.Signals): number[] {
    this.refresh();
    const hit: number[] = [];
    for (const [pid, start] of this.seen) {
      if (procInfo(pid)?.start !== start) {
        this.seen.delete(pid);
        continue;
      }
      try {
        process.kill(pid, signal);
        hit.push(pid);
      } catch {
        this.seen.delete(pid);
      }
    }
    return hit;
  }

  /** Whether any is still alive (a zombie is dead: only its parent's reaping is missing). */
  alive(): boolean {
    for (const [pid, start] of this.seen) {
      const p = procInfo(pid);
      if (p?.start === start && p.state !== 'Z') return true;
    }
    return false;
  }
}
