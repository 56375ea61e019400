// gameday from a script: the spike scenario in virtual time against two strategies, a custom
// fault added in code, gates evaluated, and one line per strategy. Exit 1 when a gate fails.
//   node examples/api/compare-in-a-script.mjs
import { fileURLToPath } from 'node:url';
import { evaluateGates, loadScenario, renderReports, runScenario } from 'gameday';

const file = fileURLToPath(new URL('../../scenarios/spike.yaml', import.meta.url));
const gates = ['lost == 0'];
let failed = false;

for (const strategy of ['reject-429', 'drop']) {
  // A tenth of the scenario's timeline, at the same rates; --set's form works here too.
  const scenario = loadScenario(file, { strategy, timeScale: 0.1, set: ['seed=7'] });
  // Scenarios are plain data: add a 2 s backend outage one second in.
  scenario.faults.push({ kind: 'backend-outage', at: 1_000, duration: 2_000, status: 529 });
  const result = await runScenario(scenario, { mode: 'sim' });
  result.gates = evaluateGates(result, gates);
  const pass = result.gates.every((g) => g.pass);
  failed ||= !pass;
  const { scheduled, completed, shed, lost } = result.totals;
  console.log(`${strategy}: ${completed}/${scheduled} completed, ${shed} shed, ${lost} lost — ${pass ? 'pass' : 'FAIL'}`);
  // Every file format, rendered from the result alone (write them where you like).
  const files = Object.keys(
    renderReports({ kind: 'run', results: [result], verdict: { status: pass ? 'pass' : 'fail', expected_failure: false, reasons: [] } }),
  );
  console.log(`  files: ${files.join(', ')}`);
}
process.exitCode = failed ? 1 : 0;
