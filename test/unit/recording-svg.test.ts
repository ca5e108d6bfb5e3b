// A terminal recording as pictures: the screens an asciicast makes (through
// the real emulator), a still and a looping animation of them.
import { describe, expect, it } from 'vitest';
import { encodeEvent, encodeHeader, parseAsciicast } from '../../src/recording/asciicast.js';
import { castFrames, paletteColour } from '../../src/recording/cast-frames.js';
import { animatedSvg, screenSvg } from '../../src/recording/cast-svg.js';

function cast(events: [number, string][]) {
  const text =
    encodeHeader({ version: 2, width: 20, height: 3 }) +
    events.map(([time, data]) => encodeEvent({ time, code: 'o', data })).join('');
  return parseAsciicast(text);
}

describe('a recording as SVG', () => {
  it('reads the screens an asciicast makes, at most a few a second, and shortens long pauses', async () => {
    const frames = await castFrames(
      cast([
        [0, 'one'],
        [0.01, '\r\n\x1b[1;31mtwo\x1b[0m'],
        [0.5, '\x1b[H\x1b[7mthree'],
        [30, '\x1b[2J\x1b[Hlater'],
      ]),
      { fps: 4, maxIdle: 2 },
    );
    // 'one' and 'two' came within one frame's time: one screen holds both.
    expect(
      frames.map((f) =>
        f.rows.map((r) =>
          r
            .map((x) => x.text)
            .join('')
            .trimEnd(),
        ),
      ),
    ).toEqual([
      ['one', 'two', ''],
      ['three', 'two', ''],
      ['later', '', ''],
    ]);
    expect(frames.map((f) => f.time)).toEqual([0.01, 0.5, 2.5]);
    const two = frames[0]!.rows[1]![0]!;
    expect(two).toMatchObject({ text: 'two', fg: paletteColour(1), bold: true });
    // Reverse video swaps the colours.
    expect(frames[1]!.rows[0]![0]).toMatchObject({ text: 'three', bg: expect.stringMatching(/^#/) });
  });

  it('draws a still with every character in its column, and an animation that reuses repeated rows', async () => {
    const frames = await castFrames(
      cast([
        [0, 'a <b> & c\r\nsame row'],
        [1, '\x1b[Hchanged  '],
      ]),
    );
    const still = screenSvg(frames[0]!, { cols: 20, rows: 3 });
    expect(still).toContain('>a &lt;b&gt; &amp; c</text>');
    // Each run is stretched to its columns (8.4 px a column at 14 px).
    expect(still).toContain('textLength="75.6"');
    const film = animatedSvg(frames, { cols: 20, rows: 3, hold: 1 });
    expect(film.match(/<g id=/g)).toHaveLength(3);
    expect(film.match(/<use /g)).toHaveLength(4);
    expect(film).toMatch(/animation:play 2s steps\(1,end\) infinite/);
    expect(film).toContain('50%{transform:translateY(-54px)}');
  });
});
