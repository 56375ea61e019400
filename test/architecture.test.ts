import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { SRC, sourceFiles } from './helpers/source-files.js';

const ARCHITECTURE_PAGE = new URL('../docs/architecture.md', import.meta.url);

/**
 * Dependencies flow one way (docs/architecture.md, "Layers"). Each layer may import only the
 * layers listed; siblings of one level never import each other, they meet in the engine.
 */
const ALLOWED: Record<string, string[]> = {
  time: [],
  units: [],
  model: ['time', 'units'],
  // One file per fault kind and a registry: the scenario composes their schemas, the mock and the engine ask them what to do.
  fault: ['time', 'units', 'model'],
  // The scenario composes the option schemas of the modules that own them (faults, the service, the client's retries).
  scenario: ['time', 'units', 'model', 'fault', 'service', 'load'],
  strategy: ['time', 'units', 'model'],
  store: ['time', 'units', 'model'],
  backend: ['time', 'units', 'model', 'fault'],
  service: ['time', 'units', 'model', 'strategy', 'backend'],
  load: ['time', 'units', 'model'],
  // Gates, abort conditions and the steady-state hypothesis are one expression language (gate/, over
  // model only): the engine checks abort conditions while it runs, analysis judges the hypothesis.
  engine: ['time', 'units', 'model', 'scenario', 'strategy', 'store', 'backend', 'service', 'load', 'analysis', 'fault', 'gate'],
  // Explains a run after it ended, from what the engine observed; never runs anything.
  analysis: ['time', 'units', 'model', 'scenario', 'backend', 'load', 'fault', 'gate'],
  report: ['time', 'units', 'model'],
  gate: ['time', 'units', 'model'],
  // Many sim runs of one scenario on worker threads: plans the grid, runs points through the engine, judges them by the gates.
  sweep: ['time', 'units', 'model', 'scenario', 'strategy', 'engine', 'gate'],
  // A run's figures as Prometheus metrics while it goes, from the engine's run events.
  metrics: ['time', 'units', 'model', 'engine'],
  cli: ['*'],
};

function layerOf(path: string): string {
  return relative(SRC, path).split('/')[0].replace(/\.ts$/, '');
}

/** Every relative module a file loads: static, side-effect, re-export and dynamic import(), as TypeScript parses them. */
function importsOf(file: string): string[] {
  const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
  return importedFiles.map((f) => f.fileName).filter((name) => name.startsWith('.'));
}

describe('layering', () => {
  it('no layer imports one above it or a sibling', () => {
    const violations: string[] = [];
    for (const file of sourceFiles(SRC)) {
      const layer = layerOf(file);
      const allowed = ALLOWED[layer];
      if (!allowed) continue; // src/index.ts, the public API, may import everything
      for (const spec of importsOf(file)) {
        const target = layerOf(join(file, '..', spec));
        if (target === layer || allowed.includes('*') || allowed.includes(target)) continue;
        violations.push(`${relative(SRC, file)} imports ${spec} (${layer} → ${target})`);
      }
    }
    expect(violations).toEqual([]);
  });

  // Strategies, workers, the mock backend and the load generator take time from an injected Clock,
  // so the same code runs in virtual time. (The engine's child-process supervision is live-only.)
  it('clock-driven layers never read the wall clock or set timers themselves', () => {
    const offenders = sourceFiles(SRC).filter((f) => {
      const layer = layerOf(f);
      if (!['fault', 'scenario', 'strategy', 'store', 'backend', 'service', 'load', 'analysis'].includes(layer)) return false;
      const code = readFileSync(f, 'utf8').replace(/\/\/.*$|\/\*[\s\S]*?\*\//gm, '');
      return /\bDate\.now\(|\bnew Date\(\)|\bperformance\.now\(|\bsetTimeout\(|\bsetInterval\(|\bsetImmediate\(|\bRealClock\b/.test(code);
    });
    expect(offenders.map((f) => relative(SRC, f))).toEqual([]);
  });

  it('no source file over 300 lines', () => {
    const long = sourceFiles(SRC)
      .map((f) => [relative(SRC, f), readFileSync(f, 'utf8').split('\n').length] as const)
      .filter(([, lines]) => lines > 300);
    expect(long).toEqual([]);
  });

  it('no circle of imports between files', () => {
    const graph = new Map(sourceFiles(SRC).map((f) => [f, importsOf(f).map((spec) => join(f, '..', spec).replace(/\.js$/, '.ts'))]));
    const cycles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const visit = (file: string, path: string[]): void => {
      if (state.get(file) === 'done') return;
      if (state.get(file) === 'open') {
        cycles.push([...path.slice(path.indexOf(file)), file].map((f) => relative(SRC, f)).join(' → '));
        return;
      }
      state.set(file, 'open');
      for (const next of graph.get(file) ?? []) if (graph.has(next)) visit(next, [...path, file]);
      state.set(file, 'done');
    };
    for (const file of graph.keys()) visit(file, []);
    expect(cycles).toEqual([]);
  });

  it("docs/architecture.md's layer table is the one enforced here", () => {
    const page = readFileSync(ARCHITECTURE_PAGE, 'utf8');
    const table = page.slice(page.indexOf('<!-- layers:begin -->'), page.indexOf('<!-- layers:end -->'));
    const documented: Record<string, string[]> = {};
    for (const [, layer, imports] of table.matchAll(/^\| `(\w+)` \| ([^|]+) \|/gm)) {
      documented[layer] = imports.trim() === 'everything' ? ['*'] : [...imports.matchAll(/`(\w+)`/g)].map((m) => m[1]);
    }
    const sorted = (r: Record<string, string[]>) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, [...v].sort()]));
    expect(sorted(documented)).toEqual(sorted(ALLOWED));
  });
});
