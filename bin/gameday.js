#!/usr/bin/env node
import { main } from '../dist/cli/main.js';
// Exit only once stdout and stderr have drained: a piped `--json` result or a long error must not be cut short.
const drained = (stream) => new Promise((resolve) => stream.write('', resolve));
main(process.argv).then(async (code) => {
  process.exitCode = code;
  await Promise.all([drained(process.stdout), drained(process.stderr)]);
  process.exit(code);
});
