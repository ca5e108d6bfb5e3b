// One JSON value per line over a byte stream: the helper's and the agents'
// wire format. A line that is not JSON is dropped, never fatal: a stray line
// on a pipe must not take down the root side.
import type { Readable, Writable } from 'node:stream';

export function readJsonLines(input: Readable, onValue: (value: unknown) => void, onEnd: () => void): void {
  let buffer = '';
  input.setEncoding('utf8');
  input.on('data', (chunk: string) => {
    buffer += chunk;
    let nl: number;
    while ((nl = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, nl);
      buffer = buffer.slice(nl + 1);
      if (!line.trim()) continue;
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch {
        continue;
      }
      onValue(value);
    }
  });
  input.on('end', onEnd);
  input.on('close', onEnd);
  input.on('error', onEnd);
}

export function writeJsonLine(output: Writable, value: unknown): void {
  if (!output.writable) return;
  output.write(`${JSON.stringify(value)}\n`);
}
