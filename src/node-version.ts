// Imported first by cli.ts, so it runs before any dependency is evaluated:
// on a Node.js older than the dependencies need (execa 10 calls Set methods
// Node 20 lacks; undici 8 needs 22.19), a learner gets a sentence instead of
// a TypeError from inside node_modules. It imports nothing on purpose.

/** The oldest Node.js demystify runs on: keep in step with package.json "engines". */
export const MINIMUM_NODE = '22.19.0';

/** Whether version "a.b.c" is at least "x.y.z". */
export function atLeast(version: string, minimum: string): boolean {
  const a = version.split('.').map(Number);
  const b = minimum.split('.').map(Number);
  for (let i = 0; i < 3; i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d > 0;
  }
  return true;
}

if (!atLeast(process.versions.node, MINIMUM_NODE)) {
  process.stderr.write(
    `demystify needs Node.js ${MINIMUM_NODE} or newer (the 22, 24 and 26 lines); this is Node.js ${process.versions.node}. Install a current Node.js and run it again.\n`,
  );
  // Exit here: evaluating the next import would already fail on this Node.
  process.exit(1);
}
