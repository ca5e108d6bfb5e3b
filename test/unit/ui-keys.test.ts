import { describe, expect, it } from 'vitest';
import {
  BINDINGS,
  footerHints,
  helpSections,
  lookup,
  lookupPrefixed,
  PREFIX,
} from '../../src/ui/key-bindings.js';
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
  it('binds no key twice in one context', () => {
    const seen = new Set<string>();
    for (const b of BINDINGS) {
      for (const k of b.keys) {
        const id = `${b.context}:${k}`;
        expect(seen.has(id), id).toBe(false);
        seen.add(id);
      }
    }
    const prefixed = BINDINGS.flatMap((b) => b.prefixKeys ?? []);
    expect(new Set(prefixed).size).toBe(prefixed.length);
  });

  it('finds bindings with and without the prefix', () => {
    expect(lookup('main', 'r')?.action).toBe('run');
    expect(lookup('copy', '/')?.action).toBe('copy-search');
    expect(lookupPrefixed('z')?.action).toBe('zoom');
    expect(lookupPrefixed(PREFIX)?.action).toBe('send-prefix');
    // Ctrl-b stays with an outer tmux.
    expect(
      BINDINGS.some((b) => b.prefixKeys?.includes('C-b') || (b.context === 'main' && b.keys.includes('C-b'))),
    ).toBe(false);
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
    const documented = helpSections().flatMap((s) => s.rows.map((r) => r.help));
    for (const b of BINDINGS.filter((x) => ['main', 'lesson', 'copy', 'chapters'].includes(x.context)))
      expect(documented).toContain(b.help);
  });
});
