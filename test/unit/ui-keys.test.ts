import { describe, expect, it } from 'vitest';
import {
  dispatch,
  footerHints,
  helpSections,
  hintLine,
  keyFor,
  lookup,
  lookupPrefixed,
  PREFIX,
  type Context,
} from '../../src/ui/key-bindings.js';
import { KEY_TABLE, type BindingSpec } from '../../src/ui/key-table.js';
import { controlByte, keyLabel, parseKeys } from '../../src/ui/keys.js';

describe('parseKeys', () => {
  it('names keys and keeps their raw bytes', () => {
    const keys = parseKeys('a\x07\r\x1b[A\x1bOB\x1b[5~\x1b[1;5C\x1b[Z\x7f\x03 é');
    expect(keys.map((k) => k.name)).toEqual([
      'a',
      'C-g',
      'enter',
      'up',
      'down',
      'pageup',
      'C-right',
      'S-tab',
      'backspace',
      'C-c',
      'space',
      'é',
    ]);
    expect(keys.map((k) => k.raw).join('')).toBe('a\x07\r\x1b[A\x1bOB\x1b[5~\x1b[1;5C\x1b[Z\x7f\x03 é');
  });

  it('reads Alt keys, a lone Escape and bracketed paste', () => {
    expect(parseKeys('\x1bx').map((k) => k.name)).toEqual(['M-x']);
    expect(parseKeys('\x1b').map((k) => k.name)).toEqual(['escape']);
    const [paste] = parseKeys('\x1b[200~echo hi\nls\x1b[201~');
    expect(paste).toEqual({ name: 'paste', raw: '\x1b[200~echo hi\nls\x1b[201~', text: 'echo hi\nls' });
  });

  it('labels keys for people', () => {
    expect(keyLabel('C-g')).toBe('Ctrl-g');
    expect(keyLabel('pageup')).toBe('PgUp');
    expect(controlByte(PREFIX)).toBe('\x07');
  });
});

describe('the key-binding table', () => {
  const contexts = Object.keys(KEY_TABLE) as Context[];
  const all = contexts.flatMap((context) =>
    (KEY_TABLE[context] as readonly BindingSpec[]).map((b) => ({ context, ...b })),
  );

  it('binds no key twice in one context, and no action twice', () => {
    const seen = new Set<string>();
    const actions = new Set<string>();
    for (const b of all) {
      expect(actions.has(`${b.context}:${b.action}`), `${b.context}:${b.action}`).toBe(false);
      actions.add(`${b.context}:${b.action}`);
      for (const k of b.keys) {
        const id = `${b.context}:${k}`;
        expect(seen.has(id), id).toBe(false);
        seen.add(id);
      }
    }
    const prefixed = all.flatMap((b) => b.prefixKeys ?? []);
    expect(new Set(prefixed).size).toBe(prefixed.length);
  });

  it('finds bindings with and without the prefix', () => {
    expect(lookup('main', 'r')?.action).toBe('run');
    expect(lookup('copy', '/')?.action).toBe('copy-search');
    expect(lookup('notes', '7')?.action).toBe('jump');
    expect(lookupPrefixed('z')?.action).toBe('zoom');
    expect(lookupPrefixed(PREFIX)?.action).toBe('send-prefix');
    // Ctrl-b stays with an outer tmux.
    expect(
      all.some((b) => b.prefixKeys?.includes('C-b') || (b.context === 'main' && b.keys.includes('C-b'))),
    ).toBe(false);
  });

  it('runs the one handler of the action a key is bound to', () => {
    const calls: string[] = [];
    const handlers = {
      'play-pause': (n: number) => calls.push(`play ${n}`),
      'marker-prev': (n: number) => calls.push(`prev ${n}`),
      'marker-next': (n: number) => calls.push(`next ${n}`),
      quit: (n: number) => calls.push(`quit ${n}`),
    };
    for (const key of parseKeys(' \x1b[D\x1b[Cqx')) dispatch('player', key.name, handlers, 1);
    expect(calls).toEqual(['play 1', 'prev 1', 'next 1', 'quit 1']);
    expect(dispatch('player', 'x', handlers, 1)).toEqual({ handled: false });
  });

  it('shows keys as the table has them, with or without the prefix', () => {
    expect(keyFor('main', 'next')).toBe('n');
    expect(keyFor('main', 'next', { prefixed: true })).toBe('Ctrl-g n');
    expect(keyFor('player', 'play-pause')).toBe('Space');
    expect(keyFor('notes', 'run', { all: true })).toBe('r/Space/Enter');
    expect(hintLine('notes')).toBe(
      'r run · n next · p back · h hint · 0-9 jump to chapter · q close the notes',
    );
  });

  it('generates the footer and the help from the same table', () => {
    expect(footerHints('main').slice(0, 3)).toEqual([
      { keys: 'r', label: 'run step' },
      { keys: 'n', label: 'next' },
      { keys: 'h', label: 'hint' },
    ]);
    expect(footerHints('main', true).map((h) => h.keys)).toContain('o');
    const main = helpSections()[0];
    expect(main?.rows.find((r) => r.help.startsWith('zoom'))).toEqual(
      expect.objectContaining({ keys: 'z', prefixed: 'Ctrl-g z' }),
    );
    expect(main?.rows.find((r) => r.help.startsWith('focus by number'))?.prefixed).toBe('Ctrl-g 0-9');
    const documented = helpSections().flatMap((s) => s.rows.map((r) => r.help));
    for (const b of all.filter((x) => ['main', 'lesson', 'copy', 'search', 'chapters'].includes(x.context)))
      expect(documented).toContain(b.help);
  });
});
