import { LineCounter, parseDocument } from 'yaml';
import { describe, expect, it } from 'vitest';
import { unresolvedAliasError, yamlSyntaxError } from './yaml-errors.js';

/** The message gameday gives for a YAML text the parser refuses. */
function messageFor(text: string): string {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  expect(doc.errors.length, text).toBeGreaterThan(0);
  return yamlSyntaxError(text, 's.yaml', doc.errors[0], lines).message;
}

describe('YAML syntax errors in plain words', () => {
  it.each([
    [
      'name: t\ntraffic: [unclosed\n',
      's.yaml:2:10: malformed YAML: the `[` opened here is never closed: add `]` where its value ends',
      '  2 | traffic: [unclosed\n    |          ^',
    ],
    [
      'service:\n  strategy: drop\n capacity: 3\n',
      's.yaml:3:2: malformed YAML: this key is not lined up with the keys of its mapping: indent it to the same column as they are (the line above starts at column 3)',
      '  3 |  capacity: 3\n    |  ^',
    ],
    [
      'service:\n  workers: 2\n  workers: 3\n',
      's.yaml:3:3: malformed YAML: `workers` is given twice in the same mapping: keep one',
      '  3 |   workers: 3\n    |   ^',
    ],
    ['traffic:\n\tphases: []\n', 's.yaml:2:1: malformed YAML: a tab indents this line; YAML indents with spaces only', '  2 | →phases: []\n    | ^'],
    ['name: t\ntraffic\n  phases: []\n', 's.yaml:2:1: malformed YAML: `traffic` is a key without its colon: write `traffic:`', '  2 | traffic\n    | ^'],
    [
      'service:\n  strategy:drop\n  capacity: 3\n',
      's.yaml:2:3: malformed YAML: `strategy:drop` needs a space after the colon: `strategy: drop`',
      '  2 |   strategy:drop\n    |   ^',
    ],
    ['name: "t\nservice: x\n', 's.yaml:1:7: malformed YAML: the quoted value opened here is never closed: add the closing "', '  1 | name: "t\n    |       ^'],
    ["name: it's\nx: 'a\n", "s.yaml:2:4: malformed YAML: the quoted value opened here is never closed: add the closing '", "  2 | x: 'a\n    |    ^"],
    ['name: a: b\n', 's.yaml:1:7: malformed YAML: the value of `name` contains `: `: put it in quotes (`name: "a: b"`)', '  1 | name: a: b\n    |       ^'],
    ['name: @t\n', 's.yaml:1:7: malformed YAML: a value cannot start with `@` unquoted: put the value in quotes', '  1 | name: @t\n    |       ^'],
    ['a: {b: 1 c: 2}\n', 's.yaml:1:8: malformed YAML: inside `[ ]` or `{ }` items are separated by commas', '  1 | a: {b: 1 c: 2}\n    |        ^'],
    ['a: [1, 2]]\n', 's.yaml:1:10: malformed YAML: a `]` with nothing open to close', '  1 | a: [1, 2]]\n    |          ^'],
    ['name: t\n---\nname: u\n', 's.yaml:2:1: malformed YAML: a `---` starts a second document, and a scenario is one', '  2 | ---\n    | ^'],
    ['name: "a\\qb"\n', 's.yaml:1:9: malformed YAML: a backslash in a double-quoted value starts an escape', '  1 | name: "a\\qb"\n    |         ^'],
  ])('%j', (text, first, excerpt) => {
    const message = messageFor(text);
    expect(message.split('\n')[0].startsWith(first), message).toBe(true);
    expect(message.split('\n').slice(1).join('\n')).toBe(excerpt);
    expect(message).not.toMatch(/Implicit keys|Flow sequence|mapping items|compact mappings/); // the parser's grammar words
  });

  it('cuts a long line around the caret, and shows what a line holds that a terminal would obey as text', () => {
    const long = messageFor(`x: ${'y'.repeat(300)}: z\n\u001b[2Jname: [\n`);
    expect(long.split('\n')[1].length).toBeLessThan(140);
    const hostile = messageFor('name: "\u001b]0;owned\u0007\n');
    expect(hostile.includes('\u001b') || hostile.includes('\u0007')).toBe(false);
    expect(hostile).toContain('\\u001b]0;owned\\u0007');
  });

  it('an alias with no anchor is pointed at, not called an alias bomb', () => {
    const text = 'name: t\nb: *nope\n';
    const err = unresolvedAliasError(text, 's.yaml', new ReferenceError('Unresolved alias (the anchor must be set before the alias): nope'));
    expect(err.message).toBe(
      's.yaml:2:4: malformed YAML: `*nope` refers to no anchor: set `&nope` on a value above it, or write the value out\n  2 | b: *nope\n    |    ^',
    );
  });
});
