/**
 * A part of the console's words, kept beside the pages that use them (one file per role's pages):
 * Chinese first, and English for every Chinese key (the type checker refuses a missing one).
 * console/src/i18n.tsx merges the parts into one dictionary per language.
 */
export function defineWords<Zh extends Record<string, string>>(zh: Zh, en: Record<keyof Zh, string>): { zh: Zh; en: Record<keyof Zh, string> } {
  return { zh, en };
}
