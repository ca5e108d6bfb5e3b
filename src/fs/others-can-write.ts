// Whether anybody but this user (and root) could change what is at a path:
// replace a binary that will run as root, or a script root will execute.
// Each folder on the way counts too: who can write a folder can rename what
// is in it and put something else there. A world-writable folder with the
// sticky bit (/tmp) is fine on the way, since others cannot rename what is
// not theirs in it; a group-writable one only when the group is this user's
// own (the private group of most Linux distributions).
import fs from 'node:fs';
import path from 'node:path';

export interface Identity {
  readonly uid: number;
  readonly gid: number;
}

const me = (): Identity => ({ uid: process.getuid?.() ?? 0, gid: process.getgid?.() ?? 0 });

/** Undefined when only this user and root can change `p`; otherwise a sentence naming what lets others. */
export function othersCanWrite(p: string, who: Identity = me()): string | undefined {
  const given = path.resolve(p);
  let real: string;
  try {
    real = fs.realpathSync(given);
  } catch (e) {
    return `${given} cannot be read (${(e as NodeJS.ErrnoException).code})`;
  }
  // The path as given (its links live in these folders) and where it leads.
  for (const chain of new Set([given, real])) {
    for (let dir = chain, leaf = true; ; leaf = false) {
      const why = openTo(dir, fs.lstatSync(dir), leaf, who);
      if (why) return `${given} can be changed by other users: ${why}`;
      const up = path.dirname(dir);
      if (up === dir) break;
      dir = up;
    }
  }
  return undefined;
}

/** Each regular file directly in `dir` (the binaries a --bin-dir holds), checked like the folder. */
export function othersCanWriteIn(dir: string, who: Identity = me()): string | undefined {
  const folder = othersCanWrite(dir, who);
  if (folder) return folder;
  for (const name of fs.readdirSync(dir)) {
    const file = path.join(dir, name);
    const st = fs.statSync(file, { throwIfNoEntry: false });
    if (!st?.isFile()) continue;
    const why = openTo(file, st, true, who);
    if (why) return `${file} can be changed by other users: ${why}`;
  }
  return undefined;
}

function openTo(p: string, st: fs.Stats, leaf: boolean, who: Identity): string | undefined {
  if (st.isSymbolicLink()) return undefined; // a link's own mode means nothing; its folder is checked
  if (st.uid !== who.uid && st.uid !== 0) return `${p} belongs to user ${st.uid}`;
  const sticky = (st.mode & 0o1000) !== 0 && st.isDirectory() && !leaf;
  if (st.mode & 0o002 && !sticky) return `${p} is writable by everyone`;
  if (st.mode & 0o020 && st.gid !== who.gid && !sticky) return `${p} is writable by its group (${st.gid})`;
  return undefined;
}
