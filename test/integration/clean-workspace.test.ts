// `demystify clean --delete-workspace` deletes a workspace, and nothing that
// only happens to be named as one: not the home folder, not a folder that
// held other things when demystify first used it. Run through the built
// command line with a made-up home, so that what a broken guard would delete
// is a temp folder.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';

let home: string;

beforeAll(() => {
  if (!fs.existsSync(path.resolve('dist/cli.js')))
    throw new Error('dist/cli.js is missing: run `npm run build` first');
});
afterEach(() => fs.rmSync(home, { recursive: true, force: true }));

function clean(workspace: string): { code: number | null; out: string } {
  const r = spawnSync(
    process.execPath,
    [path.resolve('dist/cli.js'), 'clean', '--delete-workspace', '--workspace', workspace],
    {
      encoding: 'utf8',
      cwd: home,
      env: {
        PATH: process.env.PATH,
        HOME: home,
        XDG_STATE_HOME: path.join(home, '.local', 'state'),
        XDG_DATA_HOME: path.join(home, '.local', 'share'),
        XDG_CACHE_HOME: path.join(home, '.cache'),
        NO_COLOR: '1',
      },
    },
  );
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
}

describe('clean --delete-workspace', () => {
  it('refuses the home folder and a folder that is not a workspace, and deletes a workspace', () => {
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'demystify-home-'));
    fs.writeFileSync(path.join(home, 'thesis.tex'), 'years of work');

    const asHome = clean(home);
    expect(asHome.code).toBe(1);
    expect(asHome.out).toContain(
      `demystify: refusing to delete ${home}: ${home} is your home folder, never a workspace`,
    );
    expect(fs.readFileSync(path.join(home, 'thesis.tex'), 'utf8')).toBe('years of work');

    const photos = path.join(home, 'photos');
    fs.mkdirSync(photos);
    fs.writeFileSync(path.join(photos, 'cat.jpg'), 'a cat');
    const other = clean(photos);
    expect(other.code).toBe(1);
    expect(other.out).toContain(`refusing to delete ${photos}: ${photos} has no .demystify-workspace file`);
    expect(fs.existsSync(path.join(photos, 'cat.jpg'))).toBe(true);

    // A workspace demystify made (here, as a session marks a new folder) goes.
    const ws = path.join(home, 'ws');
    fs.mkdirSync(ws);
    fs.writeFileSync(path.join(ws, '.demystify-workspace'), 'marker');
    fs.writeFileSync(path.join(ws, 'ca.pem'), 'x');
    const ok = clean(ws);
    expect(ok.code, ok.out).toBe(0);
    expect(ok.out).toContain(`deleted the workspace ${ws}`);
    expect(fs.existsSync(ws)).toBe(false);
  });
});
