// What a failed shell step says: the first command that failed and its
// status, read from the markers our bash rc prints. The rc runs in a real
// bash here (no pty needed: an interactive bash reading a pipe still runs
// PROMPT_COMMAND and the ERR trap).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MarkScanner, type ShellMark } from '../../src/engine/osc133.js';
import { shellRc } from '../../src/engine/shell-rc.js';
import { shellFailure } from '../../src/engine/run-step.js';

function marks(lines: string[]): Extract<ShellMark, { kind: 'done' }>[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'demystify-rc-'));
  try {
    const rc = path.join(dir, 'rc.bash');
    fs.writeFileSync(rc, shellRc());
    const out = execFileSync('bash', ['--rcfile', rc, '-i'], {
      input: `${lines.join('\n')}\nexit 0\n`,
      encoding: 'utf8',
      stdio: ['pipe', 'pipe', 'ignore'],
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: dir },
    });
    return new MarkScanner().push(out).filter((m) => m.kind === 'done');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe('a failed shell step in words', () => {
  it('knows the first command that failed and its status, even when the step went on and ended well', () => {
    // The first marker is the first prompt's, before any command.
    const [ok, first, last, several] = marks([
      'true',
      'ls /no/such/dir 2>/dev/null; echo "went on"',
      'grep -q never-there /dev/null',
      'false; bash -c "exit 3"',
    ]).slice(1);
    expect(ok).toEqual({ kind: 'done', status: 0, failedCommands: false });
    expect(first).toEqual({
      kind: 'done',
      status: 0,
      failedCommands: true,
      firstFailure: { status: 2, command: 'ls /no/such/dir 2> /dev/null' },
    });
    expect(last).toEqual({
      kind: 'done',
      status: 1,
      failedCommands: true,
      firstFailure: { status: 1, command: 'grep -q never-there /dev/null' },
    });
    expect(several).toEqual({
      kind: 'done',
      status: 3,
      failedCommands: true,
      firstFailure: { status: 1, command: 'false' },
    });
  });

  it('says which command failed with which status, and never that a failure succeeded', () => {
    expect(shellFailure(0, { status: 2, command: 'ls /nope' })).toBe(
      '`ls /nope` failed with status 2; the commands after it ran and the last one succeeded, but this one has to work too',
    );
    expect(shellFailure(1, { status: 1, command: 'grep -q x f' })).toBe('`grep -q x f` failed with status 1');
    expect(shellFailure(3, { status: 1, command: 'false' })).toBe(
      "`false` failed with status 1 (and the step's last command with status 3)",
    );
    expect(shellFailure(127, undefined)).toBe("the step's last command exited with status 127");
    expect(shellFailure(0, undefined)).not.toMatch(/status 0/);
  });

  it('keeps a marker whole when the command in it is long or holds control characters', () => {
    // A newline inside a failing command's quotes; a 300-character command name.
    const [newline, m] = marks(["false 'a\nb'", `x${'y'.repeat(299)}`]).slice(1);
    expect(newline?.firstFailure).toEqual({ status: 1, command: "false 'a b'" });
    expect(m?.status).toBe(127);
    expect(m?.firstFailure?.command).toBe(`x${'y'.repeat(199)}`);
    const sc = new MarkScanner();
    const marker = `\x1b]133;D;1;1;1;${'y'.repeat(200)}\x07`;
    expect(sc.push(marker.slice(0, 150))).toEqual([]);
    expect(sc.push(marker.slice(150))).toEqual([
      {
        kind: 'done',
        status: 1,
        failedCommands: true,
        firstFailure: { status: 1, command: 'y'.repeat(200) },
      },
    ]);
  });
});
