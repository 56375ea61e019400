import type { Command } from 'commander';
import { stringify } from 'yaml';
import { displayScenario, exactDuration, forecast, formatDuration, loadScenario, validateGates, type Forecast, type Scenario } from '../../index.js';
import { escapeTerminal } from '../../report/text/escape.js';
import { textTable } from '../../report/text/text-table.js';
import type { CliContext } from '../context.js';
import { outputWidth } from '../width.js';
import { addSetOption, scenarioInputs } from './shared-options.js';

/** Prints what a scenario will do before it runs: the resolved file, each phase, the faults, and a capacity forecast. */
export function registerPlan(program: Command, ctx: CliContext): void {
  addSetOption(
    program
      .command('plan')
      .description('print the resolved scenario, its phases and faults, and when the queue should fill')
      .argument('<scenario>', 'scenario YAML file')
      .option('--strategy <name>', 'override the scenario strategy'),
  ).action((file: string, flags: { strategy?: string; set?: string[] }) => {
    const s = loadScenario(file, { strategy: flags.strategy, ...scenarioInputs(flags, ctx) });
    validateGates(s.gates);
    ctx.stdout.write(renderPlan(s, outputWidth(ctx)));
    ctx.exitCode = 0;
  });
}

/** The plan prints no colour, so the whole text is made inert at the end; one-line fields first, so a name cannot forge lines. */
export function renderPlan(s: Scenario, width?: number): string {
  const f = forecast(s);
  const text = [
    `# ${escapeTerminal(s.name)} — resolved from ${escapeTerminal(s.source)} (defaults filled, durations with their units)`,
    stringify(displayScenario(s), { lineWidth: 120 }).trimEnd(),
    '',
    'phases:',
    phaseTable(f, width),
    '',
    faultTimeline(s),
    '',
    capacityLines(f),
    '',
    prediction(s, f),
    '',
  ].join('\n');
  return escapeTerminal(text, { multiline: true });
}

const count = (n: number) => Math.round(n).toLocaleString('en');
const rps = (n: number) => (n >= 100 ? count(n) : `${+n.toFixed(1)}`);

function phaseTable(f: Forecast, width?: number): string {
  const rows = f.phases.map((p, i) => {
    const rate = p.burst ? `burst ${count(p.burst)}` : p.rateFrom === p.rateTo ? `${rps(p.rateFrom)}/s` : `${rps(p.rateFrom)} → ${rps(p.rateTo)}/s`;
    const offered = p.ms > 0 ? (p.arrivals - p.burst) / (p.ms / 1000) : 0;
    const over = Number.isFinite(f.capacityRps) ? Math.max(0, offered - f.capacityRps) : 0;
    return [
      String(i + 1),
      exactDuration(p.startMs),
      p.ms ? exactDuration(p.ms) : '—',
      rate,
      count(p.arrivals),
      rps(offered),
      over > 0 ? `+${rps(over)}/s` : '—',
      p.overflow >= 0.5 ? `≈${count(p.overflow)}` : '—',
    ];
  });
  const total = f.phases.reduce((n, p) => n + p.arrivals, 0);
  rows.push(['total', '', '', '', count(total), '', '', f.overflow >= 0.5 ? `≈${count(f.overflow)}` : '—']);
  // Narrow terminals: the long headers shorten first, then the derived columns go.
  const fit = { width, abbreviate: { 'over capacity': 'over cap', 'queue full, refused': 'refused' }, drop: ['offered/s', 'start'] };
  return textTable(['#', 'start', 'length', 'rate', 'arrivals', 'offered/s', 'over capacity', 'queue full, refused'], rows, { indent: '  ', ...fit });
}

function faultTimeline(s: Scenario): string {
  if (s.faults.length === 0) return 'faults: none';
  // As the resolved scenario shows them: every duration field with its unit, whichever fault declares it.
  const shown = displayScenario(s).faults as Record<string, unknown>[];
  const lines = s.faults
    .map((f, i) => ({ at: f.at, kind: f.kind, fields: shown[i] }))
    .sort((a, b) => a.at - b.at)
    .map(({ at, kind, fields }) => {
      const rest = Object.entries(fields)
        .filter(([k]) => k !== 'at' && k !== 'kind')
        .map(([k, v]) => `${k} ${escapeTerminal(String(v))}`);
      return `  ${exactDuration(at).padStart(6)}  ${kind}${rest.length ? `  (${rest.join(', ')})` : ''}`;
    });
  return ['faults:', ...lines].join('\n');
}

function capacityLines(f: Forecast): string {
  if (f.capacity.length === 0) return 'capacity: unknown (your own service: gameday does not know its workers, and the backend sets no limits)';
  const lines = f.capacity.map((p) => `  ${p.rps === f.capacityRps ? '▸' : ' '} ${p.name.padEnd(20)} ${rps(p.rps).padStart(7)}/s  ${p.why}`);
  return [`capacity: ${rps(f.capacityRps)} requests/s (the smallest of)`, ...lines].join('\n');
}

function prediction(s: Scenario, f: Forecast): string {
  const lines = ['prediction (a fluid model: no retries, timeouts or randomness; a first estimate, not a result):'];
  const total = f.phases.reduce((n, p) => n + p.arrivals, 0);
  if (!Number.isFinite(f.queueSlots)) lines.push("  your service's queue size is unknown: no fill time predicted");
  else if (f.queueFullAtMs === undefined) lines.push(`  the queue (${count(f.queueSlots)} slots) never fills`);
  else lines.push(`  the queue (${count(f.queueSlots)} slots) fills at ${formatDuration(f.queueFullAtMs)}, in phase ${phaseAt(f, f.queueFullAtMs)}`);
  if (f.overflow >= 0.5) lines.push(`  ≈${count(f.overflow)} of ${count(total)} requests exceed capacity: shed, rejected or lost, depending on the strategy`);
  else if (Number.isFinite(f.capacityRps)) lines.push(`  every request fits: the service serves or queues all ${count(total)}`);
  if (f.backlogAtEnd >= 0.5 && Number.isFinite(f.capacityRps)) {
    const drainMs = (f.backlogAtEnd / f.capacityRps) * 1000;
    const fits = f.unservedAfterDrain < 0.5;
    lines.push(
      `  ≈${count(f.backlogAtEnd)} queued when traffic ends, served in ≈${formatDuration(drainMs)}${fits ? ` (within the ${formatDuration(s.traffic.drain)} drain)` : `; ≈${count(f.unservedAfterDrain)} would still be waiting when the ${formatDuration(s.traffic.drain)} drain ends`}`,
    );
  }
  return lines.join('\n');
}

function phaseAt(f: Forecast, atMs: number): number {
  const i = f.phases.findIndex((p) => atMs >= p.startMs && atMs <= p.startMs + p.ms);
  return (i < 0 ? f.phases.length - 1 : i) + 1;
}
