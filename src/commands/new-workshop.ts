// `demystify new <dir>`: a workshop of one's own, ready to grow: its
// description (workshop.yaml), a first chapter that shows each kind of step
// once and passes `lint` and `test` as it is (nothing in it needs a download
// or root), an assets folder and a README saying how to run it.
import fs from 'node:fs/promises';
import path from 'node:path';
import { packageRoot } from '../fs/package-root.js';
import { CliError, EXIT } from './cli-error.js';
import { firstChapter } from './new-workshop-chapter.js';

export interface NewOptions {
  readonly title?: string | undefined;
}

/** "My Workshop!" -> "my-workshop": an id as workshop.yaml wants it. */
export function slug(name: string): string {
  const s = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return s || 'workshop';
}

function manifest(id: string, title: string): string {
  return `# What identifies this workshop (docs/authoring.md in demystify's package).
# Progress, checkpoints and the default workspace are kept under its id:
# change it and learners start again.
id: ${id}
title: ${JSON.stringify(title)}
# tagline: One sentence under the title.
language: en
`;
}

function readme(title: string, dir: string): string {
  return `# ${title}

A workshop for [demystify](https://www.npmjs.com/package/demystify): each
chapter is a Markdown file in \`lessons/\` whose fenced blocks are steps
that run for real.

    demystify --lessons ${dir}          # the workshop, in the terminal UI
    demystify --lessons ${dir} lint     # every authoring problem, file:line:col
    demystify --lessons ${dir} test     # every chapter headless; exit 0 when all pass

\`assets/\` holds what the lessons use besides Markdown (a chapter's
\`teardown:\` script, for one). Translations go in \`lessons/<language>/\`,
one file per chapter with its original's name.
`;
}

/** A path as the shell takes it back. */
const shellWord = (s: string): string => (/^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);

async function emptyOrAbsent(dir: string): Promise<boolean> {
  try {
    return (await fs.readdir(dir)).length === 0;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return true;
    if ((e as NodeJS.ErrnoException).code === 'ENOTDIR') return false;
    throw e;
  }
}

export async function newCommand(dir: string, opts: NewOptions, write: (s: string) => void): Promise<number> {
  if (!(await emptyOrAbsent(dir)))
    throw new CliError(`${dir} already exists and is not empty: name a new folder`, EXIT.usage);
  const title = opts.title?.trim() || path.basename(path.resolve(dir));
  const id = slug(opts.title ?? path.basename(path.resolve(dir)));
  const files: [string, string][] = [
    ['workshop.yaml', manifest(id, title)],
    ['lessons/00-first-steps.md', firstChapter(title)],
    ['assets/README.md', "Scripts and files the lessons use (a chapter's `teardown:` script, for one).\n"],
    ['README.md', readme(title, dir)],
  ];
  for (const [name, text] of files) {
    await fs.mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await fs.writeFile(path.join(dir, name), text, { flag: 'wx' });
  }
  write(`made the workshop "${title}" (id ${id}) in ${dir}:`);
  for (const [name] of files) write(`  ${name}`);
  write('');
  write('next:');
  for (const then of ['lint', 'test', '']) write(`  demystify --lessons ${shellWord(dir)} ${then}`.trimEnd());
  write(`how to write one: ${path.join(packageRoot, 'docs', 'authoring.md')}`);
  return EXIT.ok;
}
