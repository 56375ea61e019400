import type { ChalkInstance } from 'chalk';
import type { RecoveryReport, RunResult } from '../../model/index.js';
import { fmtInt, fmtMs } from './format.js';
import { label } from './text-table.js';

const CAUSE: Record<RecoveryReport['window']['cause'], string> = {
  spike: 'the spike',
  faults: 'the faults',
  'spike+faults': 'the spike and faults',
  traffic: 'traffic',
};

/** "after the spike (5.00 s–15.00 s)": what recovery is measured from. */
function windowText(x: RecoveryReport): string {
  return `after ${CAUSE[x.window.cause]} (${fmtMs(x.window.start_ms)}–${fmtMs(x.window.end_ms)})`;
}

function latencyText(x: RecoveryReport): string {
  if (x.baseline_p50_ms === null) return 'latency: no pre-disturbance baseline';
  const back = x.latency_recovered_ms === null ? 'not back by the end of traffic' : `back after ${fmtMs(x.latency_recovered_ms)}`;
  return `latency ${back} (baseline p50 ${fmtMs(x.baseline_p50_ms)})`;
}

function waitText(x: RecoveryReport): string {
  const w = x.queue_wait_ms;
  return w.count === 0 ? 'queue wait: no samples' : `queue wait p50 ${fmtMs(w.p50)} · p90 ${fmtMs(w.p90)} · p99 ${fmtMs(w.p99)} · max ${fmtMs(w.max)}`;
}

/** The terminal lines: drain, latency recovery, queue wait, and the backend's 429/529 answers. */
export function recoveryLines(c: ChalkInstance, r: RunResult): string {
  const x = r.recovery;
  if (!x) return '';
  const drain = x.drain_visible === false ? 'drain not visible' : x.drain_ms === null ? c.red('queue not drained') : `drain ${fmtMs(x.drain_ms)}`;
  const pushback = `backend 429 ${fmtInt(x.backend_429)} · 529 ${fmtInt(x.backend_529)}`;
  const indent = ' '.repeat(10);
  return [
    `${label(c, 'Recovery')}${windowText(x)}: ${drain} · ${latencyText(x)}`,
    `${indent}${waitText(x)}`,
    `${indent}${x.backend_429 + x.backend_529 > 0 ? c.yellow(pushback) : pushback}`,
  ].join('\n');
}

/** The Markdown section. */
export function recoveryMarkdown(r: RunResult): string {
  const x = r.recovery;
  if (!x) return '';
  const drain = x.drain_visible === false ? 'drain not visible' : x.drain_ms === null ? '**queue not drained**' : `drain **${fmtMs(x.drain_ms)}**`;
  return [
    '## Recovery',
    `Measured ${windowText(x)}: ${drain} · ${latencyText(x)}.`,
    `${waitText(x).replace(/^q/, 'Q')}. Backend answers: 429 × ${fmtInt(x.backend_429)}, 529 × ${fmtInt(x.backend_529)}.`,
  ].join('\n\n');
}
