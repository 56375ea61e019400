import { dirname } from 'node:path';
import type { Command } from 'commander';
import {
  combineVerdicts,
  exitCodeOf,
  renderCompareCharts,
  renderCompareTable,
  renderSummary,
  renderTimelines,
  renderVerdictBlock,
  renderVerdictLine,
  verdictOf,
  type Verdict,
} from '../../index.js';
import { useColor, type CliContext } from '../context.js';
import { outputWidth } from '../width.js';
import { compareFiles, displayPath, readResults, runFiles } from '../result-files.js';
import { writeFilesAtomically } from '../write-files.js';

/** Re-renders every format from result.json or compare.json alone. */
export function registerReport(program: Command, ctx: CliContext): void {
  program
    .command('report')
    .description('re-render summary, Markdown, HTML and JUnit from a result.json or compare.json')
    .argument('<file>', 'result.json or compare.json')
    .option('--out <dir>', 'where to write the rendered files (default: next to the input)')
    .action((file: string, flags: { out?: string }) => {
      const { kind, results, compare } = readResults(file);
      const color = useColor(ctx);
      const width = outputWidth(ctx);
      const out = flags.out ?? dirname(file);
      // The verdict written with the run is shown again, never re-decided (a re-render cannot know about an interrupt).
      let verdict: Verdict;
      if (kind === 'run') {
        verdict = verdictOf(results[0]);
        writeFilesAtomically(out, runFiles(results[0], { records: flags.out !== undefined }));
        ctx.stdout.write(`${renderSummary(results[0], { color, width })}\n${renderTimelines(results[0], { color, width })}\n`);
      } else {
        verdict = compare?.verdict ?? combineVerdicts(results, compare?.not_run);
        writeFilesAtomically(out, compareFiles(results, verdict, compare?.not_run, { records: flags.out !== undefined }));
        ctx.stdout.write(`${renderCompareTable(results, { color, width })}\n${renderCompareCharts(results, { color, width })}\n`);
      }
      ctx.stdout.write(`rendered into ${displayPath(out)}/\n`);
      ctx.stdout.write(`${(kind === 'run' ? renderVerdictLine : renderVerdictBlock)(verdict, { color })}\n`);
      // The verdict is shown the same way everywhere, the exit code included.
      ctx.exitCode = exitCodeOf(verdict);
    });
}
