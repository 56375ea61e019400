import type { JournalEvent, RunResult } from '../../model/index.js';
import { fmtInt, fmtMs } from './format.js';
import { wrapItems, wrapLine } from './wrap.js';

/** An event on a timeline: a moment (a kill, a restart, an abort) or a window (a backend fault). */
export interface Marker {
  kind: string;
  atMs: number;
  /** End of a window (backend faults); absent for a moment. */
  endMs?: number;
  /** One character for the terminal's marker row. */
  glyph: string;
  /** The line's colour in the HTML charts (a moment's). @default red */
  color?: string;
}

const GLYPH: Record<string, string> = {
  'crash-service': 'X',
  'restart-service': 'R',
  'crash-worker': 'W',
  'service-died': 'D',
  phase: 'P',
  abort: 'A',
  hypothesis: 'H',
  recovery: '+',
};

const COLOR: Record<string, string> = { phase: '#64748b', hypothesis: '#7c3aed', recovery: '#16a34a', abort: '#b91c1c' };

interface ConfigFault {
  kind: string;
  at: number;
  duration?: number;
  /** backend-slowdown: how long it holds its peak after the ramp (part of its window). */
  hold?: number;
  restartAfter?: number;
}

const moment = (kind: string, atMs: number): Marker => ({ kind, atMs, glyph: GLYPH[kind] ?? '?', ...(COLOR[kind] && { color: COLOR[kind] }) });

/**
 * A run's markers, from its event journal (result.events): phase changes after the first, fault
 * windows, crashes, restarts, deaths, the abort, the hypothesis' checks and the recovery. With
 * `scheduledOnly` (a comparison, whose strategies share one axis) only what the scenario
 * scheduled: phases and faults. A result written before the journal existed: from its config.
 */
export function runMarkers(r: RunResult, opts: { scheduledOnly?: boolean } = {}): Marker[] {
  const markers = r.events ? journalMarkers(r.events, opts.scheduledOnly ?? false) : configMarkers(r, opts.scheduledOnly ?? false);
  return markers.sort((a, b) => a.atMs - b.atMs);
}

function journalMarkers(events: JournalEvent[], scheduledOnly: boolean): Marker[] {
  const markers: Marker[] = [];
  const open = new Map<string, Marker[]>();
  for (const ev of events) {
    if (ev.kind === 'fault-start') {
      const m: Marker = { kind: ev.detail, atMs: ev.at_ms, endMs: ev.at_ms, glyph: '!' };
      markers.push(m);
      const same = open.get(ev.detail);
      if (same) same.push(m);
      else open.set(ev.detail, [m]);
    } else if (ev.kind === 'fault-end') {
      const m = open.get(ev.detail)?.shift();
      if (m) m.endMs = ev.at_ms;
    } else if (ev.kind === 'phase-start') {
      if (ev.at_ms > 0) markers.push(moment('phase', ev.at_ms));
    } else if (ev.kind === 'crash' || ev.kind === 'restart') {
      const kind = ev.detail.split(':')[0];
      if (!scheduledOnly || kind === 'crash-service' || kind === 'crash-worker') markers.push(moment(kind, ev.at_ms));
    } else if (!scheduledOnly && (ev.kind === 'service-died' || ev.kind === 'abort' || ev.kind === 'hypothesis' || ev.kind === 'recovery')) {
      markers.push(moment(ev.kind, ev.at_ms));
    }
  }
  return markers;
}

/** Results before the journal: the faults of the scenario as run, each crash's restart, and unscheduled deaths. */
function configMarkers(r: RunResult, scheduledOnly: boolean): Marker[] {
  const faults = ((r.config as { faults?: unknown } | null)?.faults ?? []) as ConfigFault[];
  const markers: Marker[] = [];
  for (const f of Array.isArray(faults) ? faults : []) {
    if (typeof f?.at !== 'number' || typeof f.kind !== 'string') continue;
    if (f.kind.startsWith('backend-')) markers.push({ kind: f.kind, atMs: f.at, endMs: f.at + (f.duration ?? 0) + (f.hold ?? 0), glyph: '!' });
    else markers.push(moment(f.kind, f.at));
  }
  for (const c of r.crashes) {
    if (c.kind === 'crash-service' && c.restart_ms !== null) markers.push(moment('restart-service', c.at_ms + c.restart_ms));
    if (c.kind === 'service-died' && !scheduledOnly) markers.push(moment('service-died', c.at_ms));
  }
  return markers;
}

/**
 * The terminal's marker row under a chart's x axis (a glyph at the column of each moment, `-`
 * across a window), and its key wrapped within `width`. Events that land in one column share it:
 * the column shows how many (2-9, then *) and the key lists them together, where drawing each
 * glyph would leave only the last one seen. Empty when the run had no events to mark.
 */
export function markerLines(markers: Marker[], t0s: number, secondsPerColumn: number, columns: number, indent: number, width = Infinity): string[] {
  if (markers.length === 0 || columns === 0) return [];
  const row = Array.from({ length: columns }, () => ' ');
  const col = (ms: number) => Math.min(columns - 1, Math.max(0, Math.floor((ms / 1000 - t0s) / secondsPerColumn)));
  for (const m of markers) if (m.endMs !== undefined) for (let x = col(m.atMs); x <= col(m.endMs); x++) row[x] = '-';
  const groups = new Map<number, Marker[]>();
  for (const m of markers) {
    const group = groups.get(col(m.atMs));
    if (group) group.push(m);
    else groups.set(col(m.atMs), [m]);
  }
  for (const [x, group] of groups) row[x] = group.length === 1 ? group[0].glyph : group.length <= 9 ? String(group.length) : '*';
  const sorted = [...groups.entries()].sort(([a], [b]) => a - b).map(([, group]) => group);
  const key = sorted.map(keyItem);
  const pad = ' '.repeat(indent);
  const lead = 'events: ';
  const room = Math.max(20, width - indent - lead.length);
  const pack = (items: string[]) => wrapItems(items, room, ' · ').flatMap((l) => wrapLine(l, room));
  let lines = pack(key);
  // A run with an event every few columns would bury its chart under the key: the rest is counted, not listed.
  for (let shown = key.length - 1; lines.length > KEY_LINES && shown >= 0; shown--) {
    const hidden = sorted.slice(shown).reduce((n, g) => n + g.length, 0);
    lines = pack([...key.slice(0, shown), `… ${fmtInt(hidden)} more events`]);
  }
  return [`${pad}${row.join('').trimEnd()}`, ...lines.map((l, i) => `${pad}${i === 0 ? lead : ' '.repeat(lead.length)}${l}`)];
}

/** The most lines an event key takes; past it, the last says how many events were left out. */
const KEY_LINES = 8;
/** The most events one column's key item names; past it, it says how many more. */
const GROUP_NAMES = 4;

function keyItem(group: Marker[]): string {
  const when = (m: Marker) => `${fmtMs(m.atMs)}${m.endMs !== undefined ? `–${fmtMs(m.endMs)}` : ''}`;
  if (group.length === 1) return `${group[0].glyph} ${group[0].kind} ${when(group[0])}`;
  // One time for all when they share it: "2 at 6.00 s: P phase, H hypothesis".
  const same = group.every((m) => when(m) === when(group[0]));
  const named = group.slice(0, GROUP_NAMES).map((m) => `${m.glyph} ${m.kind}${same ? '' : ` ${when(m)}`}`);
  const more = group.length > GROUP_NAMES ? ` and ${fmtInt(group.length - GROUP_NAMES)} more` : '';
  return `${group.length}${same ? ` at ${when(group[0])}` : ''}: ${named.join(', ')}${more}`;
}
