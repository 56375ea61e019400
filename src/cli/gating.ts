import {
  assertSameRun,
  baselineGateResults,
  compareToBaseline,
  ConfigError,
  evaluateGates,
  parseCondition,
  parseMaxRegression,
  validateGates,
  decideValidity,
  type BaselineInput,
  type GateResult,
  type MetricSource,
  type Tolerance,
  type RegressionRule,
  type RunResult,
  type Scenario,
} from '../index.js';
import { expressionSource } from '../scenario/index.js';
import { readJson } from './result-files.js';

/** Everything that decides pass/fail, checked before the run so bad input fails fast. */
export interface GatePlan {
  exprs: string[];
  baseline?: BaselineInput;
  rules: RegressionRule[];
  /** How late a live run may be before its verdict means nothing (the scenario's traffic.tolerance). */
  tolerance: Tolerance;
}

export interface GateFlags {
  gate?: string[];
  /** `run --abort EXPR` (repeatable): abort conditions besides the scenario's. */
  abort?: string[];
  baseline?: string;
  maxRegression?: string;
}

/** Default regression allowance when --baseline is given without --max-regression: no more loss, no new failures. */
const DEFAULT_REGRESSION = 'lost=+0,drop_rate=+0';

export function planGates(s: Scenario, flags: GateFlags): GatePlan {
  const exprs = [...s.gates, ...(flags.gate ?? [])];
  // Every bad gate, each named where it was written: the file's gates[i] or a --gate flag.
  const problems = exprs.flatMap((expr, i) => {
    try {
      validateGates([expr]);
      return [];
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      return [`${i < s.gates.length ? `${expressionSource(s, `gates[${i}]`)}: gates[${i}]` : '--gate'}: ${err.message}`];
    }
  });
  problems.push(...conditionProblems(s, flags.abort ?? []));
  if (problems.length) throw new ConfigError(problems.join('\n'), 'GD_ERR_GATE');
  if (flags.maxRegression && !flags.baseline) throw new ConfigError('--max-regression needs --baseline <file>', 'GD_ERR_USAGE');
  const baseline = flags.baseline ? (readJson(flags.baseline) as BaselineInput) : undefined;
  if (baseline && typeof (baseline as { totals?: unknown }).totals !== 'object') {
    throw new ConfigError(`--baseline ${flags.baseline}: not a gameday result or baseline (no \`totals\`)`, 'GD_ERR_BASELINE');
  }
  const rules = baseline ? parseMaxRegression(flags.maxRegression ?? DEFAULT_REGRESSION) : [];
  // A baseline of another scenario or strategy is bad input: say so before a long run, not after.
  if (baseline) assertSameRun({ scenario: s.name, strategy: s.service.strategy.type } as RunResult, baseline);
  return { exprs, baseline, rules, tolerance: s.traffic.tolerance };
}

/** Every bad abort condition and steady-state expression, each named where it was written. */
function conditionProblems(s: Scenario, flagged: string[]): string[] {
  const check = (expr: string, where: string, windows: boolean, what: string): string[] => {
    try {
      parseCondition(expr, what, windows);
      return [];
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      return [`${where}: ${err.message}`];
    }
  };
  return [
    ...s.abort.flatMap((x, i) => check(x, `${expressionSource(s, `abort[${i}]`)}: abort[${i}]`, true, 'abort condition')),
    ...flagged.flatMap((x) => check(x, '--abort', true, 'abort condition')),
    ...(s.hypothesis?.steadyState ?? []).flatMap((x, i) =>
      check(x, `${expressionSource(s, `hypothesis.steadyState[${i}]`)}: hypothesis.steadyState[${i}]`, false, 'steady-state expression'),
    ),
  ];
}

/**
 * Fills result.gates (expression gates, then one gate per baseline rule) and decides the run's
 * validity by them: a late generator makes a run invalid only if one of these could flip.
 */
export function applyGates(r: RunResult, plan: GatePlan): RunResult {
  if (plan.baseline) assertSameRun(r, plan.baseline);
  r.gates = gateResults(r, plan);
  r.validity = decideValidity(r, plan.tolerance, (figures) => gateResults(figures, plan));
  return r;
}

/** The plan's gates evaluated on any figures: a run's, or the median of a repeat's. */
export function gateResults(r: MetricSource, plan: GatePlan): GateResult[] {
  const gates = evaluateGates(r, plan.exprs);
  if (plan.baseline) gates.push(...baselineGateResults(compareToBaseline(r, plan.baseline, plan.rules)));
  return gates;
}

export function gatesPass(r: RunResult): boolean {
  return r.gates.every((g) => g.pass);
}
