// `demystify doctor`: what the workshop needs and what this host has.
import { doctorPassed, formatDoctor, runDoctor } from '../cluster/doctor/index.js';
import { EXIT } from './cli-error.js';
import type { Resolved } from './options.js';

export async function doctorCommand(r: Resolved, write: (s: string) => void): Promise<number> {
  const rows = await runDoctor({
    resolve: { binDir: r.binDir, cacheRoot: r.cacheRoot, versions: r.versions },
    mirror: r.mirror,
  });
  write(
    formatDoctor(rows, { color: r.color, width: Math.max(60, Math.min(process.stdout.columns ?? 80, 120)) }),
  );
  return doctorPassed(rows) ? EXIT.ok : EXIT.failed;
}
