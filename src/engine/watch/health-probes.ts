import { request } from 'undici';
import { parseJsonCondition, type JsonCondition, type ProbeCheck } from '../../model/index.js';
import type { ProbeConfig } from '../../scenario/index.js';
import type { Clock } from '../../time/index.js';
import type { Shell } from '../shell.js';

/** A body read for a condition is a status document: anything larger is refused, not read whole. */
const MAX_BODY_BYTES = 256 * 1024;

/**
 * The hypothesis' probes of the service itself, checked once each, all at once: an HTTP endpoint
 * (its status, and a condition on its JSON) or a command (exit 0).
 */
export async function checkProbes(probes: readonly ProbeConfig[], when: ProbeCheck['when'], clock: Clock, shell: Shell): Promise<ProbeCheck[]> {
  const at = Math.round(clock.now());
  return Promise.all(
    probes.map(async (p) => {
      const { held, detail } = 'http' in p ? await httpProbe(p.http) : await commandProbe(p.command, p.timeout, shell);
      return { name: p.name, when, at_ms: at, held, detail };
    }),
  );
}

async function httpProbe(h: Extract<ProbeConfig, { http: unknown }>['http']): Promise<{ held: boolean; detail: string }> {
  const said = `GET ${h.url}`;
  try {
    const res = await request(h.url, { method: 'GET', signal: AbortSignal.timeout(h.timeout), headersTimeout: h.timeout, bodyTimeout: h.timeout });
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
  }
}

async function commandProbe(line: string, timeoutMs: number, shell: Shell): Promise<{ held: boolean; detail: string }> {
  const r = await shell.run(line, timeoutMs);
  if (r.ok) return { held: true, detail: `${line} → exit 0` };
  const how = r.timedOut ? `timed out after ${timeoutMs} ms` : (r.error ?? `exit ${r.exitCode ?? r.signal}`);
  const last = r.output.trim().split('\n').pop()?.slice(0, 200);
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
