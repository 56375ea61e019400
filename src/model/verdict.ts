import { EXIT } from './exit-codes.js';
import type { AbortRecord } from './game-day.js';
import type { RunResult, Verdict, VerdictStatus } from './result.js';

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
  r: Pick<RunResult, 'gates' | 'totals'> & Partial<Pick<RunResult, 'validity' | 'abort' | 'hypothesis'>>,
  input: VerdictInput = {},
): Verdict {
  const expected_failure = input.expectedFailure ?? false;
  const verdict = (status: VerdictStatus, reasons: string[]): Verdict => ({ status, expected_failure, reasons });
  if (input.interrupted) {
    const when = input.interrupted.at_ms === undefined ? '' : ` at ${(input.interrupted.at_ms / 1000).toFixed(1)} s`;
    const { signal } = input.interrupted;
    return { ...verdict('interrupted', [`stopped by ${signal}${when}; arrivals not yet due are not sent, and not lost`]), signal };
  }
  const aborted = input.aborted ?? r.abort;
  if (aborted) return verdict('aborted', [abortReason(aborted)]);
  if (r.validity && !r.validity.valid) return verdict('invalid', [INVALID_NOTE, ...r.validity.reasons, INVALID_FIX]);
  const failing = [
    ...r.gates.filter((g) => !g.pass).map((g) => `gate failed: ${g.expr} (measured ${g.measured ?? g.value ?? 'no data'})`),
    ...hypothesisFailures(r),
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
  const order: VerdictStatus[] = ['interrupted', 'aborted', 'invalid', 'fail', 'pass'];
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
  return v.status === 'pass' && v.expected_failure ? 'PASS (expected failure)' : v.status.toUpperCase();
}

/**
 * A comparison's one verdict: the worst of its strategies', with the reasons of those that
 * decided it (each prefixed by its strategy). Strategies an interrupt kept from running are named.
 */
export function combineVerdicts(runs: RunResult[], notRun: string[] = []): Verdict {
  const results = runs.map((r) => ({ strategy: r.strategy, verdict: verdictOf(r) }));
  const status = worstVerdict(results.map((r) => r.verdict));
  const expected_failure = results.some((r) => r.verdict.expected_failure);
  const deciding = status === 'pass' ? results : results.filter((r) => r.verdict.status === status);
  const reasons =
    status === 'pass' && !expected_failure
      ? [results.length === 1 ? `${results[0].strategy} passes` : `all ${results.length} strategies pass`]
      : deciding
          .filter((r) => status !== 'pass' || r.verdict.expected_failure)
          // One entry per strategy, its failed gates run together: the line stays readable for eight strategies.
          .map((r) => `${r.strategy}: ${r.verdict.reasons.map((x) => x.replace(/^gate failed: /, '')).join(', ')}`);
  // A worse status (invalid, interrupted) must not hide what a valid run of another strategy concluded.
  if (status !== 'pass' && status !== 'fail') {
    for (const r of results.filter((x) => x.verdict.status === 'fail'))
      reasons.push(`${r.strategy}: FAIL — ${r.verdict.reasons.map((x) => x.replace(/^gate failed: /, '')).join(', ')}`);
  }
  if (notRun.length) reasons.push(`not run: ${notRun.join(', ')}`);
  // Interrupted: the signal of the strategy that was stopped, so a re-render exits as the comparison did.
  const signal = status === 'interrupted' ? results.map((r) => signalOf(r.verdict)).find((s) => s !== undefined) : undefined;
  return { status, expected_failure, reasons, ...(signal ? { signal } : {}) };
}

/** Whether a run's gates say anything: not on a run that was invalid, interrupted or aborted. */
export function gatesJudged(v: Verdict): boolean {
  return v.status === 'pass' || v.status === 'fail';
}

/** "abort condition `lost > 50` breached at 7.0 s (lost = 57, > 50); arrivals not yet due were not sent". */
export function abortReason(a: AbortRecord): string {
  return `abort condition \`${a.expr}\` breached at ${(a.at_ms / 1000).toFixed(1)} s (${a.detail}); the traffic stopped there, arrivals not yet due were not sent`;
}

/** A steady state that did not come back (`after` deviated) fails the run like a gate. */
function hypothesisFailures(r: Partial<Pick<RunResult, 'hypothesis'>>): string[] {
  // A hypothesis whose `after` could not be judged cannot pass (an aborted run never gets here).
  if (r.hypothesis?.not_judged) return [`hypothesis not judged after the disturbance: ${r.hypothesis.not_judged}`];
  const after = r.hypothesis?.windows.find((w) => w.name === 'after');
  if (!after || after.held) return [];
  return [
    `hypothesis deviated after the disturbance: ${after.checks
      .filter((c) => !c.held)
      .map((c) => c.detail)
      .join(', ')}`,
  ];
}

function gatesPassed(n: number): string {
  if (n === 0) return 'no gates';
  return n === 1 ? 'its 1 gate passed' : `all ${n} gates passed`;
}
