import type { RunResult } from '../model/index.js';
import { fmtMs } from './format.js';

/** A fault or crash on a timeline: a moment (a kill, a restart) or a window (an outage). */
export interface Marker {
  kind: string;
  atMs: number;
  /** End of a window (backend faults); absent for a moment. */
  endMs?: number;
  /** One character for the terminal's marker row. */
  glyph: string;
}

const GLYPH: Record<string, string> = {
  'crash-service': 'X',
  'restart-service': 'R',
  'crash-worker': 'W',
  'service-died': 'D',
};

interface ConfigFault {
  kind: string;
  at: number;
  duration?: number;
  /** backend-slowdown: how long it holds its peak after the ramp (part of its window). */
  hold?: number;
  restartAfter?: number;
}

/**
 * The faults of a run, from its scenario as run (result.config.faults, times in ms), with each
 * crash-service's restart, and, unless `scheduledOnly`, the deaths nobody scheduled (unbounded
 * out of memory). A comparison marks only the scheduled ones: they are the same for every strategy.
 */
export function faultMarkers(r: RunResult, opts: { scheduledOnly?: boolean } = {}): Marker[] {
  const faults = ((r.config as { faults?: unknown } | null)?.faults ?? []) as ConfigFault[];
  const markers: Marker[] = [];
  for (const f of Array.isArray(faults) ? faults : []) {
    if (typeof f?.at !== 'number' || typeof f.kind !== 'string') continue;
    if (f.kind.startsWith('backend-')) markers.push({ kind: f.kind, atMs: f.at, endMs: f.at + (f.duration ?? 0) + (f.hold ?? 0), glyph: '!' });
    else markers.push({ kind: f.kind, atMs: f.at, glyph: GLYPH[f.kind] ?? '?' });
  }
  for (const c of r.crashes) {
    if (c.kind === 'crash-service' && c.restart_ms !== null)
      markers.push({ kind: 'restart-service', atMs: c.at_ms + c.restart_ms, glyph: GLYPH['restart-service'] });
    if (c.kind === 'service-died' && !opts.scheduledOnly) markers.push({ kind: 'service-died', atMs: c.at_ms, glyph: GLYPH['service-died'] });
  }
  return markers.sort((a, b) => a.atMs - b.atMs);
}

/**
 * The terminal's marker row under a chart's x axis (a glyph at the column of each moment, `-`
 * across a window), and its key. Empty when the run had no faults.
 */
export function markerLines(markers: Marker[], t0s: number, secondsPerColumn: number, columns: number, indent: number): string[] {
  if (markers.length === 0 || columns === 0) return [];
  const row = Array.from({ length: columns }, () => ' ');
  const col = (ms: number) => Math.min(columns - 1, Math.max(0, Math.floor((ms / 1000 - t0s) / secondsPerColumn)));
  for (const m of markers) if (m.endMs !== undefined) for (let x = col(m.atMs); x <= col(m.endMs); x++) row[x] = '-';
  for (const m of markers) row[col(m.atMs)] = m.glyph;
  const key = markers.map((m) => `${m.glyph} ${m.kind} ${fmtMs(m.atMs)}${m.endMs !== undefined ? `–${fmtMs(m.endMs)}` : ''}`);
  return [`${' '.repeat(indent)}${row.join('').trimEnd()}`, `${' '.repeat(indent)}faults: ${key.join(' · ')}`];
}
