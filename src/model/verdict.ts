import { EXIT } from './exit-codes.js';
import type { AbortRecord, SteadyStateGate } from './game-day.js';
import type { RunResult, Verdict, VerdictStatus } from './result.js';
import { commandEnding, type CommandRecord } from './command-record.js';

/** Why a run stopped before its end, as the CLI saw it. */
export interface Interruption {
  signal: 'SIGINT' | 'SIGTERM';
  /** Run time (ms) at which it stopped, when known. */
  at_ms?: number;
}

export interface VerdictInput {
  expectedFailure?: boolean;
  interrupted?: Interruption;
  /** The abort condition that stopped the traffic (default: the result's own `abort`). */
  aborted?: AbortRecord;
}

const INVALID_NOTE = 'the load generator fell far enough behind to change what this run concludes; nothing is concluded about the strategy';
const INVALID_FIX =
  'to conclude: run it at a lower rate or on a machine with CPU to spare; if the machine was only busy for a while, run it several times and gate on the median (--repeat 5 --gate-on median)';

/** The one place a run's verdict is decided. Order: interrupted, aborted, invalid, then the gates. */
export function computeVerdict(
  r: Pick<RunResult, 'gates' | 'totals'> & Partial<Pick<RunResult, 'validity' | 'abort' | 'hypothesis' | 'commands'>>,
  input: VerdictInput = {},
): Verdict {
  const expected_failure = input.expectedFailure ?? false;
  const verdict = (status: VerdictStatus, reasons: string[]): Verdict => ({ status, expected_failure, reasons });
  if (input.interrupted) {
    const when = input.interrupted.at_ms === undefined ? '' : ` at ${(input.interrupted.at_ms / 1000).toFixed(1)} s`;
    const { signal } = input.interrupted;
    return { ...verdict('interrupted', [`stopped by ${signal}${when}; arrivals not yet due are not sent, and not lost`]), signal };
  }
  // A command that failed, an experiment called off: facts whatever else happened, said in every verdict.
  const commands = (r.commands ?? []).filter((c) => !c.ok).map(commandFailure);
  const aborted = input.aborted ?? r.abort;
  if (aborted) return verdict('aborted', [abortReason(aborted), ...commands]);
  const gate = r.hypothesis?.gate;
  const notRun = gate && !gate.held ? [notRunReason(gate)] : [];
  if (r.validity && !r.validity.valid) return verdict('invalid', [INVALID_NOTE, ...r.validity.reasons, ...notRun, ...commands, INVALID_FIX]);
  if (notRun.length) return verdict('not_run', [...notRun, ...commands]);
  // A failed command is never the failure an --expect-fail strategy was expected to show.
  if (expected_failure && commands.length) return verdict('fail', commands);
  const failing = [
    ...r.gates.filter((g) => !g.pass).map((g) => `gate failed: ${g.expr} (measured ${g.measured ?? g.value ?? 'no data'})`),
    ...hypothesisFailures(r),
    ...commands,
  ];
  if (expected_failure) {
    if (failing.length === 0) return verdict('fail', ['expected to fail (--expect-fail), but every gate passed']);
    return verdict('pass', [`failed as expected (--expect-fail): ${failing.map((f) => f.replace(/^gate failed: /, '')).join(', ')}`]);
  }
  return failing.length ? verdict('fail', failing) : verdict('pass', [gatesPassed(r.gates.length)]);
}

/** The exit code a verdict means. 130/143 follow the shell's 128 + signal number. */
export function exitCodeOf(v: Verdict, interrupted?: Interruption): number {
  switch (v.status) {
    case 'pass':
      return EXIT.ok;
    case 'fail':
      return EXIT.gateFailed;
    case 'invalid':
      return EXIT.invalidRun;
    case 'aborted':
      return EXIT.aborted;
    case 'not_run':
      return EXIT.notRun;
    case 'interrupted':
      return (interrupted?.signal ?? signalOf(v)) === 'SIGTERM' ? EXIT.terminated : EXIT.interrupted;
  }
}

/**
 * The signal that stopped an interrupted run, as its verdict records it. A file written before
 * verdicts carried `signal` says it in its reason ("stopped by SIGTERM", computeVerdict's words).
 */
export function signalOf(v: Verdict): 'SIGINT' | 'SIGTERM' | undefined {
  if (v.status !== 'interrupted') return undefined;
  return v.signal ?? (v.reasons.some((r) => /\bstopped by SIGTERM\b/.test(r)) ? 'SIGTERM' : 'SIGINT');
}

