// A log spammer for bench/render.mjs: prints log-like lines (timestamp,
// level, colour, a counter) at a fixed rate or as fast as its terminal takes
// them, and keeps the number of lines written in a file, so the bench can
// tell whether whoever draws the terminal slowed it down.
//
//   node bench/render-log.mjs <lines-per-second | 0 for full speed> <count-file>
import fs from 'node:fs';

const rate = Number(process.argv[2] ?? 1000);
const countFile = process.argv[3];
let n = 0;

const levels = ['\x1b[32mINFO\x1b[0m', '\x1b[33mWARN\x1b[0m', '\x1b[36mDEBUG\x1b[0m'];
const line = () => {
  n += 1;
  const t = new Date().toISOString();
  return `${t} ${levels[n % 3]} component=bench seq=${n} msg="handled request" path=/api/v1/namespaces/default/pods latency=${n % 997}us\n`;
};

function saveCount() {
  if (countFile) fs.writeFileSync(countFile, `${n} ${Date.now()}\n`);
}
setInterval(saveCount, 200).unref();
process.on('SIGTERM', () => {
  saveCount();
  process.exit(0);
});

// Every byte reaches the terminal (fd 1 is used directly, never process.stdout,
// so it stays blocking); a short sleep if it was made non-blocking anyway.
const pause = new Int32Array(new SharedArrayBuffer(4));
function writeAll(text) {
  const buf = Buffer.from(text);
  let off = 0;
  while (off < buf.length) {
    try {
      off += fs.writeSync(1, buf, off);
    } catch (e) {
      if (e.code !== 'EAGAIN') throw e;
      Atomics.wait(pause, 0, 0, 1);
    }
  }
}

// A readiness marker for the workshop step that starts this pane.
writeAll('render-log started\n');

if (rate > 0) {
  // Batches every 10 ms, catching up on lost time, so the average rate holds.
  const start = Date.now();
  setInterval(() => {
    const due = Math.floor(((Date.now() - start) / 1000) * rate);
    let out = '';
    while (n < due) out += line();
    if (out) writeAll(out);
  }, 10);
} else {
  // Full speed: a terminal write blocks when the reader is behind, which is the point.
  const spin = () => {
    let out = '';
    for (let i = 0; i < 200; i += 1) out += line();
    writeAll(out);
    setImmediate(spin);
  };
  spin();
}
