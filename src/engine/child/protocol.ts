import type { ServiceCounters } from '../../model/index.js';
import type { ServiceConfig } from '../../service/index.js';

/**
 * The messages between the runner and a service child process over the fork IPC channel (JSON).
 * The child says `loaded` once its code is loaded; the runner then sends one ChildConfig; the
 * child answers `ready` (or `error`) and from then on reports on its own. The ledger stays in the runner: the child only reports what a service would.
 */
export interface ChildConfig {
  type: 'config';
  service: ServiceConfig;
  backend: { baseURL: string; model: string; sdkMaxRetries: number; stream: boolean };
  /** The queue the child opens itself (a sqlite file or a Redis queue survives the child; a memory store dies with it). */
  store?: { kind: 'sqlite' | 'memory'; path?: string } | { kind: 'redis'; url: string; prefix: string };
  /**
   * What this process runs: the whole service (default), only its HTTP API (admits into a shared
   * queue, no workers), or only its workers (claim from the shared queue, no HTTP).
   */
  role?: 'service' | 'api' | 'worker';
  /** The name its claims carry in a shared queue, so a crash report can ask what it held. */
  holder?: string;
  /** The runner's clock origin (epoch ms), so both processes read the same run time. */
  originEpochMs: number;
  /** 0 for any free port; a restart asks for the port the first child had. */
  port: number;
  stateIntervalMs: number;
}

export interface ChildState {
  type: 'state';
  /** Run time (ms) at which the snapshot was taken. */
  at: number;
  depth: number;
  inFlight: number;
  counters: ServiceCounters;
}

export type ChildMessage =
  | { type: 'loaded' }
  /** `at`: run time when it began to accept connections. */
  | { type: 'ready'; port: number; recovered: number; at: number }
  | { type: 'error'; name: string; code?: string; message: string }
  | ChildState
  | { type: 'failed'; id: string; reason: string; at: number }
  | { type: 'died'; reason: string; at: number; queued: number; inFlight: number }
  | { type: 'worker-crashed'; abandoned: number }
  | { type: 'rebased' };

export type ParentMessage = ChildConfig | { type: 'crash-worker' } | { type: 'rebase'; originEpochMs: number } | { type: 'report' } | { type: 'stop' };
