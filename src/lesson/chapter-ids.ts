// The chapter ids of a lessons folder, read from each file's front matter
// without parsing the chapters: what shell completion offers on each Tab,
// where a full load would be slow for nothing. Lessons that do not load give
// what can be read (completion never reports errors; lint does).
import fs from 'node:fs/promises';
import { listLessonFiles } from './load.js';

export async function loadChapterIds(lessonsDir: string): Promise<string[]> {
  const ids: string[] = [];
  for (const file of await listLessonFiles(lessonsDir)) {
    const text = await fs.readFile(file, 'utf8').catch(() => '');
    const front = /^---\r?\n([\s\S]*?)\r?\n(?:---|\.\.\.)\s*$/m.exec(text);
    const id = front && text.startsWith('---') ? /^id:\s*["']?([\w.-]+)["']?\s*$/m.exec(front[1]!) : null;
    if (id) ids.push(id[1]!);
  }
  return ids;
}
