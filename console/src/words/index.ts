/**
 * The console's dictionary: the parts (console/src/words/*.ts, one per role's pages) merged per
 * language, and the translator the pages use. Plain TypeScript, no React: unit-tested.
 */
import type { Lang } from '../hub-errors';
import { adminWords } from './admin';
import { adminOperationsWords } from './admin-operations';
import { bankWords } from './bank';
import { regulatorWords } from './regulator';
import { shellWords } from './shell';

/** Every part by name, for the unit test that no part redefines another's key. */
export const WORD_PARTS = { shell: shellWords, bank: bankWords, regulator: regulatorWords, admin: adminWords, adminOperations: adminOperationsWords };

const PARTS = Object.values(WORD_PARTS);
const WORDS: Record<Lang, Record<string, string>> = {
  zh: Object.assign({}, ...PARTS.map((part) => part.zh)),
  en: Object.assign({}, ...PARTS.map((part) => part.en)),
};

type Key = keyof (typeof shellWords)['zh'];

export type Translate = (key: Key | string, values?: Record<string, string | number>) => string;

export function translator(lang: Lang): Translate {
  return (key, values) => {
    let text = WORDS[lang][key] ?? key;
    for (const [name, value] of Object.entries(values ?? {})) text = text.split(`{${name}}`).join(String(value));
    return text;
  };
}
