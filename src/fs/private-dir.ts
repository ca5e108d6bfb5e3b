// demystify's own folders (its state: progress, pid records, the shell's
// exported variables, the journal, sockets) are the learner's alone: made
// 0700, and narrowed to 0700 when an older version left them open to others.
import fs from 'node:fs/promises';

export async function ensurePrivateDir(dir: string): Promise<void> {
  await fs.mkdir(dir, { recursive: true, mode: 0o700 });
  const st = await fs.stat(dir);
  // Only our own folder is ours to narrow; someone else's is left as it is (and will refuse our writes).
  if ((st.mode & 0o077) !== 0 && st.uid === process.getuid?.()) await fs.chmod(dir, 0o700);
}
