import { isLoopbackHost } from '../backend/index.js';
import { ConfigError } from '../model/index.js';
import type { Scenario } from '../scenario/index.js';
import { getStrategy } from '../strategy/index.js';

/** The run flag that names a host beyond this machine the run may reach (repeatable). */
export const TARGET_FLAG = '--target';

/**
 * A scenario file decides where a run connects, and a file may come from anyone: a durable
 * queue on a Redis elsewhere would have gameday write, read and delete keys on that server. So a
 * host that is not loopback is reached only when the run names it with --target (`host` for any
 * port, `host:port` for one), checked before any socket opens.
 */
export function checkTargets(s: Scenario, targets: readonly string[] = []): void {
  for (const { field, url } of remoteEndpoints(s)) {
    const host = url.hostname.replace(/^\[|\]$/g, '');
    if (isLoopbackHost(host)) continue;
    const port = url.port || '6379';
    if (targets.some((t) => t === host || t === `${host}:${port}` || t === `[${host}]:${port}`)) continue;
    throw new ConfigError(
      `${s.source}: ${field} is on ${host}:${port}, not this machine: gameday would write and delete its queue there; add ${TARGET_FLAG} ${host}:${port} to allow it, or use a Redis on 127.0.0.1`,
      'GD_ERR_TARGET',
    );
  }
}

/** What a run of this scenario connects to besides the service and the mock: a Redis queue's URL. */
function remoteEndpoints(s: Scenario): { field: string; url: URL }[] {
  if (s.service.url !== undefined) return [];
  const spec = getStrategy(s.service.strategy.type).storeSpec?.(s.service.strategy.options);
  return spec?.kind === 'redis' && spec.url ? [{ field: 'service.strategy.url', url: new URL(spec.url) }] : [];
}
