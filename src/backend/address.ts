import { isIP } from 'node:net';
import { networkInterfaces } from 'node:os';

/**
 * Where gameday's mock listens, and how others reach it. A wildcard address (0.0.0.0, ::) is
 * not an address anyone can call: the run's own processes call loopback, and a worker on another
 * machine is told the machine's first non-internal IPv4.
 */

/** Loopback: this machine only (127.0.0.0/8, ::1, localhost). */
/** Where a URL points: its host without IPv6 brackets, and its port (the scheme's own when unwritten). */
export function urlEndpoint(url: URL): { host: string; port: number } {
  return { host: url.hostname.replace(/^\[|\]$/g, ''), port: Number(url.port || (url.protocol === 'https:' ? 443 : 80)) };
}

export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/** Every address of the machine: 0.0.0.0 or ::. */
export function isWildcardHost(host: string): boolean {
  return host === '0.0.0.0' || host === '::';
}

/** The address this machine calls a server listening on `host` at: loopback for a wildcard (:: accepts IPv4 too). */
export function localHost(host: string): string {
  return isWildcardHost(host) ? '127.0.0.1' : host;
}

/** `http://host:port`, an IPv6 literal in brackets. */
export function httpUrl(host: string, port: number): string {
  return `http://${isIP(host) === 6 ? `[${host}]` : host}:${port}`;
}

/** The machine's first non-internal IPv4 address, if it has one. */
export function firstExternalIPv4(): string | undefined {
  for (const addrs of Object.values(networkInterfaces())) {
    const found = addrs?.find((a) => a.family === 'IPv4' && !a.internal);
    if (found) return found.address;
  }
  return undefined;
}

/**
 * The URL another machine can call a server listening on `host:port` at, and, for a wildcard,
 * how that address was chosen (a machine with several networks may need another of them).
 */
export function reachableUrl(host: string, port: number): { url: string; note?: string } {
  if (!isWildcardHost(host)) return { url: httpUrl(host, port) };
  const ip = firstExternalIPv4();
  if (!ip) return { url: httpUrl('127.0.0.1', port), note: `listening on ${host}, but this machine has no non-internal IPv4 address: only loopback is known` };
  return { url: httpUrl(ip, port), note: `listening on ${host}; ${ip} is this machine's first non-internal IPv4 address` };
}
