/**
 * `gameday validate` on the options that change a backend over time and steer egress by
 * latency: the library's latency-collapse scenario passes; a bad value exits 2 with one line
 * naming the field and what to write instead.
 */
import { describe, expect, it } from 'vitest';
import { cli, scenarioFile } from '../helpers/cli.js';

const LATENCY_COLLAPSE = new URL('../../scenarios/latency-collapse.yaml', import.meta.url).pathname;

const withFault = (fault: string) => `name: t
traffic:
  phases:
    - { duration: 1s, rate: 5 }
service:
  strategy: reject-429
backend:
  capacity: 8
faults:
  - ${fault}
`;

async function expectRefused(args: string[], pattern: RegExp): Promise<void> {
  const r = await cli('validate', ...args);
  expect(r.code).toBe(2);
  expect(r.stderr).toMatch(pattern);
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  expect(r.stderr).not.toMatch(/\n\s+at /);
}

describe('validate: backend faults over time, latency-driven egress, the congestion curve', () => {
  it('accepts scenarios/latency-collapse.yaml, and each egress kind on it', async () => {
    for (const kind of ['gradient', 'vegas', 'adaptive', 'fixed']) {
      const r = await cli('validate', LATENCY_COLLAPSE, '--set', `service.egress.kind=${kind}`);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
    }
  });

  it.each([
    [['--set', 'service.egress.tolerance=0.5'], /service\.egress\.tolerance: Expected `egress\.tolerance` to be >= 1/],
    [['--set', 'service.egress.smoothing=0'], /service\.egress\.smoothing: Expected `egress\.smoothing` to be > 0/],
    [['--set', 'service.egress.window=5'], /service\.egress\.window: Expected a duration with a unit, got the bare number 5: write 5ms or 5s/],
    [
      ['--set', 'service.egress.kind=fixed', '--set', 'service.egress.queueSize=3'],
      /service\.egress\.queueSize: `egress\.queueSize` applies to kind gradient, not fixed/,
    ],
    [
      ['--set', 'service.egress.kind=vegas', '--set', 'service.egress.alpha=5'],
      /service\.egress\.alpha: Expected `egress\.alpha` <= `egress\.beta` \(4 by default\)/,
    ],
    [['--set', 'service.egress.kind=gradual'], /service\.egress\.kind: expected one of .*"gradient"\|"vegas"/],
    [['--set', 'backend.congestion.knee=16'], /backend\.congestion\.knee: Expected `congestion\.knee` < `capacity` \(16\), got 16/],
    [['--set', 'faults[0].to=0'], /faults\[0\]\.to: Expected `to` to be > 0, got 0/],
    [['--set', 'faults[0].hold=3'], /faults\[0\]\.hold: Expected a duration with a unit/],
  ])('refuses %j on latency-collapse with exit 2, naming the field', async (flags, pattern) => {
    await expectRefused([LATENCY_COLLAPSE, ...flags], pattern);
  });

  it('refuses a backend-rate-limit without a limit, and one with a bare-number duration', async () => {
    await expectRefused(
      [scenarioFile(withFault('{ at: 1s, kind: backend-rate-limit, duration: 1s }'))],
      /faults\[0\]\.rpm: Expected at least one of `rpm`, `itpm`, `otpm`/,
    );
    await expectRefused([scenarioFile(withFault('{ at: 1s, kind: backend-rate-limit, duration: 1s, rpm: -5 }'))], /faults\[0\]\.rpm: Expected `rpm` to be > 0/);
    await expectRefused(
      [scenarioFile(withFault('{ at: 1s, kind: backend-slowdown, duration: 10, to: 2 }'))],
      /faults\[0\]\.duration: Expected a duration with a unit/,
    );
  });

  it('refuses congestion without a backend capacity', async () => {
    const text = withFault('{ at: 1s, kind: backend-slowdown, duration: 1s, to: 2 }').replace('capacity: 8', 'congestion: { knee: 2, factor: 3 }');
    await expectRefused([scenarioFile(text)], /backend\.congestion: `congestion` needs `capacity`/);
  });
});
