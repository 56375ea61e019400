import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { ConfigError } from '../../model/index.js';
import { accepts } from './readiness.js';

/** A port your processes are to listen on, and the field that says so. */
export interface PlannedPort {
  field: string;
  host: string;
  port: number;
}

/**
 * Refuses to start when something already answers on a port your processes are to take: it would
 * answer the readiness check in their place (a process left over from a killed run, another
 * service), and the whole game day would run against it while your process died of EADDRINUSE.
 */
export async function refuseTakenPorts(ports: PlannedPort[]): Promise<void> {
  const seen = new Set<string>();
  for (const p of ports) {
    const key = `${p.host}:${p.port}`;
    if (seen.has(key) || !(await accepts(p.host, p.port))) continue;
    seen.add(key);
    const owner = portOwner(p.port);
    const who = owner ? `pid ${owner.pid} (${owner.command})` : 'another process';
    throw new ConfigError(
      `${p.field}: port ${p.port} is already taken by ${who} before your processes started; stop it (a process left from an earlier run?) or choose another port`,
      'GD_ERR_PORT_TAKEN',
    );
  }
}

/**
 * Who listens on a TCP port of this machine, from /proc/net/tcp{,6} (the socket's inode) and
 * /proc/<pid>/fd (the process holding it). Only processes this user may look into are found;
 * undefined when none is (another user's process, or not Linux).
 */
export function portOwner(port: number): { pid: number; command: string } | undefined {
  const inodes = listeningInodes(port);
  if (inodes.size === 0) return undefined;
  for (const name of safeList('/proc')) {
    const pid = Number(name);
    if (!Number.isInteger(pid)) continue;
    for (const fd of safeList(`/proc/${pid}/fd`)) {
      const link = safeReadlink(`/proc/${pid}/fd/${fd}`);
      const inode = /^socket:\[(\d+)\]$/.exec(link ?? '')?.[1];
      if (inode && inodes.has(inode)) return { pid, command: commandOf(pid) };
    }
  }
  return undefined;
}

/** The inodes of sockets listening on `port` (state 0A), IPv4 and IPv6. */
function listeningInodes(port: number): Set<string> {
  const hex = port.toString(16).toUpperCase().padStart(4, '0');
  const out = new Set<string>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text = '';
    try {
      text = readFileSync(table, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const f = line.trim().split(/\s+/);
      if (f.length > 9 && f[1].endsWith(`:${hex}`) && f[3] === '0A') out.add(f[9]);
    }
  }
  return out;
}

function commandOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean).join(' ').slice(0, 120);
  } catch {
    return '?';
  }
}

function safeList(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

function safeReadlink(path: string): string | undefined {
  try {
    return readlinkSync(path);
  } catch {
    return undefined;
  }
}
