import { LIMITS, MAX_DURATION_MS, formatDuration } from '../units/index.js';
import { faultModule } from '../fault/index.js';
import { phaseArrivals, planTooBig } from './plan.js';
import { managedProcesses, serviceCluster, type ParsedScenario } from './schema.js';

export interface BoundsIssue {
  path: (string | number)[];
  message: string;
}

type Checked = Pick<ParsedScenario, 'traffic' | 'client' | 'faults'> & { service: Pick<ParsedScenario['service'], 'workers' | 'url' | 'processes'> };

/**
 * The bounds that span fields, checked on the scenario as it will run (after --time-scale): the
 * plan size and what retries could make of it, and faults that could never fire.
 */
export function boundsIssues(s: Checked): BoundsIssue[] {
  const issues: BoundsIssue[] = [];
  const arrivals = phaseArrivals(s.traffic).reduce((a, b) => a + b, 0);
  if (!(arrivals <= LIMITS.arrivals)) issues.push({ path: ['traffic', 'phases'], message: planTooBig(arrivals).message.replace(/^traffic\.phases: /, '') });
  const attempts = s.client.retry.policy === 'none' ? 1 : s.client.retry.maxAttempts;
  if (arrivals <= LIMITS.arrivals && arrivals * attempts > LIMITS.attempts) {
    issues.push({
      path: ['client', 'retry', 'maxAttempts'],
      message: `${Math.ceil(arrivals).toLocaleString('en')} arrivals × ${attempts} attempts could make ${Math.ceil(arrivals * attempts).toLocaleString('en')} calls; the limit is ${LIMITS.attempts.toLocaleString('en')} (lower maxAttempts or the traffic)`,
    });
  }
  const trafficMs = s.traffic.phases.reduce((t, p) => t + (p.duration ?? 0), 0);
  const endMs = trafficMs + s.traffic.drain;
  if (endMs > MAX_DURATION_MS) {
    issues.push({
      path: ['traffic', 'phases'],
      message: `the run (traffic ${formatDuration(trafficMs)} + drain ${formatDuration(s.traffic.drain)}) would last ${formatDuration(endMs)}; the limit is 24h`,
    });
  }
  s.faults.forEach((f, i) => {
    if (f.at >= endMs) {
      issues.push({
        path: ['faults', i, 'at'],
        message: `a fault at ${formatDuration(f.at)} would never fire: the run ends by ${formatDuration(endMs)} (traffic ${formatDuration(trafficMs)} + drain ${formatDuration(s.traffic.drain)})`,
      });
    }
    const processes = managedProcesses(s.service)?.map((p) => ({ name: p.name, count: p.count }));
    const context = { workers: s.service.workers, external: s.service.url !== undefined, processes, workerProcesses: serviceCluster(s.service)?.workers };
    for (const [field, message] of faultModule(f).check?.(f, context) ?? []) {
      issues.push({ path: ['faults', i, field], message });
    }
  });
  return issues;
}
