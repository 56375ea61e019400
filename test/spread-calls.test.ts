import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { SRC, sourceFiles } from './helpers/source-files.js';

/**
 * `Math.max(...values)` and its kin put every value on the stack as an argument: past about
 * 120,000 (a day of per-second points, one second at a high rate, a big sweep) the call throws
 * "Maximum call stack size exceeded", at report time, after the whole run. Source code uses
 * maxOf/minOf (src/units/extent.ts) or a loop instead, whatever the size looks like today.
 */
const SPREAD_SENSITIVE = new Set(['Math.max', 'Math.min', 'String.fromCharCode', 'String.fromCodePoint']);
/** Calls still written with a spread, and why each is bounded. */
const KNOWN: Record<string, string> = {};

function spreadCalls(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node)) {
      const callee = node.expression.getText(source);
      const spread = node.arguments.some(ts.isSpreadElement);
      const apply = ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === 'apply' && node.arguments.length === 2;
      if ((spread && SPREAD_SENSITIVE.has(callee)) || apply)
        found.push(`${callee} at line ${source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1}`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe('no call whose stack grows with the data', () => {
  it('Math.max, Math.min and String.fromCharCode never take a spread; nothing is passed by .apply', () => {
    const offenders = sourceFiles(SRC).flatMap((file) => {
      const name = relative(SRC, file);
      return KNOWN[name] ? [] : spreadCalls(file).map((call) => `${name}: ${call}`);
    });
    expect(offenders).toEqual([]);
  });
});
