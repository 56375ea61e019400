import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, scenarioFile, tempDir, type CliRun } from '../helpers/cli.js';

// A scenario's text is shown, never obeyed: escape sequences (a window title by OSC, a cleared
// screen), NUL, C1 controls and bidi overrides in its name and description reach neither the
// terminal nor summary.md raw, and summary.md renders no link or remote image from them.

/** What a terminal would obey or reorder by, line breaks apart. The tests run with NO_COLOR=1: no ESC at all. */
// eslint-disable-next-line no-control-regex -- control characters are what this pattern finds
const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

// YAML double quotes: \e is ESC, \a BEL, \0 NUL, \x9b the C1 CSI, \u202e a right-to-left override.
const NAME = String.raw`"\e]0;pwned\a \e[2J \0 \x9b2J \u202eevil"`;
const DESCRIPTION = String.raw`"\u202e\e[2J [click](http://evil.example/) ![img](http://evil.example/x.png) \u2066x\u2069"`;
const RAW_NAME = '\u001b]0;pwned\u0007 \u001b[2J \u0000 \u009b2J \u202eevil';

const HOSTILE = `name: ${NAME}
description: ${DESCRIPTION}
seed: 1
traffic:
  phases:
    - { duration: 1s, rate: 10 }
  drain: 5s
service:
  strategy: drop
  capacity: 2
  workers: 1
backend:
  latency: { p50: 20ms, p99: 40ms }
gates:
  - lost == 0
`;

function expectInert(r: CliRun): void {
  expect(r.stdout).not.toMatch(RAW_CONTROL);
  expect(r.stderr).not.toMatch(RAW_CONTROL);
}

/** summary.md: no raw control, no `[x](url)` or `![x](url)` that is not escaped, no bare URL left to autolink. */
function expectInertMarkdown(dir: string): string {
  const md = readFileSync(join(dir, 'summary.md'), 'utf8');
  expect(md).not.toMatch(RAW_CONTROL);
  expect(md).not.toMatch(/(?<!\\)\]\(http/);
  expect(md).not.toMatch(/(?<!\\)!\[/);
  expect(md).not.toContain('http://');
  return md;
}

describe('scenario text is shown, never obeyed', () => {
  const file = scenarioFile(HOSTILE);

  it('validate and plan show the name with its controls escaped', async () => {
    const validate = await cli('validate', file);
    expect(validate.code).toBe(0);
    expectInert(validate);
    expect(validate.stdout).toContain(String.raw`\u001b]0;pwned\u0007 \u001b[2J \u0000 \u009b2J \u202eevil`);
    const plan = await cli('plan', file);
    expect(plan.code).toBe(0);
    expectInert(plan);
    expect(plan.stdout).toContain(String.raw`\u202eevil`);
  });

  it('run: the terminal, the progress lines and summary.md; --json is the same document; baseline save', async () => {
    const out = tempDir();
    const run = await cli('run', file, '--mode', 'sim', '--out', out);
    expect(run.code).toBe(0);
    expectInert(run);
    expect(run.stdout).toContain(String.raw`\u001b]0;pwned\u0007`);
    expect(run.stderr).toContain(String.raw`\u001b]0;pwned\u0007`); // the progress line's header
    expect(expectInertMarkdown(out)).toContain(String.raw`\[click\](http\://evil.example/)`);

    const json = await cli('run', file, '--mode', 'sim', '--json', '--out', tempDir());
    expectInert(json);
    expect((JSON.parse(json.stdout) as { scenario: string }).scenario).toBe(RAW_NAME);

    const saved = await cli('baseline', 'save', join(out, 'result.json'), '--to', join(tempDir(), 'baseline.json'));
    expect(saved.code).toBe(0);
    expectInert(saved);
    expect(saved.stdout).toContain(String.raw`\u202eevil`);
  });

  it('compare: the table, the charts and summary.md', async () => {
    const out = tempDir();
    const r = await cli('compare', file, '--mode', 'sim', '--strategies', 'drop,reject-429', '--out', out);
    expectInert(r);
    expect(r.stdout).toContain(String.raw`\u001b]0;pwned\u0007`);
    expectInertMarkdown(out);
  });

  it('sweep: the tables', async () => {
    const r = await cli('sweep', file, '--vary', 'service.capacity=2,4', '--threads', '1', '--out', tempDir());
    expectInert(r);
    expect(r.stdout).toContain(String.raw`\u001b]0;pwned\u0007`);
  });

  it('a bad value quoted back in an error is escaped too', async () => {
    const bad = scenarioFile(HOSTILE.replace('strategy: drop', String.raw`strategy: "\e]0;pwned\a\u202edrop"`));
    const r = await cli('validate', bad);
    expect(r.code).toBe(2);
    expectInert(r);
    expect(r.stderr).toContain(String.raw`\u001b]0;pwned\u0007\u202edrop`);
  });
});
