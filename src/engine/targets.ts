import { isLoopbackHost } from '../backend/index.js';
import { ConfigError } from '../model/index.js';
import type { Scenario } from '../scenario/index.js';
import { getStrategy } from '../strategy/index.js';

/** The run flag that names a host beyond this machine the run may reach (repeatable). */
export const TARGET_FLAG = '--target';

/** A host beyond this machine a run of the scenario would connect to, and what it would do there. */
export interface RemoteEndpoint {
  field: string;
  host: string;
  port: string;
  /** What gameday would do there, for the refusal. */
  does: string;
}

/**
 * A scenario file decides where a run connects, and a file may come from anyone: load sent to a
 * host elsewhere is an attack on it, and a durable queue on a Redis elsewhere would have gameday
 * write, read and delete keys on that server. So a host that is not loopback is reached only when
 * the run names it with --target (`host` for any port, `host:port` for one), checked before any
 * socket opens.
 */
export function checkTargets(s: Scenario, targets: readonly string[] = []): void {
  for (const { field, host, port, does } of remoteEndpoints(s)) {
    if (targets.some((t) => t === host || t === `${host}:${port}` || t === `[${host}]:${port}`)) continue;
    const named = host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
    throw new ConfigError(
      `${s.source}: ${field} is on ${named}, not this machine: gameday would ${does}; add ${TARGET_FLAG} ${named} to allow it, or use one on 127.0.0.1`,
      'GD_ERR_TARGET',
    );
  }
}

/** What a run of this scenario connects to beyond this machine: your service's URL, or a Redis queue's. */
export function remoteEndpoints(s: Scenario): RemoteEndpoint[] {
  const endpoint = (field: string, href: string, defaultPort: string, does: string) => {
    const url = new URL(href);
    return { field, host: url.hostname.replace(/^\[|\]$/g, ''), port: url.port || defaultPort, does };
  };
  const found: RemoteEndpoint[] = [];
  if (s.service.url !== undefined) found.push(endpoint('service.url', s.service.url, s.service.url.startsWith('https:') ? '443' : '80', 'send it the load'));
  else {
    const spec = getStrategy(s.service.strategy.type).storeSpec?.(s.service.strategy.options);
    if (spec?.kind === 'redis' && spec.url) found.push(endpoint('service.strategy.url', spec.url, '6379', 'write and delete its queue there'));
  }
  (s.hypothesis?.probes ?? []).forEach((p, i) => {
    if ('http' in p) found.push(endpoint(`hypothesis.probes[${i}].http.url`, p.http.url, p.http.url.startsWith('https:') ? '443' : '80', 'probe it'));
  });
  return found.filter((e) => !isLoopbackHost(e.host));
}
