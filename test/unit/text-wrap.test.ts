import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  columns,
  CONTINUED,
  splitWord,
  unwrap,
  wrapPre,
  wrapPreLine,
  wrapWords,
} from '../../src/text/wrap.js';

describe('wrapping text without losing a character', () => {
  it('wraps sentences at spaces, keeps a hanging indent, and marks a word split because it is longer than a line', () => {
    expect(wrapWords('one two three four five', 9)).toEqual(['one two', 'three', 'four five']);
    expect(wrapWords('  - a list item that wraps', 14)).toEqual(['  - a list', '  item that', '  wraps']);
    expect(wrapWords('see https://example.com/a/very/long/path here', 21)).toEqual([
      'see',
      `https://example.com/${CONTINUED}`,
      'a/very/long/path here',
    ]);
  });

  it('leaves a preformatted line that fits as it is, and breaks one that does not at a space with a mark', () => {
    expect(wrapPreLine('kubectl get pods', 20)).toEqual(['kubectl get pods']);
    expect(wrapPreLine('  --etcd-servers=https://127.0.0.1:2379 --etcd-cafile=ca.pem \\', 44)).toEqual([
      `  --etcd-servers=https://127.0.0.1:2379 ${CONTINUED}`,
      '    --etcd-cafile=ca.pem \\',
    ]);
  });

  it('splits a word longer than the line after a path separator, never in the middle of a name when one fits', () => {
    const line = '  --etcd-certfile="$WORKSPACE/pki/kube-apiserver-etcd-client.pem" \\';
    const out = wrapPreLine(line, 50);
    expect(out[0]).toBe(`  --etcd-certfile="$WORKSPACE/pki/${CONTINUED}`);
    expect(unwrap(out)).toEqual([line]);
    expect(splitWord('kube-apiserver-etcd-client.pem', 16)).toEqual([
      `kube-apiserver-${CONTINUED}`,
      `etcd-client.pem`,
    ]);
  });

  it('never makes a line wider than asked, and unwrapping gives back the text (any text, any width)', () => {
    const word = fc.stringMatching(/^[a-z0-9"$/=:.,-]{1,14}$/);
    const text = fc.array(fc.oneof(fc.constantFrom(' ', '  ', '      ', 'é', '─'), word), { maxLength: 30 });
    fc.assert(
      fc.property(text, fc.integer({ min: 8, max: 100 }), (parts, width) => {
        const line = parts
          .join('')
          .replace(/[\n\r\u21a9]/g, 'x')
          .trimEnd();
        const out = wrapPre(line, width);
        for (const l of out) expect(columns(l)).toBeLessThanOrEqual(width);
        // Words come back exactly; a run of spaces wider than the line (or a deep indent) may shrink.
        const back = unwrap(out);
        expect(back).toHaveLength(1);
        expect(back[0]!.trim().split(/ +/)).toEqual(line.trim().split(/ +/));
        if (!/ {2}/.test(line.trim()) && columns(line) - columns(line.trimStart()) < width - 4)
          expect(back[0]).toBe(line);
      }),
      { numRuns: 2000 },
    );
  });
});
