/** The programmatic API as a user meets it: the example under examples/api runs against the built package by its name. Needs `npm run build`. */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GAMEDAY_VERSION } from '../../src/index.js';

const ROOT = new URL('../../', import.meta.url).pathname;

describe('programmatic API', () => {
  it('examples/api/compare-in-a-script.mjs runs, with exact sim counts, and exits 1 on the failed gate', () => {
    const r = spawnSync(process.execPath, ['examples/api/compare-in-a-script.mjs'], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
    expect(r.stderr).toBe('');
    expect(r.stdout.split('\n').filter((l) => !l.startsWith('  '))).toEqual([
      'reject-429: 27/130 completed, 86 shed, 0 lost — pass',
      'drop: 27/130 completed, 0 shed, 86 lost — FAIL',
      '',
    ]);
    expect(r.stdout).toContain('files: result.json, summary.md, report.html, junit.xml');
    expect(r.status).toBe(1);
  });

  it('the version is package.json’s', () => {
    const pkg = JSON.parse(readFileSync(new URL('package.json', `file://${ROOT}`), 'utf8')) as { version: string };
    expect(GAMEDAY_VERSION).toBe(pkg.version);
  });
});
