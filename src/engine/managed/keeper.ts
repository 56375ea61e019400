import { spawn, type ChildProcess } from 'node:child_process';

/**
 * The keeper: a tiny process of its own that outlives gameday only long enough to kill what
 * gameday started. It reads the process groups to kill from a pipe; the kernel closes that pipe
 * however gameday ends (a SIGKILL, an OOM kill, a crash), and a close without the word `done`
 * first means gameday died holding them: every group still listed gets SIGKILL. Plain JavaScript
 * for `node -e`, so it starts in milliseconds from sources and from dist alike; it runs in a
 * session of its own so the terminal's Ctrl-C to gameday's group does not end it first.
 */
const KEEPER = `
const held = new Set();
let done = false;
let rest = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (d) => {
  const lines = (rest + d).split('\\n');
  rest = lines.pop();
  for (const l of lines) {
    if (l === 'done') done = true;
    else if (l[0] === '+') held.add(Number(l.slice(1)));
    else if (l[0] === '-') held.delete(Number(l.slice(1)));
  }
});
const end = () => {
  if (!done) for (const g of held) { try { process.kill(-g, 'SIGKILL'); } catch {} }
  process.exit(0);
};
process.stdin.on('end', end);
process.stdin.on('error', end);
`;

/** gameday's side of the keeper: which process groups to kill if gameday dies before stopping them. */
export class Keeper {
  private readonly child: ChildProcess;

  constructor() {
    this.child = spawn(process.execPath, ['-e', KEEPER], { detached: true, stdio: ['pipe', 'ignore', 'ignore'] });
    // The keeper gone (killed by hand) only means no safety net: never an error that takes the run down.
    this.child.on('error', () => {});
    this.child.stdin!.on('error', () => {});
    this.child.unref();
    (this.child.stdin as unknown as { unref?: () => void }).unref?.();
  }

  /** The group led by `pid` is killed if gameday dies. */
  hold(pid: number): void {
    this.say(`+${pid}`);
  }

  /** The group led by `pid` is gone: its number may be reused, never to be killed. */
  release(pid: number): void {
    this.say(`-${pid}`);
  }

  /** Everything was stopped in order: the keeper ends without killing anything. */
  close(): void {
    this.say('done');
    this.child.stdin?.end();
  }

  private say(line: string): void {
    if (this.child.stdin?.writable) this.child.stdin.write(`${line}\n`);
  }
}
