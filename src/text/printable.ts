// Text that came from outside demystify - a command's output quoted in a
// failure reason, a component's last lines, an error message - made safe to
// draw outside a pane: every terminal escape sequence and control character
// removed, so none of it can move the cursor, retitle the window, rewrite
// the clipboard (OSC 52), hide text or reorder it. Newlines stay (reasons are
// several lines); a tab becomes a space. The one filter for the engine's
// state, the headless output and the UI alike.

/** ESC or the 8-bit C1 forms of CSI, OSC, DCS, SOS, PM, APC: each begins a sequence, not a character. */
const STRING_STARTS = new Set(['P', 'X', '^', '_', ']']);
/** Bidirectional overrides and isolates: they reorder what follows ("trojan source"). */
const BIDI = /[\u202a-\u202e\u2066-\u2069]/;

export function printable(text: string): string {
  // Most text has nothing to remove: leave it as it is.
  if (!/[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/.test(text)) return text;
  let out = '';
  const chars = [...text];
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i]!;
    const code = c.codePointAt(0)!;
    if (c === '\n') out += c;
    else if (c === '\t') out += ' ';
    else if (
      c === '\x1b' ||
      code === 0x9b ||
      code === 0x9d ||
      code === 0x90 ||
      code === 0x98 ||
      code === 0x9e ||
      code === 0x9f
    ) {
      i = skipSequence(chars, i);
    } else if (code < 0x20 || (code >= 0x7f && code <= 0x9f) || BIDI.test(c)) continue;
    else out += c;
  }
  return out;
}

/** The index of the last character of the sequence that starts at `i`. */
function skipSequence(chars: readonly string[], i: number): number {
  const c = chars[i]!;
  let kind: 'csi' | 'string' | 'one';
  let j = i + 1;
  if (c === '\x1b') {
    const next = chars[j];
    if (next === undefined) return i;
    if (next === '[') kind = 'csi';
    else if (STRING_STARTS.has(next)) kind = 'string';
    else kind = 'one';
    j++;
  } else kind = c === '\x9b' ? 'csi' : 'string';
  if (kind === 'one') return j - 1;
  for (; j < chars.length; j++) {
    const code = chars[j]!.codePointAt(0)!;
    // CSI: parameters and intermediates, then one final byte (@ to ~).
    if (kind === 'csi' && code >= 0x40 && code <= 0x7e) return j;
    if (kind === 'csi' && (code < 0x20 || code > 0x3f) && !(code >= 0x20 && code <= 0x2f)) return j - 1;
    // A string (OSC, DCS, ...) ends with BEL, ST (ESC \) or the 8-bit ST.
    if (kind === 'string' && (code === 0x07 || code === 0x9c)) return j;
    if (kind === 'string' && code === 0x1b) return chars[j + 1] === '\\' ? j + 1 : j - 1;
  }
  return chars.length - 1;
}
