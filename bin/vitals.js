#!/usr/bin/env node
// The compiled CLI lives in dist/ (built by `npm install` through the `prepare` script).
import { main } from '../dist/src/cli/main.js';

// A reader that stops early (`vitals status | head`) closes the pipe: stop quietly, as Unix tools
// do, with 141 (128 + SIGPIPE) when the command had not finished (a cut run resumes next time).
process.stdout.on('error', (error) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit(process.exitCode ?? 141);
});

process.exitCode = await main(process.argv);
