// Vitest global setup: the tests start `node` from PATH (the CLI, fixtures,
// tmux panes) while vitest itself runs on whatever node started it. Under the
// Node-line matrix (.ci/run) both must be the same line, or a suite would
// claim a line it did not test.
import { execFileSync } from 'node:child_process';

export default function sameNode(): void {
  let onPath: string;
  try {
    onPath = execFileSync('node', ['-p', 'process.version'], { encoding: 'utf8' }).trim();
  } catch {
    throw new Error('the tests start `node` from PATH, and there is none');
  }
  if (onPath !== process.version) {
    throw new Error(
      `vitest runs on Node ${process.version} but the node on PATH is ${onPath}: put one line first on PATH (scripts/with-node.sh 22 npm test)`,
    );
  }
}
