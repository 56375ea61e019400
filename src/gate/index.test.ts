import { describe, expect, it } from 'vitest';
import { loadBaseline, loadResult } from '../../test/fixtures/gate/load.js';
import * as gate from './index.js';

describe('the gate API', () => {
  it('checks gates before a run, then evaluates them and a baseline into result.gates', () => {
    const exprs = ['lost{priority=critical} == 0', 'p99_latency < 2s'];
    const rules = gate.parseMaxRegression('lost=+5,completed=-1%');
    gate.validateGates(exprs);
    const result = loadResult('result-full');
    const gates = [...gate.evaluateGates(result, exprs), ...gate.baselineGateResults(gate.compareToBaseline(result, loadBaseline(), rules))];
    expect(gates.map((g) => [g.expr, g.value, g.pass])).toEqual([
      ['lost{priority=critical} == 0', 0, true],
      ['p99_latency < 2s', 1999, true],
      ['lost <= baseline+5', 10, true],
      ['completed >= baseline-1%', 880, false],
    ]);
  });
});
