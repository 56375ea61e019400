#!/usr/bin/env node
// A Ctrl-C while gameday's own code loads (a second or so) is an interrupt like any other, not a
// silent exit with nothing written: held here until main() can honour it.
let early;
const hold = (signal) => () => (early ??= signal);
const held = { SIGINT: hold('SIGINT'), SIGTERM: hold('SIGTERM') };
for (const [signal, handler] of Object.entries(held)) process.once(signal, handler);
const { main } = await import('../dist/cli/main.js');
// main() installs its own handlers before it first awaits: only then are these let go, so a
// signal already on its way reaches one or the other.
const done = main(process.argv, {}, early);
for (const [signal, handler] of Object.entries(held)) process.off(signal, handler);
// Exit only once stdout and stderr have drained: a piped `--json` result or a long error must not be cut short.
const drained = (stream) => new Promise((resolve) => stream.write('', resolve));
done.then(async (code) => {
  process.exitCode = code;
  await Promise.all([drained(process.stdout), drained(process.stderr)]);
  process.exit(code);
});
