import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { RunResult } from '../../model/index.js';
import { renderCompareTable } from '../terminal/compare-table.js';
import { ANSI_RE, escapeMd, escapeTerminal, escapeTerminalDeep, jsonForTerminal, mdCode } from './escape.js';
import { renderMarkdown } from '../markdown/summary.js';
import { renderSummary } from '../terminal/summary.js';
import { renderVerdictLine } from './verdict.js';

/** Every character a terminal would obey or reorder by, line breaks apart. */
// eslint-disable-next-line no-control-regex -- control characters are what this pattern finds
const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

const HOSTILE = '\u001b]0;pwned\u0007 \u001b[2J \u0000 \u009b31m \u202eevil\u202c \u2066x\u2069 \u200f \u061c \u007f';

const load = (): RunResult => JSON.parse(readFileSync(new URL('../../../test/fixtures/report/result.json', import.meta.url), 'utf8')) as RunResult;

describe('escapeTerminal', () => {
  it('shows every control and bidi character as \\uXXXX, so the reader sees it was there', () => {
    const shown = escapeTerminal(HOSTILE);
    expect(shown).not.toMatch(RAW_CONTROL);
    expect(shown).toBe('\\u001b]0;pwned\\u0007 \\u001b[2J \\u0000 \\u009b31m \\u202eevil\\u202c \\u2066x\\u2069 \\u200f \\u061c \\u007f');
  });

  it('leaves ordinary text, accents and emoji alone', () => {
    expect(escapeTerminal('flash-spike · café ✅ 日本 (2xx) [a] C:\\dir')).toBe('flash-spike · café ✅ 日本 (2xx) [a] C:\\dir');
  });

  it('makes one line of a one-line field; multiline keeps line breaks and escapes a lone carriage return', () => {
    expect(escapeTerminal('a\nb\r\nc\td')).toBe('a b c d');
    expect(escapeTerminal('a\nb\r\nc\rd', { multiline: true })).toBe('a\nb\nc\\u000dd');
  });

  it('deep: every string and key of a result, numbers and structure unchanged', () => {
    const value = { name: '\u001b[2J', n: 3, ok: true, none: null, list: ['\u202e', 4], counts: { '\u0007bell': 2 } };
    expect(escapeTerminalDeep(value)).toEqual({ name: '\\u001b[2J', n: 3, ok: true, none: null, list: ['\\u202e', 4], counts: { '\\u0007bell': 2 } });
    expect(value.name).toBe('\u001b[2J'); // a copy: the result itself is not changed
  });
});

describe('jsonForTerminal', () => {
  it('is the same JSON document, with DEL, C1 and bidi written as \\uXXXX', () => {
    const value = { name: HOSTILE, list: [1, '\u202e'] };
    const text = jsonForTerminal(value);
    expect(text).not.toMatch(RAW_CONTROL);
    expect(JSON.parse(text)).toEqual(value);
  });
});

describe('escapeMd and mdCode', () => {
  it('renders no link, remote image, alert, entity or autolink from text', () => {
    const md = escapeMd('[click](http://evil.example/) ![img](http://evil.example/x.png) [!CAUTION] &#8238; www.evil.example');
    expect(md).toBe('\\[click\\](http\\://evil.example/) \\!\\[img\\](http\\://evil.example/x.png) \\[\\!CAUTION\\] \\&#8238; www\\.evil.example');
    expect(md).not.toMatch(/(?<!\\)[[\]]/);
  });

  it('shows control and bidi characters as \\uXXXX, in text and in code', () => {
    expect(escapeMd(HOSTILE)).not.toMatch(RAW_CONTROL);
    expect(escapeMd('a\u001bb')).toBe('a\\u001bb');
    expect(mdCode(HOSTILE)).not.toMatch(RAW_CONTROL);
    expect(mdCode('a\u202eb|c\nd')).toBe('`a\\u202eb\\|c d`');
  });

  it('still escapes what would break a table or start emphasis', () => {
    expect(escapeMd('a|b *c* _d_ `e` <f> \\')).toBe('a\\|b \\*c\\* \\_d\\_ \\`e\\` \\<f\\> \\\\');
  });
});

describe('a hostile result in the renderers', () => {
  const hostile = (): RunResult => {
    const r = load();
    return {
      ...r,
      scenario: HOSTILE,
      strategy: `drop${HOSTILE}`,
      description: `${HOSTILE} [click](http://evil.example/) ![img](http://evil.example/x.png)`,
      failures: { [`reason ${HOSTILE}`]: 3 },
      discrepancies: [`service said ${HOSTILE}`],
    };
  };

  it('terminal: only gameday’s own colour codes reach the screen', () => {
    for (const color of [false, true]) {
      const text = [renderSummary(hostile(), { color, timelines: true }), renderCompareTable([hostile()], { color })].join('\n');
      expect(text.replace(ANSI_RE, '')).not.toMatch(RAW_CONTROL);
      expect(text).toContain('\\u001b]0;pwned\\u0007');
      if (color) expect(text).toMatch(ANSI_RE);
    }
    const verdict = renderVerdictLine({ status: 'fail', expected_failure: false, reasons: [`gate failed: ${HOSTILE}`] }, { color: true });
    expect(verdict.replace(ANSI_RE, '')).not.toMatch(RAW_CONTROL);
  });

  it('summary.md: no raw control, no link or image syntax', () => {
    const md = renderMarkdown(hostile());
    expect(md).not.toMatch(RAW_CONTROL);
    expect(md).not.toMatch(/(?<!\\)\]\(/);
    expect(md).not.toMatch(/(?<!\\)!\[/);
    expect(md).toContain('\\u202e');
  });
});
