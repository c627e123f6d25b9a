/**
 * The console's words: each part (the shell and county clerks', each other role's) has an English
 * word for every Chinese one, none empty, and no part redefines a key of another (a later part
 * would silently win in the merged dictionary).
 */
import { translator, WORD_PARTS } from '../../console/src/words';

describe("the console's words", () => {
  it('gives every Chinese word an English one, none empty', () => {
    for (const [name, part] of Object.entries(WORD_PARTS)) {
      const zh = part.zh as Record<string, string>;
      const en = part.en as Record<string, string>;
      expect({ name, missing: Object.keys(zh).filter((key) => !en[key]?.trim()) }).toEqual({ name, missing: [] });
      expect({ name, onlyEnglish: Object.keys(en).filter((key) => !(key in zh)) }).toEqual({ name, onlyEnglish: [] });
    }
  });

  it('keeps every key in one part only', () => {
    const owner = new Map<string, string>();
    const twice: string[] = [];
    for (const [name, part] of Object.entries(WORD_PARTS))
      for (const key of Object.keys(part.zh)) {
        if (owner.has(key)) twice.push(`${key}: ${owner.get(key)} and ${name}`);
        owner.set(key, name);
      }
    expect(twice).toEqual([]);
  });

  it('fills in values and falls back to the key for an unknown word', () => {
    expect(translator('zh')('replayed', { n: 7 })).toBe('推送 7 已重新排队');
    expect(translator('en')('replayed', { n: 7 })).toBe('delivery 7 is back in line');
    expect(translator('en')('no-such-word')).toBe('no-such-word');
  });
});
