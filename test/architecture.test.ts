import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { SRC, sourceFiles } from './helpers/source-files.js';

/**
 * Dependencies flow one way (DESIGN.md section 3). Each layer may import only the layers listed;
 * siblings of one level never import each other, they meet in the engine.
 */
const ALLOWED: Record<string, string[]> = {
  model: [],
  // One file per fault kind and a registry: the scenario composes their schemas, the mock and the engine ask them what to do.
  fault: ['model'],
  // The scenario composes the option schemas of the modules that own them (faults, the service, the client's retries).
  scenario: ['model', 'fault', 'service', 'load'],
  strategy: ['model'],
  store: ['model'],
  backend: ['model', 'fault'],
  service: ['model', 'strategy', 'backend'],
  load: ['model'],
  // Gates, abort conditions and the steady-state hypothesis are one expression language (gate/, over
  // model only): the engine checks abort conditions while it runs, analysis judges the hypothesis.
  engine: ['model', 'scenario', 'strategy', 'store', 'backend', 'service', 'load', 'analysis', 'fault', 'gate'],
  // Explains a run after it ended, from what the engine observed; never runs anything.
  analysis: ['model', 'scenario', 'backend', 'load', 'fault', 'gate'],
  report: ['model'],
  gate: ['model'],
  // Many sim runs of one scenario on worker threads: plans the grid, runs points through the engine, judges them by the gates.
  sweep: ['model', 'scenario', 'strategy', 'engine', 'gate'],
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
});
