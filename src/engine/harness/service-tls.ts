import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { connect, createSecureContext } from 'node:tls';
import { dirname, resolve } from 'node:path';
import { ConfigError } from '../../model/index.js';
import { urlEndpoint } from '../../backend/index.js';
import type { TlsOptions } from '../../load/index.js';
import type { Scenario } from '../../scenario/index.js';

/** service.tls with its PEM files read (relative to the scenario file's folder), or undefined for plain http. */
export function serviceTls(s: Scenario): TlsOptions | undefined {
  const t = s.service.tls;
  if (!t) return undefined;
  const read = (field: 'ca' | 'cert' | 'key') => {
    const path = t[field];
    if (path === undefined) return undefined;
    const full = resolve(dirname(s.source), path);
    try {
      return readFileSync(full, 'utf8');
    } catch (e) {
      throw new ConfigError(
        `${s.source}: service.tls.${field} ${full}: ${(e as NodeJS.ErrnoException).code ?? String(e)}; give a readable PEM file`,
        'GD_ERR_TLS',
      );
    }
  };
  const tls = { ca: read('ca'), cert: read('cert'), key: read('key'), insecure: t.insecure };
  try {
    createSecureContext({ ca: tls.ca, cert: tls.cert, key: tls.key });
  } catch (e) {
    throw new ConfigError(
      `${s.source}: service.tls: ${(e as Error).message} (ca, cert and key must be PEM files, the key the certificate's own)`,
      'GD_ERR_TLS',
    );
  }
  return tls;
}

/** Handshake errors that are the certificate's, not the network's. */
const CERTIFICATE_PROBLEM = /CERT|SIGNATURE|ALTNAME|ISSUER/;

/**
 * An https service whose certificate the run would refuse fails every request the same way: said
 * once, before any load, with the fix. Other failures (nothing listening) are found elsewhere.
 */
export function checkCertificate(s: Scenario, tls: TlsOptions | undefined): Promise<void> {
  const url = new URL(s.service.url!);
  if (url.protocol !== 'https:' || tls?.insecure) return Promise.resolve();
  const { host, port } = urlEndpoint(url);
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port, servername: isIP(host) ? undefined : host, ca: tls?.ca, cert: tls?.cert, key: tls?.key });
    socket.setTimeout(10_000, () => {
      socket.destroy();
      resolve();
    });
    socket.once('secureConnect', () => {
      socket.destroy();
      resolve();
    });
    socket.once('error', (e: NodeJS.ErrnoException) => {
      socket.destroy();
      if (!CERTIFICATE_PROBLEM.test(e.code ?? '')) return resolve();
      reject(
        new ConfigError(
          `${s.source}: service.url ${url.href}: its certificate is not trusted (${e.code}): give service.tls.ca (the authority that signed it), or service.tls.insecure: true for a self-signed staging host`,
          'GD_ERR_TLS',
        ),
      );
    });
  });
}