/** Several results (a compare) exit with the worst of their verdicts. */
export function worstVerdict(verdicts: Verdict[]): VerdictStatus {
  const order: VerdictStatus[] = ['interrupted', 'aborted', 'invalid', 'not_run', 'fail', 'pass'];
  return order.find((s) => verdicts.some((v) => v.status === s)) ?? 'pass';
}

/** The verdict of a result (a result written before verdicts existed: decided from its gates alone). */
export function verdictOf(r: RunResult): Verdict {
  return r.verdict ?? computeVerdict(r);
}

/** One line, the same words in every format: "FAIL — gate failed: lost == 0 (measured 12)". */
export function verdictLine(v: Verdict, strategy?: string): string {
  return `${strategy ? `${strategy}: ` : ''}${verdictHead(v)} — ${v.reasons.join('; ')}`;
}

/** The headline word: PASS, FAIL, INVALID, INTERRUPTED, ABORTED, or "PASS (expected failure)". */
export function verdictHead(v: Verdict): string {
  return v.status === 'pass' && v.expected_failure ? 'PASS (expected failure)' : v.status.replace('_', ' ').toUpperCase();
}

/**
 * A comparison's one verdict: the worst of its strategies'. When one strategy decided it for one
 * reason, that is the whole verdict ("drop: lost == 0 (measured 12)"). Otherwise the first reason
 * is a short headline ("8 strategies: 7 aborted, 1 passed") and each further one a detail said
 * once: the words every deciding strategy shares (an invalid run's note and fix, an abort's
 * "the traffic stopped there") apart, and strategies with the same words named together.
 * Strategies an interrupt kept from running are named.
 */
export function combineVerdicts(runs: RunResult[], notRun: string[] = []): Verdict {
  const results = runs.map((r) => ({ strategy: r.strategy, verdict: verdictOf(r) }));
  const status = worstVerdict(results.map((r) => r.verdict));
  const expected_failure = results.some((r) => r.verdict.expected_failure);
  // Interrupted: the signal of the strategy that was stopped, so a re-render exits as the comparison did.
  const signal = status === 'interrupted' ? results.map((r) => signalOf(r.verdict)).find((s) => s !== undefined) : undefined;
  const details: string[] = [];
  if (status === 'pass' && !expected_failure) details.push(results.length === 1 ? `${results[0].strategy} passes` : `all ${results.length} strategies pass`);
  else {
    const deciding = results.filter((r) => (status === 'pass' ? r.verdict.expected_failure : r.verdict.status === status));
    details.push(...sharedOnce(deciding, status));
  }
  // A worse status (invalid, interrupted) must not hide what a valid run of another strategy concluded.
  if (status !== 'pass' && status !== 'fail') {
    const failed = results.filter((x) => x.verdict.status === 'fail');
    details.push(...byWords(failed.map((r) => ({ strategy: r.strategy, words: `FAIL — ${gateWords(r.verdict.reasons)}` }))));
  }
  if (notRun.length) details.push(`not run: ${notRun.join(', ')}`);
  const passing = status === 'pass' && !expected_failure;
  const reasons =
    details.length === 1 || passing
      ? details
      : [
          headline(
            results.map((r) => r.verdict.status),
            notRun.length,
          ),
          ...details,
        ];
  return { status, expected_failure, reasons, ...(signal ? { signal } : {}) };
}

/** "8 strategies: 7 aborted, 1 passed": how many ended each way, the worst first. */
function headline(statuses: VerdictStatus[], notRun: number): string {
  const words: Record<VerdictStatus, string> = {
    interrupted: 'interrupted',
    aborted: 'aborted',
    invalid: 'invalid',
    not_run: 'not run (steady state)',
    fail: 'failed',
    pass: 'passed',
  };
  const order: VerdictStatus[] = ['interrupted', 'aborted', 'invalid', 'not_run', 'fail', 'pass'];
  const counts = order.flatMap((s) => {
    const n = statuses.filter((x) => x === s).length;
    return n ? [`${n} ${words[s]}`] : [];
  });
  return `${statuses.length + notRun} strategies: ${[...counts, ...(notRun ? [`${notRun} not run`] : [])].join(', ')}`;
}

/**
 * The deciding strategies' reasons, each said once. One strategy: its reasons run together, as
 * one line. Several: a reason every one of them gives is said once ("all 7 aborted: …"), in its
 * place; the rest run together per strategy, strategies with the same words named together.
 */
