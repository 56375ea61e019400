import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeVerdict, evaluateGates, loadScenario, runScenario } from '../../src/index.js';
import type { CompareResult, RunResult } from '../../src/model/index.js';
import { renderHtml } from '../../src/report/index.js';

const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const fixtures = join(root, 'test/fixtures/report/compare');
const CHARTS = ['rate', 'depth', 'outcomes', 'latency'];

function loadCompare(): RunResult[] {
  const compare = JSON.parse(readFileSync(join(fixtures, 'compare.json'), 'utf8')) as CompareResult;
  return compare.results.map((f) => JSON.parse(readFileSync(join(fixtures, f), 'utf8')) as RunResult);
}

describe('HTML report in a real browser', () => {
  let browser: Browser | undefined;
  let dir = '';

  beforeAll(async () => {
    if (!hasChromium) return;
    dir = mkdtempSync(join(tmpdir(), 'gameday-html-'));
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  });

  afterAll(async () => {
    await browser?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const name = 'renders every chart for every strategy, offline';
  it.skipIf(!hasChromium)(hasChromium ? name : `${name} — skipped: ${CHROMIUM} not found (run scripts/ensure-chromium.sh)`, async () => {
    const results = loadCompare();
    const file = join(dir, 'compare.html');
    writeFileSync(file, renderHtml(results));
    const page = await browser!.newPage({ viewport: { width: 1280, height: 900 } });
    const requests: string[] = [];
    page.on('request', (req) => requests.push(req.url()));
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });

    for (const chart of CHARTS) {
      for (const r of results) {
        const svg = page.locator(`svg[data-chart="${chart}"][data-strategy="${r.strategy}"]`);
        await expect(svg.count(), `${chart}/${r.strategy}`).resolves.toBe(1);
        const box = await svg.boundingBox();
        expect(box?.width ?? 0, `${chart}/${r.strategy} width`).toBeGreaterThan(100);
        const series = await svg.locator('path[data-series]').evaluateAll((paths) =>
          paths.map((p) => ({
            name: p.getAttribute('data-series'),
            points: Number(p.getAttribute('data-points')),
            vertices: (p.getAttribute('d')?.match(/-?\d+(\.\d+)?,-?\d+(\.\d+)?/g) ?? []).length,
            // No DOM lib in tsconfig: the element is an SVGPathElement in the browser.
            length: (p as unknown as { getTotalLength(): number }).getTotalLength(),
          })),
        );
        expect(series.length, `${chart}/${r.strategy} series`).toBeGreaterThan(0);
        for (const s of series) {
          expect(s.points, `${chart}/${r.strategy}/${s.name} points`).toBeGreaterThan(0);
          expect(s.vertices).toBe(s.points);
          expect(s.length, `${chart}/${r.strategy}/${s.name} drawn`).toBeGreaterThan(0);
        }
      }
    }
    // The depth chart plots one point per timeline second.
    const depthPoints = await page.locator('svg[data-chart="depth"] path[data-series="depth"]').first().getAttribute('data-points');
    expect(Number(depthPoints)).toBe(results[0].timeline.length);

    await expect(page.locator('table').first().locator('tbody tr').count()).resolves.toBe(results.length);
    await expect(page.locator('pre.config').first().textContent()).resolves.toContain('"strategy": "drop"');

    const outside = requests.filter((u) => !u.startsWith('file:') && !u.startsWith('data:'));
    expect(outside).toEqual([]);

    mkdirSync(join(root, 'reports'), { recursive: true });
    await page.screenshot({ path: join(root, 'reports/html-report.png'), fullPage: true });
    await page.close();
  });

  /** scenarios/gameday.yaml in virtual time, judged as the CLI judges it. */
  async function gameDay(strategy?: string): Promise<RunResult> {
    const s = loadScenario(join(root, 'scenarios/gameday.yaml'), { strategy });
    const r = await runScenario(s, { mode: 'sim' });
    r.gates = evaluateGates(r, s.gates);
    r.verdict = computeVerdict(r);
    return r;
  }

  /** The markers of one chart as the browser lays them out: kind, time, and the box it was drawn in. */
  async function drawnMarkers(file: string, chart: string) {
    const page = await browser!.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
    const markers = page.locator(`svg[data-chart="${chart}"] .marker`);
    const drawn: { kind: string; atMs: number; width: number; height: number }[] = [];
    for (let i = 0; i < (await markers.count()); i++) {
      const m = markers.nth(i);
      const box = await m.boundingBox();
      drawn.push({
        kind: (await m.getAttribute('data-marker'))!,
        atMs: Number(await m.getAttribute('data-at-ms')),
        width: box?.width ?? 0,
        height: box?.height ?? 0,
      });
    }
    return { page, drawn };
  }

  const journal = 'the game day write-up: journal markers drawn on the timelines, the event table, the hypothesis';
  it.skipIf(!hasChromium)(hasChromium ? journal : `${journal} — skipped: ${CHROMIUM} not found (run scripts/ensure-chromium.sh)`, async () => {
    const r = await gameDay();
    const file = join(dir, 'gameday.html');
    writeFileSync(file, renderHtml([r]));
    const { page, drawn } = await drawnMarkers(file, 'outcomes');
    const at = (kind: string) => drawn.filter((m) => m.kind === kind).map((m) => m.atMs);
    // Every journal entry that is a marker is drawn, at its run time, with a visible box.
    const expected = (kind: string) => r.events!.filter((e) => e.kind === kind).map((e) => e.at_ms);
    expect(at('crash-service')).toEqual([11000]);
    expect(at('restart-service')).toEqual([13000]);
    expect(at('backend-outage')).toEqual([7000]);
    expect(at('backend-rate-limit')).toEqual([9000]);
    expect(at('phase')).toEqual([6000, 10000]);
    expect(at('hypothesis')).toEqual(expected('hypothesis'));
    expect(at('recovery')).toEqual(expected('recovery'));
    // The live check where the disturbance starts, then each window's judgment (before, during, after).
    expect(at('hypothesis').length).toBe(4);
    for (const m of drawn) expect(m.height, `${m.kind} at ${m.atMs} drawn`).toBeGreaterThan(50);
    // The outage is a band as wide as its 2 s window; a moment is a line.
    const band = drawn.find((m) => m.kind === 'backend-outage')!;
    expect(band.width).toBeGreaterThan(10);
    // The journal table lists every event, in order; the hypothesis table one row per window.
    await expect(page.locator('table.journal tbody tr').count()).resolves.toBe(r.events!.length);
    await expect(page.locator('table.journal tbody tr').first().getAttribute('data-event')).resolves.toBe('phase-start');
    const windows = await page
      .locator('table.hypothesis tbody tr')
      .evaluateAll((rows) => rows.map((x) => [x.getAttribute('data-window'), x.getAttribute('data-held')]));
    expect(windows).toEqual([
      ['gate', 'true'],
      ['before', 'true'],
      ['during', 'false'],
      ['after', 'true'],
    ]);
    const headings = await page.locator('h2').allTextContents();
    expect(headings.indexOf('Hypothesis')).toBeLessThan(headings.indexOf('Method'));
    expect(headings.indexOf('Method')).toBeLessThan(headings.indexOf('Timelines'));
    expect(headings.indexOf('Timeline of events')).toBeLessThan(headings.indexOf('Findings'));
    await expect(page.locator('.verdict-banner').getAttribute('data-status')).resolves.toBe('pass');
    mkdirSync(join(root, 'reports'), { recursive: true });
    // The README's showcase (docs/gameday-report.png): the write-up down to the first timelines.
    await page.setViewportSize({ width: 1280, height: 1900 });
    await page.screenshot({ path: join(root, 'reports/gameday-report.png'), fullPage: false });
    await page.close();
  });

  const abort = 'an aborted game day: the abort marker on every timeline and the verdict banner';
  it.skipIf(!hasChromium)(hasChromium ? abort : `${abort} — skipped: ${CHROMIUM} not found (run scripts/ensure-chromium.sh)`, async () => {
    const r = await gameDay('reject-429');
    expect(r.abort?.expr).toBe('lost > 50');
    const file = join(dir, 'gameday-aborted.html');
    writeFileSync(file, renderHtml([r]));
    for (const chart of CHARTS) {
      const { page, drawn } = await drawnMarkers(file, chart);
      const marks = drawn.filter((m) => m.kind === 'abort');
      expect(
        marks.map((m) => m.atMs),
        chart,
      ).toEqual([r.abort!.at_ms]);
      expect(marks[0].height).toBeGreaterThan(50);
      if (chart === 'rate') {
        await expect(page.locator('.verdict-banner').getAttribute('data-status')).resolves.toBe('aborted');
        await expect(page.locator('.verdict-banner').textContent()).resolves.toContain('abort condition `lost > 50` breached at');
        await expect(page.locator('ul.findings').textContent()).resolves.toContain('The run was aborted at');
      }
      await page.close();
    }
  });
});
