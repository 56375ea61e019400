import { mkdirSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { MOCK_API_KEY } from '../../backend/mock-key.js';
import { ConfigError, type ManagedProcessesReport, type ProcessExitEvent } from '../../model/index.js';
import { formatDuration } from '../../units/index.js';
import type { ManagedProcessConfig } from '../../scenario/index.js';
import type { KilledProcesses, ProcessChoice } from '../../fault/index.js';
import { processEnvironment } from './environment.js';
import { Instance } from './instance.js';
import { refuseTakenPorts, type PlannedPort } from './port-owner.js';
import { Keeper } from './keeper.js';
import { portOf, waitReady, type Readiness } from './readiness.js';

/** What a run's managed processes are started with. */
export interface ManagedProcessesOptions {
  processes: ManagedProcessConfig[];
  /** `cwd` is relative to this folder (the scenario file's). */
  baseDir: string;
  /** Each instance's output goes to `<logDir>/<name>-<instance>.log`. */
  logDir: string;
  serviceUrl: URL;
  /** What the processes get as ANTHROPIC_BASE_URL: the run's mock. */
  mockUrl: string;
  startTimeoutMs: number;
  stopGraceMs: number;
  /** The run's clock, for exit events. */
  now(): number;
}

/**
 * The key a managed process gets unless its `env` sets one: the one the mock accepts under
 * `backend.auth: required` (it takes any otherwise); a real key must never reach it.
 */
export const PLACEHOLDER_API_KEY = MOCK_API_KEY;
const GONE_POLL_MS = 20;
/** After SIGKILL, how long the kernel may take to reap a group before gameday says so. */
const KILL_WAIT_MS = 5_000;

interface Slot {
  config: ManagedProcessConfig;
  /** Its position in service.processes, for messages. */
  position: number;
  index: number;
  readiness: Readiness;
  log: string;
  current?: Instance;
  /** Killed on purpose (a crash fault or the end of the run): its exit is no event. */
  expected: boolean;
}

/** Every manager alive in this process: if gameday exits anyhow, their groups are killed with it. */
const live = new Set<ManagedProcesses>();
let exitHookInstalled = false;

/**
 * Your service's processes, owned by one run: started and waited for, watched (an exit nobody
 * asked for is an event), killed for crash faults and restarted, and stopped at the end — SIGTERM
 * to each process group, SIGKILL after the grace period — so nothing outlives the run.
 */
export class ManagedProcesses {
  /** Exits nobody asked for, in order. */
  readonly exits: ProcessExitEvent[] = [];
  /** Every pid started, restarts included (each leads its own process group). */
  readonly pids: number[] = [];
  private readonly slots: Slot[];
  /** Kills every group this run started should gameday die without stopping them. */
  private readonly keeper = new Keeper();
  /** Credentials in gameday's environment that no instance was given. */
  private readonly withheld = new Set<string>();

  private constructor(private readonly o: ManagedProcessesOptions) {
    mkdirSync(o.logDir, { recursive: true });
    const serving = o.processes.findIndex((p) => p.ready !== undefined && sameOrigin(new URL(p.ready), o.serviceUrl));
    this.slots = o.processes.flatMap((config, position) =>
      Array.from({ length: config.count }, (_, index) => ({
        config,
        position,
        index,
        readiness: readinessOf(config, position, o.serviceUrl),
        log: join(o.logDir, `${config.name}-${index}.log`),
        expected: false,
      })),
    );
    this.servingName = o.processes[serving >= 0 ? serving : 0].name;
  }

  /** The process a crash-service without `target` kills: the one whose readiness serves service.url, or the first. */
  readonly servingName: string;

  /** Starts every instance and waits until each is ready; on any failure stops them all and says which and where its log is. */
  static async start(o: ManagedProcessesOptions): Promise<ManagedProcesses> {
    await refuseTakenPorts(plannedPorts(o.processes, o.serviceUrl));
    const m = new ManagedProcesses(o);
    live.add(m);
    installExitHook();
    try {
      for (const slot of m.slots) m.launch(slot, 'start');
      await Promise.all(m.slots.map((slot) => m.awaitReady(slot)));
      return m;
    } catch (e) {
      await m.stop();
      throw e;
    }
  }

  /** SIGKILL to the process group of the chosen instances (default: instance 0 of the serving process). */
  kill(choice: ProcessChoice = {}): KilledProcesses {
    const name = choice.target ?? this.servingName;
    const chosen = this.slots.filter((s) => s.config.name === name && (choice.instance === 'all' || s.index === (choice.instance ?? 0)));
    const pids: number[] = [];
    const outside: number[] = [];
    for (const slot of chosen) {
      slot.expected = true;
      if (slot.current?.signal('SIGKILL')) pids.push(slot.current.pid);
      outside.push(...(slot.current?.outsideGroup ?? []));
    }
    return { process: name, instances: chosen.map((s) => s.index), pids, ...(outside.length > 0 && { outside_group: outside }) };
  }

  /** Starts again every instance killed on purpose, once its old group is gone; resolves when all are ready (the run clock's time). */
  async restart(): Promise<number> {
    const killed = this.slots.filter((s) => s.expected);
    await Promise.all(killed.map((s) => (s.current ? waitGone(s.current, KILL_WAIT_MS) : undefined)));
    for (const slot of killed) this.launch(slot, 'restart after crash-service');
    await Promise.all(killed.map((slot) => this.awaitReady(slot)));
    return this.o.now();
  }

  /** SIGTERM to every group, SIGKILL to those still there after the grace period; resolves once all are gone. */
  async stop(): Promise<void> {
    const running = this.slots.filter((s) => s.current !== undefined);
    for (const s of running) {
      s.expected = true;
      s.current!.signal('SIGTERM');
    }
    await Promise.all(running.map((s) => waitGone(s.current!, this.o.stopGraceMs)));
    for (const s of running) if (s.current!.anyAlive) s.current!.signal('SIGKILL');
    await Promise.all(running.map((s) => waitGone(s.current!, KILL_WAIT_MS)));
    this.keeper.close();
    live.delete(this);
  }

  /** For result.json: each instance's log, every pid started, the exits nobody asked for. */
  report(): ManagedProcessesReport {
    const logs = Object.fromEntries(this.slots.map((s) => [`${s.config.name}-${s.index}`, displayPath(s.log)]));
    return { logs, pids: [...this.pids], unexpected_exits: [...this.exits], ...(this.withheld.size > 0 && { withheld_env: [...this.withheld].sort() }) };
  }

  /** Where an instance's output is, as a message shows it. */
  logOf(name: string, index = 0): string {
    const slot = this.slots.find((s) => s.config.name === name && s.index === index);
    return slot ? displayPath(slot.log) : '';
  }

  /** Synchronous last resort (process exit): SIGKILL to every group still there. */
  killAllNow(): void {
    for (const s of this.slots) s.current?.signal('SIGKILL');
  }

  private launch(slot: Slot, note: string): void {
    const { config, index } = slot;
    const { env, withheld } = processEnvironment({
      inherited: process.env,
      defaults: { ANTHROPIC_API_KEY: PLACEHOLDER_API_KEY },
      scenario: config.env,
      fixed: { ANTHROPIC_BASE_URL: this.o.mockUrl, GAMEDAY_PROCESS: config.name, GAMEDAY_INSTANCE: String(index) },
    });
    withheld.forEach((name) => this.withheld.add(name));
    const cwd = resolve(this.o.baseDir, config.cwd ?? '.');
    const inst = new Instance({ command: config.command, cwd, env, log: slot.log }, `${note} ${config.name} instance ${index}`);
    const before = slot.current;
    if (before && !before.anyAlive) this.keeper.release(before.pid);
    slot.current = inst;
    slot.expected = false;
    this.pids.push(inst.pid);
    if (inst.pid > 0) this.keeper.hold(inst.pid);
    void inst.exited.then((exit) => {
      if (slot.current !== inst || slot.expected) return;
      this.exits.push({ at_ms: Math.round(this.o.now()), process: config.name, instance: index, pid: inst.pid, code: exit.code, signal: exit.signal });
    });
  }

  private async awaitReady(slot: Slot): Promise<void> {
    const inst = slot.current!;
    const outcome = await waitReady(slot.readiness, this.o.startTimeoutMs, () => !inst.running);
    if (outcome === 'ready') return;
    const who = `service.processes[${slot.position}] ${slot.config.name}${slot.config.count > 1 ? ` (instance ${slot.index})` : ''}`;
    const why =
      outcome === 'exited'
        ? `exited before it was ready (${exitText(inst)})`
        : `not ready within ${formatDuration(this.o.startTimeoutMs)} (service.startTimeout) — waited for ${readinessText(slot.readiness)}`;
    const withheld =
      this.withheld.size > 0
        ? `; gameday did not pass on ${[...this.withheld].sort().join(', ')} (named like credentials: give one on purpose in service.processes[${slot.position}].env)`
        : '';
    throw new ConfigError(`${who} ${why}; its output is in ${displayPath(slot.log)}${withheld}`, 'GD_ERR_NOT_READY');
  }
}

/** The ports a readiness check will knock on: each must be free until your processes take it. */
function plannedPorts(processes: ManagedProcessConfig[], serviceUrl: URL): PlannedPort[] {
  return processes.flatMap((p, i) => {
    const r = readinessOf(p, i, serviceUrl);
    if (r.kind === 'port') return [{ field: 'service.url', host: r.host, port: r.port }];
    return r.kind === 'url' ? [{ field: `service.processes[${i}].ready`, ...portOf(new URL(r.url)) }] : [];
  });
}

function readinessOf(config: ManagedProcessConfig, position: number, serviceUrl: URL): Readiness {
  if (config.ready !== undefined) return { kind: 'url', url: config.ready };
  return position === 0 ? { kind: 'port', ...portOf(serviceUrl) } : { kind: 'started' };
}

function readinessText(r: Readiness): string {
  if (r.kind === 'url') return `${r.url} to answer 2xx`;
  return r.kind === 'port' ? `port ${r.port} (service.url) to accept connections` : 'it to start';
}

function exitText(inst: Instance): string {
  const e = inst.ended;
  return e?.signal ? `killed by ${e.signal}` : `exit code ${e?.code ?? '?'}`;
}

function sameOrigin(a: URL, b: URL): boolean {
  return a.hostname === b.hostname && portOf(a).port === portOf(b).port;
}

/** Until the leader has exited and no process of its group is left, or `ms` passed. */
async function waitGone(inst: Instance, ms: number): Promise<void> {
  const end = performance.now() + ms;
  while (inst.anyAlive && performance.now() < end) await sleep(GONE_POLL_MS);
}

function displayPath(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel.startsWith('..') ? path : rel;
}

/**
 * Nothing outlives gameday: on exit, and on a SIGINT/SIGTERM nobody else handles (the CLI's
 * second Ctrl-C, which Node's default turns into an immediate exit), every group still running
 * gets SIGKILL. Runs first (prepended) so it can see whether another listener (the CLI's
 * graceful stop) will handle this signal; then it leaves the stop to the run.
 */
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => live.forEach((m) => m.killAllNow()));
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    const onSignal = () => {
      if (process.listenerCount(sig) > 1) return;
      live.forEach((m) => m.killAllNow());
      process.off(sig, onSignal);
      process.kill(process.pid, sig); // Node's default for it: exit by the signal
    };
    process.prependListener(sig, onSignal);
  }
}
