// Which language the lessons are shown in. The learner's choice comes first
// (--lang, DEMYSTIFY_LANG), then the locale (LANGUAGE's list, LC_ALL,
// LC_MESSAGES, LANG: "fr_FR.UTF-8" asks for fr-FR, then fr); the first one the
// workshop has a translation in wins, else the language it is written in.

/** "fr_FR.UTF-8" -> ["fr-FR", "fr"]; "C" and "POSIX" ask for nothing. */
export function localeLanguages(locale: string | undefined): string[] {
  const tag = (locale ?? '').split(/[.@]/)[0]!.replace('_', '-');
  if (!tag || tag === 'C' || tag === 'POSIX') return [];
  const base = tag.split('-')[0]!.toLowerCase();
  return tag.includes('-') ? [tag, base] : [base];
}

/** The locale's languages, first choice first, as the C library reads them. */
export function preferredLanguages(env: NodeJS.ProcessEnv): string[] {
  const locale = env.LC_ALL || env.LC_MESSAGES || env.LANG;
  // GNU gettext reads LANGUAGE (a list, "fr:en") only when the locale is not C.
  const list = locale && localeLanguages(locale).length ? (env.LANGUAGE ?? '').split(':') : [];
  return [...new Set([...list.flatMap(localeLanguages), ...localeLanguages(locale)])];
}

/** The first preferred language the workshop has (written in, or translated to); else the one it is written in. */
export function pickLanguage(
  preferred: readonly string[],
  written: string,
  translated: readonly string[],
): string {
  const has = [written, ...translated];
  for (const want of preferred) {
    const found = has.find((h) => h.toLowerCase() === want.toLowerCase());
    if (found) return found;
  }
  return written;
}
