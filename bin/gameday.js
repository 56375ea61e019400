#!/usr/bin/env node
import { main } from '../dist/cli/main.js';
// Let stdout drain before exiting: a piped `--json` result must not be cut short.
main(process.argv).then((code) => process.stdout.write('', () => process.exit(code)));
