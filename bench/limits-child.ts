/**
 * One gameday command in its own process, so its peak memory (RSS high-water) is its own. Prints
 * one JSON line: the command's wall and CPU time (after the CLI's modules are loaded) and the
 * process's peak RSS. Usage: tsx bench/limits-child.ts <gameday arguments…>
 * The CLI is the compiled one (`npm run bench` builds it), as the `gameday` binary runs it.
 */
import { Writable } from 'node:stream';
import { COMPILED } from './previous-engine.js';

const { main } = (await import(COMPILED('cli/main.js'))) as typeof import('../src/cli/main.js');

/** The command's output is not the measurement: dropped (a plan at the limits prints thousands of lines). */
const sink = () =>
  new Writable({
    write(_chunk, _enc, done) {
      done();
    },
  });

const before = process.cpuUsage();
const start = performance.now();
const code = await main(['node', 'gameday', ...process.argv.slice(2)], { stdout: sink(), stderr: sink(), env: { ...process.env, NO_COLOR: '1' } });
const wallMs = performance.now() - start;
const cpu = process.cpuUsage(before);
const line = { code, wall_ms: wallMs, cpu_ms: (cpu.user + cpu.system) / 1000, peak_rss: process.resourceUsage().maxRSS * 1024 };
process.stdout.write(`${JSON.stringify(line)}\n`);
