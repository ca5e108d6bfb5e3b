// The Node.js guard cli.ts imports first: on too old a Node, a sentence and
// exit 1 before any dependency (which would throw from node_modules) runs.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { atLeast, MINIMUM_NODE } from '../../src/node-version.js';

/** Runs src/node-version.ts on this node, with process.versions.node made to read `version`. */
function guardOn(version: string): { status: number | null; stderr: string } {
  const fake = `data:text/javascript,Object.defineProperty(process.versions,"node",{value:${JSON.stringify(version)}})`;
  const r = spawnSync(process.execPath, ['--import', fake, 'src/node-version.ts'], { encoding: 'utf8' });
  return { status: r.status, stderr: r.stderr };
}

describe('the Node.js version guard', () => {
  it('compares versions part by part', () => {
    expect(atLeast('22.19.0', '22.19.0')).toBe(true);
    expect(atLeast('22.23.5', '22.19.0')).toBe(true);
    expect(atLeast('24.0.0', '22.19.0')).toBe(true);
    expect(atLeast('22.9.0', '22.19.0')).toBe(false);
    expect(atLeast('20.20.2', '22.19.0')).toBe(false);
  });

  it('names the same minimum as package.json engines', () => {
    const engines = (JSON.parse(fs.readFileSync('package.json', 'utf8')) as { engines: { node: string } })
      .engines.node;
    expect(engines).toMatch(new RegExp(`^\\^${MINIMUM_NODE.replace(/\./g, '\\.')} \\|\\|`));
  });

  it('is the first thing the CLI imports', () => {
    const firstImport = /^import\s[^;]*;/m.exec(fs.readFileSync('src/cli.ts', 'utf8'))?.[0];
    expect(firstImport).toBe("import './node-version.js';");
  });

  it('stops an old Node with a sentence and exit 1, and lets this one through', () => {
    const old = guardOn('20.20.2');
    expect(old.status).toBe(1);
    expect(old.stderr).toBe(
      `demystify needs Node.js ${MINIMUM_NODE} or newer (the 22, 24 and 26 lines); this is Node.js 20.20.2. Install a current Node.js and run it again.\n`,
    );
    expect(guardOn(process.versions.node)).toEqual({ status: 0, stderr: '' });
  });
});
