import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { computeVerdict, type CompareResult, type RunResult } from '../../model/index.js';
import { renderJunit } from './junit-xml.js';

const fixtures = new URL('../../../test/fixtures/report/', import.meta.url);
const read = <T>(name: string): T => JSON.parse(readFileSync(new URL(name, fixtures), 'utf8')) as T;
const loadCompare = (): RunResult[] => read<CompareResult>('compare/compare.json').results.map((f) => read<RunResult>(`compare/${f}`));

const unescape = (s: string) =>
  s.replace(/&(lt|gt|quot|#39|#10|amp);/g, (_, e: string) => ({ lt: '<', gt: '>', quot: '"', '#39': "'", '#10': '\n', amp: '&' })[e]!);

function attrs(tag: string): Record<string, string> {
  return Object.fromEntries([...tag.matchAll(/([\w:-]+)="([^"]*)"/g)].map((m) => [m[1], unescape(m[2])]));
}

type Attrs = Record<string, string>;
type Case = Attrs & { failure?: Attrs };
type Suite = Attrs & { cases: Case[] };

/** A DOM-free reading of the JUnit we write: suites, their cases, and each case's failure. */
function parse(xml: string): Suite[] {
  return [...xml.matchAll(/<testsuite (.*?)>([\s\S]*?)<\/testsuite>/g)].map(([, head, body]) => {
    const cases = [...body.matchAll(/<testcase ([^>]*?)(\/>|>([\s\S]*?)<\/testcase>)/g)].map((m): Case => {
      const failure = m[3]?.match(/<failure ([^>]*)>([\s\S]*?)<\/failure>/);
      const c: Case = attrs(m[1]);
      if (failure) c.failure = { ...attrs(failure[1]), body: unescape(failure[2]) };
      return c;
    });
    return Object.assign(attrs(head), { cases }) as Suite;
  });
}

describe('renderJunit', () => {
  it('writes one suite per result with one case per gate, failures carrying the measured value', () => {
    const xml = renderJunit([read<RunResult>('result.json')]);
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="gameday" tests="2" failures="1"')).toBe(true);
    const [suite] = parse(xml);
    expect(suite.name).toBe('gameday.flash-spike.priority-shed');
    expect([suite.tests, suite.failures, suite.errors]).toEqual(['2', '1', '0']);
    expect(suite.cases.map((c) => [c.name, c.classname])).toEqual([
      ['lost == 0', 'flash-spike.priority-shed'],
      ['p99_latency < 20s', 'flash-spike.priority-shed'],
    ]);
    const failure = suite.cases[0].failure!;
    expect(failure.message).toBe('lost == 0: measured 80');
    expect(failure.body).toContain('80 requests lost (drop rate 8.00%)');
    expect(failure.body).toContain('completed 700, shed 200, rejected 0, failed 20, lost 80');
    expect(suite.cases[1].failure).toBeUndefined();
  });

  it('counts tests and failures across a comparison', () => {
    const xml = renderJunit(loadCompare());
    expect(xml).toMatch(/<testsuites name="gameday" tests="6" failures="2"/);
    const suites = parse(xml);
    expect(suites.map((s) => [s.name, s.failures])).toEqual([
      ['gameday.flash-spike.drop', '1'],
      ['gameday.flash-spike.reject-429', '0'],
      ['gameday.flash-spike.priority-shed', '1'],
    ]);
    expect(suites[0].cases[0].failure!.message).toBe('lost == 0: measured 592');
    expect(suites[2].cases[0].failure!.message).toBe('lost == 0: measured 3');
  });

  it('emits a passing "ledger reconciles" case when a result has no gates', () => {
    const r = read<RunResult>('result.json');
    r.gates = [];
    const [suite] = parse(renderJunit([r]));
    expect(suite.tests).toBe('1');
    expect(suite.failures).toBe('0');
    expect(suite.cases).toEqual([{ name: 'ledger reconciles', classname: 'flash-spike.priority-shed', time: '0' }]);
  });

  it('reports an aborted run as aborted, named after its condition, its gates skipped: not a failed gate', () => {
    const r = read<RunResult>('result.json');
    r.abort = { expr: 'lost > 50', at_ms: 6000, value: 66, detail: 'lost = 66, > 50' };
    r.verdict = computeVerdict(r);
    const [suite] = parse(renderJunit([r]));
    expect([suite.tests, suite.failures, suite.skipped]).toEqual(['3', '1', '2']);
    expect(suite.cases[0].name).toBe('aborted: lost > 50');
    expect(suite.cases[0].failure).toMatchObject({
      type: 'aborted',
      message: expect.stringMatching(/^ABORTED — abort condition `lost > 50` breached at 6\.0 s/),
    });
    expect(suite.cases.slice(1).map((c) => c.failure)).toEqual([undefined, undefined]);
  });

  it('escapes markup and drops characters XML forbids', () => {
    const r = read<RunResult>('result.json');
    r.strategy = 'a&b';
    r.gates = [{ expr: `p99 < 5s && x > "y"`, value: 0.1 + 0.2, pass: false, detail: 'bad\u0001 <detail>' }];
    const xml = renderJunit([r]);
    expect(xml).not.toContain('\u0001');
    // No raw markup inside attribute values or text: every < starts a tag, every & an entity.
    expect(xml.replace(/<\/?[a-z?][^<>]*>/g, '')).not.toMatch(/[<>]|&(?!(lt|gt|quot|amp|#39|#10|#13|#9);)/);
    const [suite] = parse(xml);
    expect(suite.name).toBe('gameday.flash-spike.a&b');
    expect(suite.cases[0].name).toBe('p99 < 5s && x > "y"');
    expect(suite.cases[0].failure!.message).toBe('p99 < 5s && x > "y": measured 0.3');
  });
});
