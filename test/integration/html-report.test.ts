import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
});
