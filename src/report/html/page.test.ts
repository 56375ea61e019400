import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { CompareResult, RunResult } from '../../model/index.js';
import { renderHtml } from './page.js';

const fixtures = new URL('../../../test/fixtures/report/', import.meta.url);
const read = <T>(name: string): T => JSON.parse(readFileSync(new URL(name, fixtures), 'utf8')) as T;
const loadCompare = (): RunResult[] => read<CompareResult>('compare/compare.json').results.map((f) => read<RunResult>(`compare/${f}`));

const CHARTS = ['rate', 'depth', 'outcomes', 'latency'];

/** Each chart's series as [name, data-points] pairs, by `chart/strategy`. */
function chartsOf(html: string): Map<string, [string, number][]> {
  const out = new Map<string, [string, number][]>();
  for (const m of html.matchAll(/<svg [^>]*data-chart="([^"]+)" data-strategy="([^"]+)">([\s\S]*?)<\/svg>/g)) {
    const series = [...m[3].matchAll(/data-series="([^"]+)" data-points="(\d+)"/g)].map((s) => [s[1], Number(s[2])] as [string, number]);
    out.set(`${m[1]}/${m[2]}`, series);
  }
  return out;
}

describe('renderHtml', () => {
  const results = loadCompare();
  const html = renderHtml(results);

  it('is one self-contained page: no script, no link, no URL', () => {
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).not.toMatch(/<script|<link|<img|\bsrc=|url\(|https?:\/\//i);
    expect(html).toContain("default-src 'none'");
  });

  it('draws every chart for every strategy, each series with its point count', () => {
    const charts = chartsOf(html);
    expect([...charts.keys()].sort()).toEqual(CHARTS.flatMap((c) => results.map((r) => `${c}/${r.strategy}`)).sort());
    for (const [key, series] of charts) {
      expect(series.length, key).toBeGreaterThan(0);
      for (const [name, points] of series) expect(points, `${key}/${name}`).toBeGreaterThan(0);
    }
    expect(charts.get('depth/drop')).toEqual([['depth', 30]]);
    expect(charts.get('rate/reject-429')!.map(([n]) => n)).toEqual(['answered', 'completed', 'offered']);
    // reject-429 lost nothing: no lost line is drawn for it; drop lost plenty.
    expect(charts.get('outcomes/reject-429')!.map(([n]) => n)).toEqual(['completed', 'shed', 'failed']);
    expect(charts.get('outcomes/drop')!.map(([n]) => n)).toContain('lost');
  });

  it('leaves gaps in latency where no request completed', () => {
    const single = renderHtml([read<RunResult>('result.json')]);
    const p50 = single.match(/<path class="series" data-series="p50" data-points="(\d+)" d="([^"]+)"/)!;
    expect(Number(p50[1])).toBe(28); // 30 seconds, two with no completions (the crash)
    expect(p50[2].match(/M/g)).toHaveLength(2);
  });

  it('has the outcome table with one row per strategy and the best values marked', () => {
    const table = html.match(/<h2>Outcomes<\/h2>[\s\S]*?<\/table>/)![0];
    const rows = [...table.matchAll(/<tr><td><b>([^<]+)<\/b><\/td>([\s\S]*?)<\/tr>/g)];
    expect(rows.map((r) => r[1])).toEqual(['drop', 'reject-429', 'priority-shed']);
    const cells = (i: number) => [...rows[i][2].matchAll(/<td class="([^"]*)">([^<]*)<\/td>/g)].map((m) => [m[1], m[2]]);
    // scheduled, completed, shed, rejected, failed, lost, drop rate ...
    expect(cells(0)[5]).toEqual(['num bad', '592']);
    expect(cells(1)[5]).toEqual(['num best', '0']);
    expect(cells(1)[6]).toEqual(['num best', '0.00%']);
    expect(cells(2)[1]).toEqual(['num best', '604']);
  });

  it('shows verdicts, rates, gates, discrepancies and the config', () => {
    expect(html).toContain(
      '<li class="bad" data-verdict="lost" data-status="fail">drop: FAIL · LOST 592 (59.20%) — 592 accepted (2xx) and never finished · gates 1/2',
    );
    expect(html).toContain('<li class="good" data-verdict="ok" data-status="pass">reject-429: PASS · nothing lost · gates 2/2');
    // The page opens with the comparison's one verdict, right under its title: a headline, then each detail once.
    expect(html).toContain(
      '</h1>\n<p class="verdict-banner fail" data-status="fail" data-expected-failure="false"><b>FAIL</b> — 3 strategies: 2 failed, 1 passed</p>' +
        '<ul class="verdict-details"><li>drop: lost == 0 (measured 592)</li><li>priority-shed: lost == 0 (measured 3)</li></ul>',
    );
    expect(html).toContain('48.80%'); // reject-429 shed rate
    expect(html.match(/<span class="badge fail">fail<\/span>/g)).toHaveLength(2);
    expect(html.match(/<span class="badge pass">pass<\/span>/g)).toHaveLength(4);
    expect(html).toContain('service reports 1000 accepted and 0 dropped');
    expect(html).toContain('<pre class="config">{\n  &quot;name&quot;: &quot;flash-spike&quot;,');
    expect(html).toContain('&quot;service&quot;: { &quot;strategy&quot;: &quot;drop&quot;, &quot;capacity&quot;: 300, &quot;workers&quot;: 4 }');
  });

  it('marks faults and crashes on every timeline: a line for a moment, a band for a window', () => {
    const r = read<RunResult>('result.json');
    r.config = {
      faults: [
        { at: 5000, kind: 'backend-outage', duration: 3000 },
        { at: 12_000, kind: 'crash-service', restartAfter: 2000 },
      ],
    };
    const page = renderHtml([r]);
    const charts = page.match(/<svg class="chart"[\s\S]*?<\/svg>/g)!;
    expect(charts.length).toBeGreaterThan(0);
    for (const svg of charts) {
      expect(svg).toContain('<rect class="marker" data-marker="backend-outage" data-at-ms="5000"');
      expect(svg).toContain('<line class="marker" data-marker="crash-service" data-at-ms="12000"');
      expect(svg).toMatch(/<line class="marker" data-marker="restart-service" data-at-ms="\d+"/);
    }
    expect(page).toContain('a crash (X), restart (R), death (D) or abort (A) in red');
  });

  it('escapes every string taken from the result', () => {
    const r = read<RunResult>('result.json');
    r.strategy = '<script>alert(1)</script>';
    r.discrepancies = ['a "quoted" <b>thing</b> & more'];
    r.config = { note: '</pre><script>' };
    const out = renderHtml([r], { title: 'T <i>' });
    expect(out).not.toContain('<script>');
    expect(out).not.toContain('<b>thing</b>');
    expect(out).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(out).toContain('<title>T &lt;i&gt;</title>');
    expect(out).toContain('a &quot;quoted&quot; &lt;b&gt;thing&lt;/b&gt; &amp; more');
  });

  it('renders an empty page rather than throwing', () => {
    expect(renderHtml([])).toContain('No results to show.');
    const r = read<RunResult>('result.json');
    r.timeline = [];
    expect(renderHtml([r])).toContain('no data');
  });

  it("describes your own service by what was measured of it, never by gameday's service model", () => {
    const r = read<RunResult>('result.json');
    const own: RunResult = {
      ...r,
      strategy: 'external',
      config: { ...(r.config as object), service: { url: 'http://127.0.0.1:3000/jobs', capacity: 20, workers: 2 } },
    };
    const html = renderHtml([own]);
    expect(html).toContain('Service: <b>your own</b> at <code>http://127.0.0.1:3000/jobs</code>');
    expect(html).toContain('completed = answered at the backend; the service&#39;s delivery is not observed');
    expect(html).not.toContain('capacity 20');
  });
});
