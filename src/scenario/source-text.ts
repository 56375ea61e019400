import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { ConfigError, replaceVariables, variableValue } from '../model/index.js';
import { MAX_SCENARIO_BYTES, escapeUnsafe } from '../units/index.js';

/**
 * Reads a scenario file. Only a regular file is read: a FIFO or a device would block or never end,
 * so it is opened without blocking and refused after a look at what it is.
 */
export function readScenarioText(path: string): string {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (err) {
    throw new ConfigError(
      `Cannot read scenario ${escapeUnsafe(path)}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
      'GD_ERR_SCENARIO_READ',
    );
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile())
      throw new ConfigError(
        `Cannot read scenario ${escapeUnsafe(path)}: not a regular file (a FIFO, device or folder); give a YAML file`,
        'GD_ERR_SCENARIO_READ',
      );
    if (stat.size > MAX_SCENARIO_BYTES) throw tooBig(path, stat.size);
    return readAtMostLimit(fd, path);
  } finally {
    closeSync(fd);
  }
}

/**
 * Reads up to the limit and one byte more, whatever the size said: a file under /proc says 0 bytes
 * and may hold more, or fail to read at all (/proc/self/mem answers EIO), which is bad input
 * named with its errno, not gameday's failure.
 */
function readAtMostLimit(fd: number, path: string): string {
  const buf = Buffer.allocUnsafe(MAX_SCENARIO_BYTES + 1);
  let n = 0;
  try {
    while (n < buf.length) {
      const got = readSync(fd, buf, n, buf.length - n, null);
      if (got === 0) break;
      n += got;
    }
  } catch (err) {
    throw new ConfigError(
      `Cannot read scenario ${escapeUnsafe(path)}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
      'GD_ERR_SCENARIO_READ',
    );
  }
  if (n > MAX_SCENARIO_BYTES) throw tooBig(path, n, { atLeast: true });
  return buf.toString('utf8', 0, n);
}

export function tooBig(source: string, bytes: number, opts: { atLeast?: boolean } = {}): ConfigError {
  const size = opts.atLeast ? `more than ${MAX_SCENARIO_BYTES.toLocaleString('en')}` : bytes.toLocaleString('en');
  return new ConfigError(`${source}: the scenario is ${size} bytes; the limit is ${MAX_SCENARIO_BYTES.toLocaleString('en')} bytes`, 'GD_ERR_SCENARIO_SIZE');
}

/**
 * Substitutes `${VAR}` and `${VAR:-default}` from the environment in the YAML text (`$${VAR}` is a
 * literal `${VAR}`). Comment lines are left alone, so a commented-out line never needs its variable.
 * An unset variable without a default is bad input naming it and its line. Inside `keep` (character
 * ranges of the text: the request templates, read when each request is sent so a secret is never
 * in the scenario a run writes out) variables are checked the same way and left as written.
 */
export function substituteEnv(text: string, env: NodeJS.ProcessEnv, source: string, keep: readonly [number, number][] = []): string {
  let lineStart = 0;
  const out = text.split('\n').map((line, i) => {
    const at = lineStart;
    lineStart += line.length + 1;
    if (/^\s*#/.test(line)) return line;
    return replaceVariables(
      line,
      (v) => {
        const kept = keep.some(([from, to]) => at + v.offset >= from && at + v.offset < to);
        if (v.escaped) return kept ? v.whole : v.whole.slice(1);
        const value = variableValue(env, v.name, v.fallback);
        if (value === undefined)
          throw new ConfigError(
            `${source}:${i + 1}: \${${v.name}} is not set; export ${v.name}=... or give a default: \${${v.name}:-value}`,
            'GD_ERR_SCENARIO_ENV',
          );
        return kept ? v.whole : value;
      },
      { askEscaped: true },
    );
  });
  const result = out.join('\n');
  if (Buffer.byteLength(result) > MAX_SCENARIO_BYTES) throw tooBig(source, Buffer.byteLength(result));
  return result;
}
