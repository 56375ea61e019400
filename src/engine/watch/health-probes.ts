import { Agent, request } from 'undici';
import { ConfigError, lastOutputLine, parseJsonCondition, replaceVariables, variableValue, type JsonCondition, type ProbeCheck } from '../../model/index.js';
import { urlEndpoint } from '../../backend/index.js';
import { connectOptions, type TlsOptions } from '../../load/index.js';
import type { ProbeConfig, Scenario } from '../../scenario/index.js';
import type { Clock } from '../../time/index.js';
import type { Shell } from '../shell.js';
import { serviceTls } from '../harness/service-tls.js';

/** A body read for a condition is a status document: anything larger is refused, not read whole. */
const MAX_BODY_BYTES = 256 * 1024;

type HttpProbe = Extract<ProbeConfig, { http: unknown }>['http'];

/** A probe ready to send: its headers' `${VAR}` read, and the service's TLS when it probes the service's own host. */
export type ReadyProbe = { name: string; command: string; timeout: number } | { name: string; http: HttpProbe & { tls?: TlsOptions } };

/**
 * The hypothesis' probes, made ready before anything starts: an unset `${VAR}` in a header is bad
 * input (exit 2), not a probe that fails at the gate and calls the experiment off. Header values
 * live only here, in memory: a probe's detail names its URL and answer, never what it sent.
 */
export function readyProbes(s: Scenario, env: NodeJS.ProcessEnv = process.env): ReadyProbe[] {
  const service = s.service.url === undefined ? undefined : urlEndpoint(new URL(s.service.url));
  let tls: TlsOptions | undefined;
  return (s.hypothesis?.probes ?? []).map((p, k) => {
    if (!('http' in p)) return p;
    const headers = Object.fromEntries(
      Object.entries(p.http.headers).map(([name, value]) => [
        name.toLowerCase(),
        replaceVariables(value, (v) => {
          const got = variableValue(env, v.name, v.fallback);
          if (got === undefined)
            throw new ConfigError(
              `${s.source}: hypothesis.probes[${k}].http.headers.${name} reads \${${v.name}}, which is not set; export ${v.name}=... or give a default: \${${v.name}:-value}`,
              'GD_ERR_SCENARIO_ENV',
            );
          return got;
        }),
      ]),
    );
    const at = urlEndpoint(new URL(p.http.url));
    const ownHost = service !== undefined && p.http.url.startsWith('https:') && at.host === service.host && at.port === service.port;
    if (ownHost) tls ??= serviceTls(s);
    return { name: p.name, http: { ...p.http, headers, tls: ownHost ? tls : undefined } };
  });
}

/**
 * The hypothesis' probes of the service itself, checked once each, all at once: an HTTP endpoint
 * (its status, and a condition on its JSON) or a command (exit 0).
 */
export async function checkProbes(probes: readonly ReadyProbe[], when: ProbeCheck['when'], clock: Clock, shell: Shell): Promise<ProbeCheck[]> {
  const at = Math.round(clock.now());
  return Promise.all(
    probes.map(async (p) => {
      const { held, detail } = 'http' in p ? await httpProbe(p.http) : await commandProbe(p.command, p.timeout, shell);
      return { name: p.name, when, at_ms: at, held, detail };
    }),
  );
}

async function httpProbe(h: HttpProbe & { tls?: TlsOptions }): Promise<{ held: boolean; detail: string }> {
  const said = `GET ${h.url}`;
  const dispatcher = h.tls && new Agent({ connect: connectOptions(h.tls) });
  try {
    const res = await request(h.url, {
      method: 'GET',
      headers: h.headers,
      dispatcher,
      signal: AbortSignal.timeout(h.timeout),
      headersTimeout: h.timeout,
      bodyTimeout: h.timeout,
    });
    const text = await readCapped(res.body);
    if (res.statusCode !== h.status) return { held: false, detail: `${said} answered ${res.statusCode}, expected ${h.status}` };
    if (h.json === undefined) return { held: true, detail: `${said} answered ${res.statusCode}` };
    if (text === undefined) return { held: false, detail: `${said}: body over ${MAX_BODY_BYTES} bytes` };
    let doc: unknown;
    try {
      doc = JSON.parse(text);
    } catch {
      return { held: false, detail: `${said} answered ${res.statusCode}, not JSON` };
    }
    const holds = (parseJsonCondition(h.json) as JsonCondition)(doc);
    return { held: holds, detail: `${said} answered ${res.statusCode}; ${h.json} ${holds ? 'holds' : 'does not hold'}` };
  } catch (e) {
    const err = e as { code?: string; name?: string; message?: string };
    const why = err.name === 'TimeoutError' || err.code === 'UND_ERR_HEADERS_TIMEOUT' ? `no answer in ${h.timeout} ms` : (err.code ?? err.message ?? String(e));
    return { held: false, detail: `${said}: ${why}` };
  } finally {
    await dispatcher?.close();
  }
}

async function commandProbe(line: string, timeoutMs: number, shell: Shell): Promise<{ held: boolean; detail: string }> {
  const r = await shell.run(line, timeoutMs);
  if (r.ok) return { held: true, detail: `${line} → exit 0` };
  const how = r.timedOut ? `timed out after ${timeoutMs} ms` : (r.error ?? `exit ${r.exitCode ?? r.signal}`);
  const last = lastOutputLine(r.output);
  return { held: false, detail: `${line} → ${how}${last ? `: ${last}` : ''}` };
}

async function readCapped(body: AsyncIterable<Buffer>): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let n = 0;
  for await (const chunk of body) {
    n += chunk.length;
    if (n > MAX_BODY_BYTES) return undefined;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}
