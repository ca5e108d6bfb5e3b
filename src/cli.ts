#!/usr/bin/env node
// The demystify command line. The commands are rows of a table
// (commands/command-table.ts) that commands/program.ts turns into a parser,
// help, suggestions and shell completion; each command's module is imported
// when that command runs, never before: `--version` and `--help` load only
// the table and commander, and the UI does not pay for the cluster client or
// the certificate code before a step needs them (start-up time is a goal:
// bench/startup.mjs measures it).
// First, before any dependency: too old a Node.js gets a sentence, not a stack.
import './node-version.js';
import nodeModule from 'node:module';
import path from 'node:path';
import { cacheDir } from './cluster/paths.js';
import { processIO, runCli } from './commands/program.js';

// What demystify, its panes and its shell write is the learner's alone unless a mode says
// otherwise (a certificate 0644, a binary 0755): keys, kubeconfigs, tokens in exported variables.
process.umask(0o077);
// Node 22.1+ keeps the compiled code of the modules it loads, so every start after the first
// skips most of the parsing; Node 20 has no such cache. In our own cache folder, not the
// default one under the shared /tmp: compiled code another user could plant there would run
// as the learner, who holds a root helper.
(nodeModule as { enableCompileCache?: (dir?: string) => unknown }).enableCompileCache?.(
  path.join(cacheDir(), 'compile-cache'),
);

// `demystify wire | head`: the reader went away. That ends the output, not in a stack trace.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});

process.exitCode = await runCli(process.argv, processIO());