function sharedOnce(deciding: { strategy: string; verdict: Verdict }[], status: VerdictStatus): string[] {
  if (deciding.length === 1) return [`${deciding[0].strategy}: ${gateWords(deciding[0].verdict.reasons)}`];
  const pieces = deciding.map((r) => r.verdict.reasons.flatMap(splitAbort));
  const shared = new Set(pieces[0].filter((p) => pieces.every((list) => list.includes(p))));
  const own = byWords(deciding.map((r, i) => ({ strategy: r.strategy, words: gateWords(pieces[i].filter((p) => !shared.has(p))) })).filter((x) => x.words));
  const every = `all ${deciding.length} ${status === 'fail' ? 'failed' : status === 'pass' ? 'expected failures' : status === 'not_run' ? 'not run' : status}`;
  const out: string[] = [];
  let ownSaid = false;
  for (const p of pieces[0]) {
    if (shared.has(p)) out.push(`${every}: ${p.replace(/^gate failed: /, '')}`);
    else if (!ownSaid) out.push(...own);
    ownSaid ||= !shared.has(p);
  }
  return ownSaid ? out : [...out, ...own];
}

/** Strategies whose words are the same, named together: "drop, raise: lost == 0 (measured 62)". */
function byWords(entries: { strategy: string; words: string }[]): string[] {
  const groups = new Map<string, string[]>();
  for (const { strategy, words } of entries) if (words) groups.set(words, [...(groups.get(words) ?? []), strategy]);
  return [...groups].map(([words, names]) => `${names.join(', ')}: ${words}`);
}

/** A strategy's reasons run together, its failed gates without the repeated "gate failed:". */
function gateWords(reasons: string[]): string {
  return reasons.map((x) => x.replace(/^gate failed: /, '')).join(', ');
}

/** An abort's reason is its condition, then the same words for every abort: two pieces, so the second is said once. */
function splitAbort(reason: string): string[] {
  return reason.endsWith(`; ${ABORT_STOPPED}`) ? [reason.slice(0, -ABORT_STOPPED.length - 2), ABORT_STOPPED] : [reason];
}

/** Whether a run's gates say anything: not on a run that was invalid, interrupted or aborted. */
export function gatesJudged(v: Verdict): boolean {
  return v.status === 'pass' || v.status === 'fail';
}

/** "abort condition `lost > 50` breached at 7.0 s (lost = 57, > 50); arrivals not yet due were not sent". */
export function abortReason(a: AbortRecord): string {
  return `abort condition \`${a.expr}\` breached at ${(a.at_ms / 1000).toFixed(1)} s (${a.detail}); ${ABORT_STOPPED}`;
}

const ABORT_STOPPED = 'the traffic stopped there, arrivals not yet due were not sent';

/** A steady state that did not come back (`after` deviated) fails the run like a gate. */
function hypothesisFailures(r: Partial<Pick<RunResult, 'hypothesis'>>): string[] {
  // A hypothesis whose `after` could not be judged cannot pass (an aborted run never gets here).
  if (r.hypothesis?.not_judged) return [`hypothesis not judged after the disturbance: ${r.hypothesis.not_judged}`];
  const probes = (r.hypothesis?.probes ?? [])
    .filter((p) => p.when === 'after' && !p.held)
    .map((p) => `probe ${p.name} failed after the disturbance: ${p.detail}`);
  const after = r.hypothesis?.windows.find((w) => w.name === 'after');
  if (!after || after.held) return probes;
  return [
    `hypothesis deviated after the disturbance: ${after.checks
      .filter((c) => !c.held)
      .map((c) => c.detail)
      .join(', ')}`,
    ...probes,
  ];
}

/** "the steady state did not hold before the disturbance (drop_rate == 0: 0.12 at 10.0 s): no fault ran, …" */
export function notRunReason(gate: SteadyStateGate): string {
  const failing = gate.checks.filter((c) => !c.held).map((c) => c.detail);
  return `the steady state did not hold before the disturbance (${failing.join('; ')}, over the ${(gate.window_ms / 1000).toFixed(1)} s before ${(gate.at_ms / 1000).toFixed(1)} s): no fault ran and the traffic stopped there; nothing is concluded about the disturbance`;
}

/** "command failed: kubectl delete pod … (exit 1): the disturbance did not happen as written". */
export function commandFailure(c: CommandRecord): string {
  const meaning = c.role === 'command' ? 'the disturbance did not happen as written' : 'what it puts back may not be back';
  return `${c.role} failed: ${c.run} (${commandEnding(c)}): ${meaning}`;
}

function gatesPassed(n: number): string {
  if (n === 0) return 'no gates';
  return n === 1 ? 'its 1 gate passed' : `all ${n} gates passed`;
}
