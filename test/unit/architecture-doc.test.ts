// The plans stay true: docs/architecture.md's layer table says what each
// folder of src/ may import, eslint.config.js enforces it, and the README
// lists the folders. Three places a new folder or a new import must reach;
// this test fails when one of them is missed.
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';

// eslint's config is plain JavaScript with no types: loaded by a path the compiler does not follow.
const eslintConfig: string = '../../eslint.config.js';
const { LAYERS } = (await import(eslintConfig)) as { LAYERS: Record<string, string[]> };

const folders = fs
  .readdirSync('src', { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => e.name)
  .sort();

/** The layer table's rows: folder -> the layers its last column names ("nothing": none). */
function docTable(): Map<string, string[]> {
  const rows = new Map<string, string[]>();
  for (const line of fs.readFileSync('docs/architecture.md', 'utf8').split('\n')) {
    const m = /^\| `src\/([a-z]+)\/` \|.*\| ([^|]+) \|$/.exec(line);
    if (!m) continue;
    const imports = m[2]!.trim();
    // `everything` (commands) and parenthesised remarks name no layer of their own.
    const names =
      imports === 'everything'
        ? ['*']
        : [...imports.replace(/\([^)]*\)/g, '').matchAll(/`([a-z]+)`/g)].map((x) => x[1]!);
    rows.set(m[1]!, names.sort());
  }
  return rows;
}

describe('the layers as the docs draw them', () => {
  const table = docTable();
  const layers = LAYERS;

  it('has a row for every folder of src/, and no row for a folder that is gone', () => {
    expect([...table.keys()].sort()).toEqual(folders);
  });

  it('says of each folder what eslint lets it import', () => {
    for (const [folder, allowed] of Object.entries(layers))
      expect({ folder, imports: table.get(folder) }).toEqual({ folder, imports: [...allowed].sort() });
    // commands wires everything together: the one folder eslint does not narrow.
    expect(Object.keys(layers).sort()).toEqual(folders.filter((f) => f !== 'commands'));
  });

  it('lists every folder in the README', () => {
    const readme = fs.readFileSync('README.md', 'utf8');
    for (const f of folders) expect(readme).toMatch(new RegExp(`^src/${f}/ `, 'm'));
  });
});
