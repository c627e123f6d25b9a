/** The console's language context (which language, its translator, the switch); the words themselves are in ./words/. */
import { createContext, useContext } from 'react';
import type { Lang } from './hub-errors';
import { translator, type Translate } from './words';

export { translator, WORD_PARTS, type Translate } from './words';

export const LangContext = createContext<{ lang: Lang; t: Translate; setLang: (lang: Lang) => void }>({
  lang: 'zh',
  t: translator('zh'),
  setLang: () => undefined,
});

export const useLang = () => useContext(LangContext);

/** 户类型 as the hub's enum spells it. */
export const CATEGORY: Record<string, { zh: string; en: string }> = {
  LIFTED_OUT: { zh: '脱贫户', en: 'lifted out' },
  UNSTABLE_LIFTED: { zh: '脱贫不稳定户', en: 'unstable, lifted out' },
  EDGE_AT_RISK: { zh: '边缘易致贫户', en: 'at the edge, at risk' },
  SUDDEN_HARDSHIP: { zh: '突发严重困难户', en: 'sudden severe hardship' },
};
