import { z } from 'zod';
import { duration } from '../units/index.js';
import { commandEnding } from '../model/index.js';
import type { CrashRun, FaultModule } from './types.js';
import { momentOf, scaleMoment } from './windowed.js';

/** A command line: one line, as a shell reads it. */
export const commandLine = (field: string) =>
  z
    .string()
    .min(1, { error: `Expected \`${field}\` to be a command line, like "kubectl delete pod -l app=worker"` })
    .max(2000, { error: `Expected \`${field}\` of at most 2,000 characters` })
    .refine((c) => !c.includes('\0'), { error: `Expected \`${field}\` without NUL bytes` });

/**
 * Runs your own command at its time (kubectl, docker, systemctl, a feature flag's CLI): its exit
 * code and output are recorded, and `undo` runs when the run ends, Ctrl-C included. A command
 * that fails or runs past `timeout` fails the run: the disturbance did not happen as written.
 */
const optionsSchema = z
  .object({
    at: duration,
    kind: z.literal('command'),
    /** The command line, run by /bin/sh in the scenario file's folder. @example kubectl delete pod -l app=worker */
    run: commandLine('run'),
    /** How long it may take; past it, it is stopped (SIGTERM, then SIGKILL). @default 30s */
    timeout: duration.prefault('30s'),
    /** What puts it back, run when the run ends (after the drain, or on Ctrl-C), newest first. @example kubectl scale deploy/worker --replicas=3 */
    undo: commandLine('undo').optional(),
  })
  .strict();

type CommandFault = z.output<typeof optionsSchema>;

export const command = {
  kind: 'command',
  describe: 'Runs your own command line at its time (kubectl, docker, systemctl…); `undo` runs when the run ends, Ctrl-C included.',
  example: { kind: 'command', at: '10s', run: 'docker kill --signal KILL my-worker', undo: 'docker start my-worker' },
  optionsSchema,
  scale: scaleMoment,
  window: momentOf,
  liveOnly: 'it runs a real command, which a simulation cannot',
  crash: async (f: CommandFault, run: CrashRun) => {
    if (f.undo !== undefined) run.commands.undoAtEnd(f.undo, f.timeout);
    const r = await run.commands.run('command', f.run, f.timeout);
    run.emit({ type: 'fault', atMs: r.at_ms, kind: 'command', detail: `${f.run} → ${commandEnding(r)}` });
  },
} satisfies FaultModule<CommandFault>;
