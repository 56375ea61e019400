import { fork, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { BackendError, ConfigError, GamedayError, StoreError } from '../../model/index.js';
import type { ChildConfig, ChildMessage, ChildState, ParentMessage } from './protocol.js';

const START_TIMEOUT_MS = 20_000;
/** A clean stop that takes longer is cut with SIGKILL: a run ends at traffic + drain plus at most ~2 s. */
const STOP_TIMEOUT_MS = 1_000;
const KILL_TIMEOUT_MS = 5_000;
const STDERR_TAIL = 2_000;

export interface ChildHandlers {
  onMessage(m: ChildMessage): void;
  /** The process ended; `expected` when this handle killed or stopped it. */
  onExit(child: ServiceChild, how: string, expected: boolean): void;
}

/**
 * One service process. `spawn` forks it and loads its code (the slow part: about a second under
 * tsx); `boot` hands it its config and resolves on `ready`, once it has opened its store and
 * listens. Under vitest or tsx the engine runs from .ts sources, so the entry is main.ts
 * loaded through tsx; from dist it is plain main.js.
 */
export class ServiceChild {
  /** The child's last state report. After a kill: the last one it made before it died. */
  state: ChildState | undefined;
  /** Who waits for the next state report (report()). */
  private readonly stateWaiters: (() => void)[] = [];
  port = 0;
  recovered = 0;
  /** Run time at which it began to accept connections. */
  readyAt = 0;
  private ending = false;
  /** How it exited, once it has. */
  private exitedHow: string | undefined;
  private stderr = '';
  /** Messages that could not be written because the child was already gone ("stop: EPIPE"). */
  readonly lostMessages: string[] = [];
  /** Resolves once the child's code is loaded and it waits for its config. */
  readonly loaded: Promise<void>;
  private readonly gone: Promise<void>;
  private readonly waiting = new Map<Awaited, ((m: ChildMessage) => void)[]>();

  private constructor(
    private readonly proc: ChildProcess,
    private readonly handlers: ChildHandlers,
  ) {
    proc.stderr!.on('data', (chunk: Buffer) => (this.stderr = (this.stderr + chunk.toString()).slice(-STDERR_TAIL)));
    // Resolves once the process has exited and its IPC channel is drained: every message it wrote before dying has been handled.
    this.gone = Promise.all([new Promise((r) => proc.once('exit', r)), new Promise((r) => proc.once('disconnect', r))]).then(() => undefined);
    this.loaded = new Promise((resolve, reject) => {
      proc.on('message', (m: ChildMessage) => (m.type === 'loaded' ? resolve() : this.handle(m)));
      proc.once('exit', (code, signal) => {
        const how = `${signal ? `was killed by ${signal}` : `exited with code ${code}`}${this.stderrTail()}`;
        reject(new BackendError(`the service process ${how} before it was ready`, 'GD_ERR_CHILD'));
        this.exitedHow = how;
        for (const kind of ['worker-crashed', 'rebased', 'ready'] as const) this.answerAll(kind, this.answerOfTheDead(kind));
        handlers.onExit(this, how, this.ending);
      });
    });
    this.loaded.catch(() => undefined);
  }

  /** Forks a process and starts loading the service code; `boot` gives it work. */
  static spawn(handlers: ChildHandlers): ServiceChild {
    const entry = childEntry();
    // A process group of its own: Ctrl-C in a terminal (or a cancelled CI job) signals the whole
    // group, and the runner stops its service itself, in order, once the traffic has stopped.
    // Killed by that signal first, it would read as a crash and take what it was finishing with it.
    const proc = fork(entry.file, [], { execArgv: entry.execArgv, stdio: ['ignore', 'ignore', 'pipe', 'ipc'], serialization: 'json', detached: true });
    return new ServiceChild(proc, handlers);
  }

  /** Sends the config once the code is loaded; resolves when the service listens (or rejects with why it could not). */
  async boot(config: ChildConfig): Promise<ServiceChild> {
    const timer = setTimeout(() => this.proc.kill('SIGKILL'), START_TIMEOUT_MS);
    try {
      await this.loaded;
      const answer = this.next('ready');
      this.post(config satisfies ParentMessage);
      const m = await answer;
      if (m.type === 'error') throw childError(m);
      if (m.type !== 'ready') throw new BackendError('the service process answered its config out of turn', 'GD_ERR_CHILD');
      this.port = m.port;
      this.recovered = m.recovered;
      this.readyAt = m.at;
      return this;
    } finally {
      clearTimeout(timer);
    }
  }

  /** A real SIGKILL; resolves once the process is gone and its last messages are in. */
  async kill(): Promise<void> {
    this.ending = true;
    this.proc.kill('SIGKILL');
    await withTimeout(this.gone, KILL_TIMEOUT_MS);
  }

  /** Asks the child to kill one busy worker mid-job; resolves with how many jobs were abandoned. */
  async crashWorker(): Promise<{ abandoned: number }> {
    if (!this.proc.connected) return { abandoned: 0 };
    const answer = this.next('worker-crashed');
    this.post({ type: 'crash-worker' } satisfies ParentMessage);
    const m = await answer;
    return { abandoned: m.type === 'worker-crashed' ? m.abandoned : 0 };
  }

  /** Moves the child's clock origin (see RealClock.rebase); resolves once it has (at once if it is gone). */
  async rebase(originEpochMs: number): Promise<void> {
    if (!this.proc.connected) return;
    const answer = this.next('rebased');
    this.post({ type: 'rebase', originEpochMs } satisfies ParentMessage);
    await answer;
  }

  /**
   * Its counters as of now, not of its last periodic report: asked for before a run is summed up.
   * A process that is gone (or does not answer in time) keeps the last state it sent.
   */
  async report(): Promise<void> {
    if (!this.proc.connected) return;
    const fresh = new Promise<void>((resolve) => this.stateWaiters.push(resolve));
    this.post({ type: 'report' } satisfies ParentMessage);
    await withTimeout(fresh, STOP_TIMEOUT_MS);
  }

  /** A clean shutdown; SIGKILL if it does not finish in time. */
  async stop(): Promise<void> {
    if (this.proc.exitCode !== null || this.proc.signalCode !== null) return;
    this.ending = true;
    if (this.proc.connected) this.post({ type: 'stop' } satisfies ParentMessage);
    if (!(await withTimeout(this.gone, STOP_TIMEOUT_MS))) await this.kill();
  }

  /**
   * Sends a message the child may no longer be there to read: a signal to the whole process
   * group (Ctrl-C under npx or npm) can end the child between the `connected` check and the
   * write. That EPIPE is expected, kept in `lostMessages`, and never an unhandled 'error' that
   * would take the run and its files down.
   */
  private post(m: ParentMessage): void {
    this.proc.send(m, (err) => {
      if (err) this.lostMessages.push(`${m.type}: ${(err as NodeJS.ErrnoException).code ?? err.message}`);
    });
  }

  private handle(m: ChildMessage): void {
    if (m.type === 'state') {
      this.state = m;
      this.stateWaiters.splice(0).forEach((resolve) => resolve());
    } else if (m.type === 'ready' || m.type === 'error') this.waiting.get('ready')?.shift()?.(m);
    else if (m.type === 'worker-crashed' || m.type === 'rebased') this.waiting.get(m.type)?.shift()?.(m);
    else this.handlers.onMessage(m);
  }

  private next(kind: Awaited): Promise<ChildMessage> {
    // Gone already (it can die between loading and its config): nobody is left to answer later.
    if (this.exitedHow !== undefined) return Promise.resolve(this.answerOfTheDead(kind));
    return new Promise((resolve) => {
      const queue = this.waiting.get(kind) ?? [];
      queue.push(resolve);
      this.waiting.set(kind, queue);
    });
  }

  /** What a wait of `kind` gets from a process that exited. */
  private answerOfTheDead(kind: Awaited): ChildMessage {
    if (kind === 'worker-crashed') return { type: 'worker-crashed', abandoned: 0 };
    if (kind === 'rebased') return { type: 'rebased' };
    return { type: 'error', name: 'BackendError', code: 'GD_ERR_CHILD', message: `it ${this.exitedHow}` };
  }

  private answerAll(kind: Awaited, m: ChildMessage): void {
    for (const resolve of this.waiting.get(kind)?.splice(0) ?? []) resolve(m);
  }

  private stderrTail(): string {
    const t = this.stderr.trim();
    return t ? ` (stderr: ${t.split('\n').slice(-3).join(' | ')})` : '';
  }
}

/** The answers a caller waits for, one at a time per kind. */
type Awaited = 'ready' | 'worker-crashed' | 'rebased';

function childEntry(): { file: string; execArgv: string[] } {
  const here = fileURLToPath(import.meta.url);
  const ext = extname(here);
  const file = join(dirname(here), `main${ext}`);
  if (ext !== '.ts') return { file, execArgv: [] };
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
  return { file, execArgv: ['--import', tsx] };
}

/** The child's start-up error, as the same kind of error it was (a bad queue file stays a StoreError: exit 2). */
function childError(m: Extract<ChildMessage, { type: 'error' }>): GamedayError {
  if (m.name === 'StoreError') return new StoreError(m.message, m.code);
  if (m.name === 'ConfigError') return new ConfigError(m.message, m.code);
  return new BackendError(`the service process failed to start: ${m.message}`, m.code ?? 'GD_ERR_CHILD');
}

/** True if `p` settled in time. */
function withTimeout(p: Promise<void>, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    void p.then(() => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}
